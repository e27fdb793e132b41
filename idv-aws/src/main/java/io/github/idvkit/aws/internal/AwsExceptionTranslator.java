package io.github.idvkit.aws.internal;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.IdvException;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.ProviderException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Translates AWS SDK exceptions into the {@link IdvException} family, once per provider call. Not
 * API.
 *
 * <ul>
 *   <li>Throttling (any code the SDK counts as throttling, HTTP 429, Rekognition's {@code
 *       ProvisionedThroughputExceededException} and {@code LimitExceededException}) becomes a
 *       retryable {@link ProviderException.Kind#THROTTLED}.
 *   <li>HTTP 5xx and client-side I/O failures become a retryable {@link
 *       ProviderException.Kind#UNAVAILABLE}; time-outs a retryable {@link
 *       ProviderException.Kind#TIMEOUT}; write conflicts a retryable {@link
 *       ProviderException.Kind#CONFLICT}.
 *   <li>Access denied, bad credentials, a missing collection, bucket or table, an unreadable S3
 *       source image and exceeded service quotas become a {@link ConfigurationException}.
 *   <li>No credentials at all (the client's credentials provider failed before any request was
 *       sent, as the default chain does with {@code "Unable to load credentials from any of the
 *       providers in the chain"}) becomes a {@link ConfigurationException}: no retry can help until
 *       credentials are configured.
 *   <li>Rekognition's image errors become an {@link InvalidImageException}.
 *   <li>Any other 4xx becomes a non-retryable {@link ProviderException.Kind#REJECTED}.
 * </ul>
 *
 * <p>The AWS exception stays the cause and its request id is kept. Messages carry the error code,
 * the HTTP status and the safe resource name, never the AWS message (which may echo request
 * content).
 */
public final class AwsExceptionTranslator {

  /** Error codes (lower case) and what they mean; translateService maps each meaning once. */
  private static final Map<String, String> CODES = codes(
      "throttled", "throttlingexception throttling throttledexception provisionedthroughputexceededexception"
          + " requestlimitexceeded limitexceededexception toomanyrequestsexception slowdown"
          + " requestthrottled requestthrottledexception bandwidthlimitexceeded",
      "access", "accessdeniedexception accessdenied unrecognizedclientexception invalidsignatureexception"
          + " signaturedoesnotmatch invalidaccesskeyid expiredtoken expiredtokenexception"
          + " invalidclienttokenid missingauthenticationtoken allaccessdisabled incompletesignature"
          + " kms.accessdeniedexception kms.disabledexception kms.notfoundexception",
      "missing", "resourcenotfoundexception nosuchbucket",
      "conflict", "conflictexception conditionalcheckfailedexception transactionconflictexception operationaborted",
      "timeout", "requesttimeout requesttimeoutexception",
      "unavailable", "internalservererror internalservererrorexception internalfailure serviceunavailable"
          + " serviceunavailableexception",
      "quota", "servicequotaexceededexception",
      "image-format", "invalidimageformatexception",
      "image-size", "imagetoolargeexception",
      "s3object", "invalids3objectexception");

  private static Map<String, String> codes(String... meaningsAndCodes) {
    Map<String, String> codes = new HashMap<>();
    for (int i = 0; i < meaningsAndCodes.length; i += 2) {
      for (String code : meaningsAndCodes[i + 1].split(" ")) {
        codes.put(code, meaningsAndCodes[i]);
      }
    }
    return Map.copyOf(codes);
  }

  private AwsExceptionTranslator() {}

  /**
   * Runs an AWS call and translates any SDK exception it throws. The provider is a name such as
   * {@code "rekognition"}, the operation AWS's ({@code "IndexFaces"}), the resource a safe
   * description ({@code "collection 'users'"}).
   */
  public static <T> T call(String provider, String operation, String resource, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException | UncheckedIOException e) {
      throw translate(e, provider, operation, resource);
    }
  }

  /**
   * Runs an AWS call whose {@code expected} exception is an answer, not a failure (a missing
   * resource, a failed condition): empty then; any other failure is translated. The call must not
   * return {@code null}.
   */
  public static <T> Optional<T> callUnless(Class<? extends RuntimeException> expected, String provider,
      String operation, String resource, Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      if (expected.isInstance(e)) {
        return Optional.empty();
      }
      throw translate(e, provider, operation, resource);
    }
    return Optional.of(result);
  }

  /** Translates one exception an AWS client threw into the idv exception to throw. */
  public static IdvException translate(RuntimeException e, String provider, String operation, String resource) {
    if (e instanceof AwsServiceException service) {
      return translateService(service, provider, operation, resource);
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new ProviderException(ProviderException.Kind.TIMEOUT, provider, operation, null,
          "the call on " + resource + " timed out; try again, or raise the client's time-outs", e);
    }
    if (e instanceof AbortedException) {
      return new ProviderException(ProviderException.Kind.UNAVAILABLE, provider, operation, null,
          "the call on " + resource + " was aborted (interrupted or client closed)", e);
    }
    if (e instanceof SdkClientException && credentialsMissing(e)) {
      return new ConfigurationException(
          provider + " " + operation + " on " + resource + " could not load AWS credentials ("
              + credentialsCause(e) + "); configure credentials for the default chain (the"
              + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables, AWS_PROFILE with"
              + " ~/.aws/credentials or an SSO login, or an instance/container role), or give the"
              + " builder a credentialsProvider(...)",
          e);
    }
    String what = e instanceof SdkClientException ? "could not reach the service" : "I/O failure";
    return new ProviderException(ProviderException.Kind.UNAVAILABLE, provider, operation, null,
        what + " for " + resource + " (" + e.getClass().getSimpleName() + "); try again", e);
  }

  /**
   * Tells whether a client-side failure came from resolving credentials, which happens before any
   * request is sent: the credentials providers of the SDK throw it (their class is on top of the
   * stack), and their messages say so. Checked along the cause chain.
   */
  static boolean credentialsMissing(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (message.contains("unable to load credentials")
          || message.contains("unable to load aws credentials")
          || message.contains("contained no credentials")
          || message.contains("access key must be specified")) {
        return true;
      }
      StackTraceElement[] stack = t.getStackTrace();
      for (int i = 0; i < Math.min(stack.length, 6); i++) {
        String type = stack[i].getClassName();
        if (type.startsWith("software.amazon.awssdk.auth.credentials.")
            || type.startsWith("software.amazon.awssdk.services.sso.auth.")
            || type.startsWith("software.amazon.awssdk.services.sts.auth.")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The first sentence of the credentials failure: what the chain tried, no request content. */
  private static String credentialsCause(Throwable e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    int cut = message.indexOf(" AwsCredentialsProviderChain(");
    if (cut < 0) {
      cut = message.indexOf(". ");
    }
    String first = cut < 0 ? message : message.substring(0, cut);
    if (first.length() > 160) {
      first = first.substring(0, 160) + "...";
    }
    return e.getClass().getSimpleName() + ": " + first;
  }

  private static IdvException translateService(
      AwsServiceException e, String provider, String operation, String resource) {
    String code = errorCode(e);
    int status = e.statusCode();
    @Nullable String requestId = e.requestId();
    String detail = code + ", HTTP " + status + (requestId == null ? "" : ", requestId " + requestId);
    String call = provider + " " + operation;
    String meaning = CODES.getOrDefault(code.toLowerCase(Locale.ROOT), "");
    if (!meaning.startsWith("image") && !meaning.equals("s3object")) { // the status decides where the code does not
      meaning = meaning.equals("throttled") || e.isThrottlingException() || status == 429 ? "throttled"
          : meaning.equals("access") || status == 401 || status == 403 ? "access"
          : !meaning.isEmpty() ? meaning
          : status >= 500 ? "unavailable" : "rejected";
    }
    return switch (meaning) {
      case "image-format" -> new InvalidImageException(InvalidImageException.Reason.UNSUPPORTED_FORMAT,
          call + " could not read the image (" + detail + "); send a JPEG or PNG", e);
      case "image-size" -> new InvalidImageException(InvalidImageException.Reason.TOO_MANY_BYTES,
          call + " refused the image as too large (" + detail + "); normalise it with ImageLimits.rekognition()", e);
      case "s3object" -> new ConfigurationException(call + " could not read the stored image on " + resource + " ("
          + detail + "); check that the object exists and that Rekognition may read it", e);
      case "throttled" -> new ProviderException(ProviderException.Kind.THROTTLED, provider, operation, requestId,
          "throttled on " + resource + " (" + code + "); retry later or raise the account's limits", e);
      case "access" -> new ConfigurationException(call + " was denied on " + resource + " (" + detail
          + "); check the credentials and that the IAM policy allows " + provider + ":" + operation, e);
      case "missing" -> new ConfigurationException(call + ": " + resource + " does not exist (" + detail
          + "); create it (see the provisioning helpers) or fix its name", e);
      case "quota" -> new ConfigurationException(
          call + " exceeded a service quota on " + resource + " (" + detail + "); raise the quota", e);
      case "conflict" -> new ProviderException(ProviderException.Kind.CONFLICT, provider, operation, requestId,
          "conflicting write on " + resource + " (" + code + "); try again", e);
      case "timeout" -> new ProviderException(ProviderException.Kind.TIMEOUT, provider, operation, requestId,
          "timed out on " + resource + " (" + code + ")", e);
      case "unavailable" -> new ProviderException(ProviderException.Kind.UNAVAILABLE, provider, operation, requestId,
          "the service failed on " + resource + " (" + code + ", HTTP " + status + "); try again", e);
      default -> new ProviderException(ProviderException.Kind.REJECTED, provider, operation, requestId,
          "the request on " + resource + " was refused (" + code + ", HTTP " + status + ")", e);
    };
  }

  /** The request id of a response, or {@code null}. */
  public static @Nullable String requestId(AwsResponse response) {
    return response.responseMetadata() == null ? null : response.responseMetadata().requestId();
  }

  /** The AWS error code of a service exception, or {@code "Unknown"}. */
  public static String errorCode(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return code == null || code.isBlank() ? "Unknown" : code;
  }
}
