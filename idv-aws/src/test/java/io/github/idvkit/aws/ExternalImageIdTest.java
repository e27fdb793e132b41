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

    String id = RekognitionIds.externalImageId(user, IMAGE);

    assertThat(id).matches("[a-zA-Z0-9_.\\-:]{1,255}");
    assertThat(RekognitionIds.userOf(id)).contains(user);
    assertThat(RekognitionIds.rekognitionUserId(user)).matches("[a-zA-Z0-9_.\\-:]{1,128}");
    assertThat(RekognitionIds.userOfRekognitionUser(RekognitionIds.rekognitionUserId(user)))
        .contains(user);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "image1.jpg",
        "alice",
        "alice:x",
        "alice:x0123456789abcdef",
        "alice:x0123456789abcdef0123456789abcdeF",
        "alice:x0123456789abcdef0123456789abcdef0",
        ":x0123456789abcdef0123456789abcdef",
        "a:zz:x0123456789abcdef0123456789abcdef",
        "John_Doe_1.jpg"
      })
  void userOf_externalImageIdIdvDidNotWrite_isEmpty(String externalImageId) {
    assertThat(RekognitionIds.userOf(externalImageId)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "alice:U", "alice:u:u", ":u", "a:zz:u", "DemoUser", "alice:x"})
  void userOfRekognitionUser_userIdvDidNotCreate_isEmpty(String rekognitionUserId) {
    assertThat(RekognitionIds.userOfRekognitionUser(rekognitionUserId)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {126})
  void rekognitionUserId_longestAcceptedUser_fitsRekognitionsLimit(int length) {
    UserId longest = UserId.of("a".repeat(length));

    assertThat(RekognitionIds.rekognitionUserId(longest)).hasSize(128);
  }
}
