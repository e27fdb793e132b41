package io.github.idvkit.aws;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * What {@link AwsIdentityVerifier.Builder#provision()} found or did: the Rekognition collection and
 * the DynamoDB table are created when missing; the S3 bucket is only checked, since buckets carry
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
