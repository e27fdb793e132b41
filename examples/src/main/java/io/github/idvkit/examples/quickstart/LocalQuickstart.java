package io.github.idvkit.examples.quickstart;

import io.github.idvkit.FaceImage;
import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginResult;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.examples.SamplePhotos;
import io.github.idvkit.local.LocalIdentityVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's offline quickstart: register against an ID photo, log in, forget, on the local
 * provider. Run without arguments, it uses the sample photos and a temporary data directory.
 */
public final class LocalQuickstart {

  private LocalQuickstart() {}

  /**
   * Runs the quickstart.
   *
   * @param args {@code SELFIE ID_PHOTO CAMERA_PHOTO}, or none for the sample photos
   * @throws IOException if a temporary directory cannot be created
   */
  public static void main(String... args) throws IOException {
    Path dataDir = Files.createTempDirectory("idv-quickstart-");
    if (args.length == 3) {
      run(dataDir, Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
      return;
    }
    List<Path> samples = SamplePhotos.writeTo(Files.createTempDirectory("idv-photos-"));
    Path photos = samples.get(0).getParent();
    run(dataDir, photos.resolve("eileen-selfie.jpg"), photos.resolve("eileen-id.png"), photos.resolve("eileen-login.jpg"));
  }

  static void run(Path dataDir, Path selfie, Path idPhoto, Path camera) {
    // tag::quickstart[]
    try (IdentityVerifier idv = LocalIdentityVerifier.builder()
        .dataDirectory(dataDir)                    // index/, images/, records/ live here
        .build()) {                                // loads the models (~1 s); calibratedPolicy()
      RegisterResult registered = idv.register(req -> req
          .userId("alice@example.com")
          .selfie(FaceImage.fromPath(selfie))
          .idPhoto(FaceImage.fromPath(idPhoto)));
      switch (registered.decision()) {
        case REGISTERED -> System.out.println("welcome, face " + registered.faceId().orElseThrow()); // always there
        case LOW_QUALITY, NO_FACE, MULTIPLE_FACES ->
            System.out.println("retake: " + registered.qualityIssues()); // TOO_DARK, BLURRY...
        case REGISTRATION_IN_PROGRESS -> System.out.println("busy: try again in a moment");
        default -> System.out.println("refused: " + registered.decision()); // duplicate, ID mismatch...
      }
      LoginResult login = idv.login(req -> req
          .userId("alice@example.com")
          .selfie(FaceImage.fromPath(camera)));
      System.out.println(login.decision() + " " + login.similarity().map(Object::toString).orElse("")); // VERIFIED 77.90%
      ForgetResult receipt = idv.forget(UserId.of("alice@example.com"));
      System.out.println("forgotten: " + receipt.deletedFaces().size() + " face(s)");
    }
    // end::quickstart[]
  }
}
