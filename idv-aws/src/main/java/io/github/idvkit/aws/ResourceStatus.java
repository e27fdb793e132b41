package io.github.idvkit.aws;

/** What provisioning found or did for one AWS resource. */
public enum ResourceStatus {
  /** The resource did not exist and was created. */
  CREATED,
  /** The resource existed already and was left as it was. */
  EXISTED,
  /** The resource does not exist and idv does not create it (the S3 bucket). */
  MISSING
}
