package io.github.idvkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.FaceImage;
import io.github.idvkit.UserId;
import io.github.idvkit.testkit.TestFaces;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code ExternalImageId} form: provider-safe user id, {@code ":x"}, image digest. */
class ExternalImageIdTest {

  private static final FaceImage IMAGE = TestFaces.subject("alice").image(1);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "alice@example.com",
        "x",
        ".dot",
        "a:b:c",
        "a:xb",
        "Zoë Ünal <zoe@exämple.com>",
        "../../etc/passwd",
        "💡 emoji"
      })
  void externalImageId_anyUser_fitsRekognitionAndReadsBack(String raw) {
    UserId user = UserId.of(raw);

    String id = RekognitionFaceIndex.externalImageId(user, IMAGE);

    assertThat(id).matches("[a-zA-Z0-9_.\\-:]{1,255}");
    assertThat(RekognitionFaceIndex.userOf(id)).contains(user);
  }
}
