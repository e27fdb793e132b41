package io.github.idvkit;

/** Whether a liveness session's audit images are kept; see {@link VerificationPolicy#auditImageRetention()}. */
public enum AuditImageRetention {
  /** Audit images are neither requested from the provider nor kept. The default. */
  NONE,
  /**
   * Up to {@link VerificationPolicy#auditImagesLimit()} audit images of each session bound to a
   * user are stored through the image store (encrypted like every other image) under that user,
   * and erased by {@link IdentityVerifier#forget}.
   */
  KEEP_UNTIL_FORGOTTEN
}
