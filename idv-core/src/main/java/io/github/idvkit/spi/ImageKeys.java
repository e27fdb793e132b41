package io.github.idvkit.spi;

import io.github.idvkit.FaceId;
import io.github.idvkit.UserId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The object keys every {@link ImageStore} uses: {@code faces/<user hash>/<face id>.jpg}, where the
 * user hash is the first 32 hex characters of the SHA-256 of the user id.
 *
 * <p>Keys carry no raw user id (object keys show up in consoles, logs and inventories) and cannot
 * escape their prefix: the hash is hex and face ids hold no {@code '/'}.
 */
public final class ImageKeys {

  private static final Pattern IDV_KEY = Pattern.compile("faces/[0-9a-f]{32}/[A-Za-z0-9._:-]{1,255}\\.jpg");

  private ImageKeys() {}

  /**
   * Tells whether a key, relative to a store's prefix, is in idv's layout. A store shared with
   * other applications holds other keys too; those are foreign: never listed, never deleted.
   *
   * @param key the key below the store's prefix
   * @return {@code true} if idv could have written it
   */
  public static boolean isIdvKey(String key) {
    return IDV_KEY.matcher(key).matches();
  }

  /**
   * Returns the key prefix of a user's images, ending in {@code '/'}.
   *
   * @param user the user
   * @return the prefix
   */
  public static String userPrefix(UserId user) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(user.value().getBytes(StandardCharsets.UTF_8));
      return "faces/" + HexFormat.of().formatHex(hash, 0, 16) + "/";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /**
   * Returns the key of the image of one face.
   *
   * @param user the owner
   * @param faceId the face
   * @return the key
   */
  public static String key(UserId user, FaceId faceId) {
    return userPrefix(user) + faceId.value() + ".jpg";
  }
}
