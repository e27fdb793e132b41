package io.github.idvkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.FaceImage;
import io.github.idvkit.ImageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplePhotosTest {

  @Test
  void originals_matchTheHashesInProvenance() throws Exception {
    String provenance = resource("PROVENANCE.md");

    for (String file : List.of("astronaut.png", "grace_hopper.jpg", "mona.png")) {
      byte[] bytes;
      try (InputStream in = SamplePhotos.class.getResourceAsStream("photos/" + file)) {
        bytes = in.readAllBytes();
      }
      String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      assertThat(provenance).as(file).contains("`" + file + "`").contains(sha256);
    }
  }

  @Test
  void derived_areJpegsMarkedAsDerived() {
    List<SamplePhotos.Sample> derived =
        List.of(SamplePhotos.selfie(), SamplePhotos.loginSelfie(), SamplePhotos.duplicateSelfie(), SamplePhotos.identifySelfie());

    for (SamplePhotos.Sample sample : derived) {
      FaceImage image = sample.image();
      assertThat(sample.derived()).isTrue();
      assertThat(sample.description()).startsWith("DERIVED from eileen-id.png").contains("not a second photo");
      assertThat(image.format()).isEqualTo(ImageFormat.JPEG);
      assertThat(image.sha256()).isNotEqualTo(SamplePhotos.idPhoto().image().sha256());
    }
    assertThat(SamplePhotos.idPhoto().derived()).isFalse();
  }

  @Test
  void derived_areTheSameBytesEveryTime() {
    assertThat(SamplePhotos.selfie().image().sha256())
        .isEqualTo(FaceImage.fromBytes(SamplePhotos.selfie().image().bytes()).sha256());
  }

  @Test
  void writeTo_writesEverySampleAndSaysWhereEachCameFrom(@TempDir Path dir) throws IOException {
    List<Path> files = SamplePhotos.writeTo(dir);

    assertThat(files).hasSize(7).allSatisfy(f -> assertThat(f).isRegularFile());
    assertThat(Files.readString(dir.resolve("SAMPLES.txt")))
        .contains("eileen-selfie.jpg")
        .contains("DERIVED")
        .contains("they are not second photos of the person");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = SamplePhotos.class.getResourceAsStream("photos/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
