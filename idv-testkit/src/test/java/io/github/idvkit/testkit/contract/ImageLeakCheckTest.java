package io.github.idvkit.testkit.contract;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.FaceImage;
import io.github.idvkit.testkit.TestFaces;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ImageLeakCheckTest {

  private static final Logger LOG = LoggerFactory.getLogger(ImageLeakCheckTest.class);
  private static final FaceImage IMAGE = TestFaces.subject("alice").image(1);
  private static final ExtensionContext CONTEXT =
      (ExtensionContext) Proxy.newProxyInstance(
          ImageLeakCheckTest.class.getClassLoader(),
          new Class<?>[] {ExtensionContext.class},
          (proxy, method, args) -> method.getName().equals("getDisplayName") ? "a test" : null);

  private final ImageLeakCheck check = new ImageLeakCheck(() -> List.of(IMAGE));

  private void runWhileLogging(String message) {
    check.beforeEach(CONTEXT);
    try {
      LOG.warn("Leaking [{}]", message);
    } finally {
      check.afterEach(CONTEXT);
    }
  }

  @Test
  void afterEach_base64OfWholeImageLogged_fails() {
    String base64 = Base64.getEncoder().encodeToString(IMAGE.bytes());

    assertThatThrownBy(() -> runWhileLogging(base64))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("test image 0");
  }

  @Test
  void afterEach_base64OfMiddleOfImageLogged_fails() {
    byte[] bytes = IMAGE.bytes();
    for (int offset = 100; offset < 103; offset++) {
      String slice = Base64.getUrlEncoder().encodeToString(Arrays.copyOfRange(bytes, offset, bytes.length - 50));

      assertThatThrownBy(() -> runWhileLogging(slice)).isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void afterEach_hexOfImageLogged_fails() {
    String hex = HexFormat.of().formatHex(IMAGE.bytes());

    assertThatThrownBy(() -> runWhileLogging(hex)).isInstanceOf(AssertionError.class);
  }

  @Test
  void afterEach_safeFactsLogged_passes() {
    assertThatCode(() -> runWhileLogging(IMAGE.toString() + " sha256=" + IMAGE.sha256())).doesNotThrowAnyException();
  }
}
