package io.github.idvkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoredImageTest {

  @Test
  void of_s3Reference_keepsScheme() {
    assertThat(StoredImage.of("s3://ids/alice.jpg").scheme()).isEqualTo("s3");
  }

  @Test
  void of_webUrl_isRefused() {
    assertThatThrownBy(() -> StoredImage.of("https://bucket.example/alice.jpg"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("web URL");
  }

  @Test
  void of_withoutScheme_isRefused() {
    assertThatThrownBy(() -> StoredImage.of("ids/alice.jpg")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_applicationKeyNamingAPerson_isMasked() {
    StoredImage image = StoredImage.of("s3://ids/people/alice@example.com.jpg");

    assertThat(image.toString()).doesNotContain("alice").doesNotContain("people").startsWith("StoredImage[s3://ids/");
  }
}
