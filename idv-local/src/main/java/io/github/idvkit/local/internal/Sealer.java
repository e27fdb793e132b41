package io.github.idvkit.local.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals bytes with AES-GCM: a random 96-bit nonce per call, a 128-bit tag, and associated data
 * that binds the ciphertext to where it is stored. Output: nonce followed by ciphertext and tag.
 *
 * <p>Thread-safe.
 */
public final class Sealer {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  /**
   * Creates a sealer.
   *
   * @param key an AES key (128, 192 or 256 bits)
   * @throws IllegalArgumentException if the key is not an AES key of a valid size
   */
  public Sealer(SecretKey key) {
    this.key = Objects.requireNonNull(key, "key");
    if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
      throw new IllegalArgumentException("The encryption key must be an AES key, got " + key.getAlgorithm());
    }
    byte[] encoded = key.getEncoded();
    int length = encoded == null ? -1 : encoded.length;
    if (length != 16 && length != 24 && length != 32) {
      throw new IllegalArgumentException("An AES key has 128, 192 or 256 bits, got " + 8 * length);
    }
  }

  /**
   * Returns how many bytes sealing adds.
   *
   * @return nonce and tag bytes
   */
  public static int overhead() {
    return NONCE_BYTES + TAG_BITS / 8;
  }

  /**
   * Seals {@code plain}.
   *
   * @param plain the bytes
   * @param associated data authenticated but not stored
   * @return nonce, ciphertext and tag
   */
  public byte[] seal(byte[] plain, byte[] associated) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associated);
      byte[] sealed = cipher.doFinal(plain);
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is required by every Java platform", e);
    }
  }

  /**
   * Opens what {@link #seal} made.
   *
   * @param sealed nonce, ciphertext and tag
   * @param offset where they start in {@code sealed}
   * @param associated the data given to {@link #seal}
   * @return the plain bytes
   * @throws GeneralSecurityException if the key is wrong or the bytes were altered
   */
  public byte[] open(byte[] sealed, int offset, byte[] associated) throws GeneralSecurityException {
    if (sealed.length - offset < overhead()) {
      throw new javax.crypto.AEADBadTagException("Sealed data too short");
    }
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, offset, NONCE_BYTES));
    cipher.updateAAD(associated);
    return cipher.doFinal(sealed, offset + NONCE_BYTES, sealed.length - offset - NONCE_BYTES);
  }
}
