package io.github.idvkit.examples.quickstart;

import io.github.idvkit.FaceImage;
import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginResult;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.aws.AwsIdentityVerifier;
import io.github.idvkit.aws.ProvisioningReport;
import java.nio.file.Path;
import software.amazon.awssdk.regions.Region;

/**
 * The README's AWS quickstart. It needs an AWS account, credentials in the SDK's default chain,
 * and an existing bucket; edit the names before running it. The tests only compile it.
 */
public final class AwsQuickstart {

  private AwsQuickstart() {}

  /**
   * Runs the quickstart.
   *
   * @param args {@code SELFIE CAMERA_PHOTO}; the ID photo is read from S3
   */
  public static void main(String... args) {
    if (args.length != 2) {
      System.err.println("usage: AwsQuickstart SELFIE CAMERA_PHOTO (edit the AWS names in the source first)");
      System.exit(2);
    }
    run(Path.of(args[0]), Path.of(args[1]));
  }

  static void run(Path selfie, Path camera) {
    // tag::quickstart[]
    AwsIdentityVerifier.Builder aws = AwsIdentityVerifier.builder()
        .region(Region.EU_WEST_1)
        .collectionId("idv-users").bucket("my-idv-faces").tableName("idv-faces")
        .policy(VerificationPolicy.highSecurity());   // 99 % thresholds, strict quality gate
    ProvisioningReport report = aws.provision();        // once: collection + table; checks the bucket
    System.out.println("ready: " + report.ready());
    try (IdentityVerifier idv = aws.build()) {
      RegisterResult registered = idv.register(req -> req
          .userId("alice@example.com")
          .selfie(FaceImage.fromPath(selfie))
          .idPhoto(StoredImage.of("s3://my-id-photos/alice.jpg")));   // Rekognition reads it from S3
      System.out.println(registered.decision());
      LoginResult login = idv.login(req -> req
          .userId("alice@example.com")
          .selfie(FaceImage.fromPath(camera)));
      System.out.println(login.verified() ? "welcome back" : "refused: " + login.decision());
      ForgetResult receipt = idv.forget(UserId.of("alice@example.com"));   // faces, S3 images, records
      System.out.println("forgotten: " + receipt.anythingDeleted());
    }
    // end::quickstart[]
  }
}
