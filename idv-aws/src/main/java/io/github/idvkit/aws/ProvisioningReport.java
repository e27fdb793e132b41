package io.github.idvkit.aws;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * What {@link AwsIdentityVerifier.Builder#provision()} found or did: the Rekognition collection and
 * the DynamoDB tables (records, and the guard table if configured) are created when missing; the S3 bucket is only checked, since buckets carry
 * account-wide policies that belong to the infrastructure code.
 */
@Value.Immutable
public interface ProvisioningReport {

  /** The Rekognition collection's id. */
  String collectionId();

  /** Whether the collection was created or existed. */
  ResourceStatus collectionStatus();

  /** The collection's face model version, if Rekognition reports it. */
  Optional<String> faceModelVersion();

  /** The DynamoDB table's name. */
  String tableName();

  /** Whether the table (with its face-id index) was created or existed. */
  ResourceStatus tableStatus();

  /** The guard table's name (attempt limits, liveness sessions), if one is configured. */
  Optional<String> guardTableName();

  /** Whether the guard table was created or existed; absent without one. */
  Optional<ResourceStatus> guardTableStatus();

  /**
   * Whether DynamoDB's time to live is on for the guard table's {@code expiresAt} attribute
   * (turned on when provisioning creates the table); absent without a guard table, {@code false}
   * if DynamoDB refused it (then expired counters stay until you turn it on).
   */
  Optional<Boolean> guardTableTimeToLive();

  /** The S3 bucket's name. */
  String bucket();

  /** Whether the bucket exists ({@link ResourceStatus#EXISTED}) or not ({@link ResourceStatus#MISSING}). */
  ResourceStatus bucketStatus();

  /**
   * Tells whether everything the verifier needs exists now.
   *
   * @return {@code true} unless the bucket is missing
   */
  default boolean ready() {
    return bucketStatus() != ResourceStatus.MISSING;
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ProvisioningReport}. */
  final class Builder extends ImmutableProvisioningReport.Builder {}
}
