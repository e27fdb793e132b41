package io.github.idvkit.aws;

import io.github.idvkit.FaceImage;
import io.github.idvkit.UserId;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The ids idv writes into Rekognition, and how it reads them back. Rekognition ids allow only
 * {@code [a-zA-Z0-9_.\-:]}, so the user id goes through {@link UserId#providerSafe()}, whose form
 * never holds {@code ':'} followed by a lower-case letter (its escapes are {@code ':'} and two
 * upper-case hex digits): both marks below are read back unambiguously.
 */
final class RekognitionIds {

  private static final String DIGEST_MARK = ":x";
  private static final String USER_MARK = ":u";
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern COLLECTION_ID = Pattern.compile("[a-zA-Z0-9_.\\-]{1,255}");

  /** The form of the ids Rekognition gives faces and liveness sessions. */
  static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private RekognitionIds() {}

  /** The collection id, if it is 1-255 characters of {@code [a-zA-Z0-9_.\-]}. */
  static String validCollectionId(String collectionId) {
    if (!COLLECTION_ID.matcher(Objects.requireNonNull(collectionId, "collectionId")).matches()) {
      throw new IllegalArgumentException(
          "A collection id must be 1-255 characters of [a-zA-Z0-9_.-], got '" + collectionId + "'");
    }
    return collectionId;
  }

  /** {@code <provider-safe user>:x<first 32 hex of the image's SHA-256>}: a face's ExternalImageId. */
  static String externalImageId(UserId user, FaceImage image) {
    return user.providerSafe() + DIGEST_MARK + image.sha256().substring(0, 32);
  }

  /** The user of an ExternalImageId; empty unless idv wrote it (mark, 32 hex, provider-safe user). */
  static Optional<UserId> userOf(@Nullable String externalImageId) {
    int mark = externalImageId == null ? -1 : externalImageId.indexOf(DIGEST_MARK);
    if (mark <= 0 || !DIGEST.matcher(externalImageId.substring(mark + DIGEST_MARK.length())).matches()) {
      return Optional.empty();
    }
    return decode(externalImageId.substring(0, mark));
  }

  /** {@code <provider-safe user>:u}: the Rekognition UserId idv gives a user. */
  static String rekognitionUserId(UserId user) {
    return user.providerSafe() + USER_MARK;
  }

  /** The user of a Rekognition UserId; empty unless idv created that user. */
  static Optional<UserId> userOfRekognitionUser(@Nullable String rekognitionUserId) {
    if (rekognitionUserId == null
        || rekognitionUserId.length() <= USER_MARK.length()
        || !rekognitionUserId.endsWith(USER_MARK)) {
      return Optional.empty();
    }
    return decode(rekognitionUserId.substring(0, rekognitionUserId.length() - USER_MARK.length()));
  }

  private static Optional<UserId> decode(String providerSafe) {
    try {
      return Optional.of(UserId.fromProviderSafe(providerSafe));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
