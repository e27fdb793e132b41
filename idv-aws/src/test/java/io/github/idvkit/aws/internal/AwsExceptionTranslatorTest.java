package io.github.idvkit.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.IdvException;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.ProviderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsExceptionTranslatorTest {

  private static AwsServiceException service(String code, int status) {
    return AwsServiceException.builder()
        .message("raw AWS message that may echo input: alice@example.com")
        .statusCode(status)
        .requestId("req-123")
        .awsErrorDetails(
            AwsErrorDetails.builder().errorCode(code).errorMessage("alice@example.com").build())
        .build();
  }

  private static IdvException translate(RuntimeException e) {
    return AwsExceptionTranslator.translate(e, "rekognition", "IndexFaces", "collection 'users'");
  }

  @ParameterizedTest(name = "{0} HTTP {1} -> {2}")
  @CsvSource({
    "ThrottlingException, 400, THROTTLED",
    "ProvisionedThroughputExceededException, 400, THROTTLED",
    "LimitExceededException, 400, THROTTLED",
    "SlowDown, 503, THROTTLED",
    "SomethingNew, 429, THROTTLED",
    "InternalServerError, 500, UNAVAILABLE",
    "ServiceUnavailable, 503, UNAVAILABLE",
    "SomethingNew, 502, UNAVAILABLE",
    "ConditionalCheckFailedException, 400, CONFLICT",
    "ConflictException, 400, CONFLICT",
    "RequestTimeout, 400, TIMEOUT",
    "InvalidParameterException, 400, REJECTED",
    "ValidationException, 400, REJECTED",
  })
  void translate_serviceError_isProviderExceptionOfKind(String code, int status, String kind) {
    IdvException translated = translate(service(code, status));

    assertThat(translated).isInstanceOfSatisfying(ProviderException.class, e -> {
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.valueOf(kind));
      assertThat(e.retryable()).isEqualTo(ProviderException.Kind.valueOf(kind).retryable());
      assertThat(e.requestId()).contains("req-123");
      assertThat(e.provider()).isEqualTo("rekognition");
      assertThat(e.operation()).isEqualTo("IndexFaces");
    });
  }

  @ParameterizedTest(name = "{0} HTTP {1}")
  @CsvSource({
    "AccessDeniedException, 400",
    "AccessDenied, 403",
    "UnrecognizedClientException, 400",
    "InvalidSignatureException, 400",
    "SignatureDoesNotMatch, 403",
    "ExpiredTokenException, 400",
    "SomethingNew, 403",
    "ResourceNotFoundException, 400",
    "NoSuchBucket, 404",
    "InvalidS3ObjectException, 400",
    "ServiceQuotaExceededException, 400",
  })
  void translate_setupError_isConfigurationException(String code, int status) {
    IdvException translated = translate(service(code, status));

    assertThat(translated).isInstanceOf(ConfigurationException.class);
    assertThat(translated.retryable()).isFalse();
    assertThat(translated.getMessage()).contains(code).contains("req-123");
  }

  @Test
  void translate_imageErrors_areInvalidImageExceptions() {
    assertThat(translate(service("InvalidImageFormatException", 400)))
        .isInstanceOfSatisfying(InvalidImageException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidImageException.Reason.UNSUPPORTED_FORMAT));
    assertThat(translate(service("ImageTooLargeException", 400)))
        .isInstanceOfSatisfying(InvalidImageException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidImageException.Reason.TOO_MANY_BYTES));
  }

  @Test
  void translate_anyError_keepsCauseAndLeavesAwsMessageOut() {
    AwsServiceException cause = service("InvalidParameterException", 400);

    IdvException translated = translate(cause);

    assertThat(translated).hasCause(cause);
    assertThat(translated.getMessage())
        .contains("collection 'users'")
        .doesNotContain("alice@example.com");
  }

  @Test
  void translate_clientSideFailures_areRetryable() {
    IdvException timeout = translate(ApiCallTimeoutException.create(1000));
    IdvException io = translate(SdkClientException.create("Connection refused"));
    IdvException unchecked = translate(new UncheckedIOException(new IOException("reset")));

    assertThat(timeout).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT));
    assertThat(io).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE));
    assertThat(unchecked.retryable()).isTrue();
  }

  @Test
  void translate_noCredentials_isConfigurationExceptionThatSaysHowToFixIt() {
    SdkClientException noCredentials = SdkClientException.create(
        "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain("
            + "credentialsProviders=[SystemPropertyCredentialsProvider()]) : [SystemPropertyCredentialsProvider():"
            + " Unable to load credentials from system settings.]");

    IdvException translated = AwsExceptionTranslator.translate(
        noCredentials, "dynamodb", "Query", "table 'signup-faces'");

    assertThat(translated).isInstanceOf(ConfigurationException.class).hasCause(noCredentials);
    assertThat(translated.retryable()).isFalse();
    assertThat(translated.getMessage())
        .startsWith("dynamodb Query on table 'signup-faces' could not load AWS credentials"
            + " (SdkClientException: Unable to load credentials from any of the providers in the chain)")
        .contains("AWS_PROFILE")
        .doesNotContain("try again");
  }

  @Test
  void translate_unreachableService_staysRetryable() {
    IdvException translated = translate(SdkClientException.create("Unable to execute HTTP request: Connection refused"));

    assertThat(translated).isInstanceOf(ProviderException.class);
    assertThat(translated.retryable()).isTrue();
  }

  @Test
  void translate_missingErrorCode_usesUnknown() {
    AwsServiceException bare = AwsServiceException.builder().statusCode(400).build();

    assertThat(translate(bare).getMessage()).contains("Unknown");
  }
}
