package io.github.idvkit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.local.internal.FaceEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The descriptor model loader, exercised with the shipped dlib model as a user would bring one. */
class DescriptorModelTest {

  @TempDir Path dir;

  private Path copyShippedModel() throws IOException {
    for (String name :
        List.of("dlib-resnet29.properties", "faceapi_recognition_uint8.onnx", "dlib_nonface_prototype.txt")) {
      try (InputStream in = DescriptorModel.class.getResourceAsStream("models/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    return dir.resolve("dlib-resnet29.properties");
  }

  @Test
  void dlib_describesTheShippedModel_asTheCalibratedPolicyKnowsIt() {
    DescriptorModel dlib = DescriptorModel.dlib();

    assertThat(dlib.modelVersion()).isEqualTo(FaceEngine.MODEL_VERSION);
    assertThat(dlib.scale()).isEqualTo(LocalSimilarity.SCALE);
    assertThat(dlib.inputSize()).isEqualTo(150);
    assertThat(dlib.embeddingSize()).isEqualTo(128);
    assertThat(dlib.licence()).contains("public domain");
    assertThat(LocalIdentityVerifier.calibratedPolicy(dlib)).isEqualTo(LocalIdentityVerifier.calibratedPolicy());
    assertThat(SharedLocalEngine.get().descriptorModel().modelVersion()).isEqualTo(FaceEngine.MODEL_VERSION);
  }

  @Test
  void load_fromAPath_runsLikeTheShippedModel() throws Exception {
    DescriptorModel model = DescriptorModel.load(copyShippedModel());

    try (LocalFaceEngine engine = LocalFaceEngine.builder().descriptorModel(model).build()) {
      float[] loaded = engine.engine().analyze(TestPhotos.ASTRONAUT.image()).descriptor(0);
      float[] shipped = SharedLocalEngine.get().engine().analyze(TestPhotos.ASTRONAUT.image()).descriptor(0);

      assertThat(engine.modelVersion()).isEqualTo(SharedLocalEngine.get().modelVersion());
      assertThat(loaded).containsExactly(shipped, within(1e-5f));
    }
  }

  @Test
  void load_withAnotherDigest_isRefused() throws Exception {
    Path description = copyShippedModel();
    String text = Files.readString(description).replace("sha256=9073a002", "sha256=0073a002");
    Files.writeString(description, text);

    assertThatThrownBy(() -> DescriptorModel.load(description))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SHA-256");
  }

  @Test
  void load_aLongerEmbedding_isAccepted_andAModelThatReturnsAnotherLengthFailsClearly() throws Exception {
    Path description = copyShippedModel();
    Files.writeString(description, Files.readString(description)
        .replace("name=dlib-resnet29-faceapi-1.7.15", "name=claims-512")
        .replace("embedding.size=128", "embedding.size=512")
        .replace("nonFacePrototype=dlib_nonface_prototype.txt", ""));

    DescriptorModel model = DescriptorModel.load(description);

    assertThat(model.embeddingSize()).isEqualTo(512);
    try (LocalFaceEngine engine = LocalFaceEngine.builder().descriptorModel(model).build()) {
      assertThatThrownBy(() -> engine.engine().analyze(TestPhotos.ASTRONAUT.image()).descriptor(0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("128 values")
          .hasMessageContaining("512");
    }
  }

  @Test
  void load_anEmbeddingBeyondTheIndexLimit_isRefused() throws Exception {
    Path description = copyShippedModel();
    Files.writeString(description, Files.readString(description)
        .replace("embedding.size=128", "embedding.size=5000")
        .replace("nonFacePrototype=dlib_nonface_prototype.txt", ""));

    assertThatThrownBy(() -> DescriptorModel.load(description))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("4096");
  }

  @Test
  void load_aBadMirrorAverage_isRefused() throws Exception {
    Path description = copyShippedModel();
    Files.writeString(description, Files.readString(description)
        .replace("embedding.mirrorAverage=enrolment", "embedding.mirrorAverage=sometimes"));

    assertThatThrownBy(() -> DescriptorModel.load(description))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("mirrorAverage");
  }

  @Test
  void load_withAMissingValue_namesIt() throws Exception {
    Path description = copyShippedModel();
    Files.writeString(description, Files.readString(description).replace("input.size=150", ""));

    assertThatThrownBy(() -> DescriptorModel.load(description))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("input.size");
  }
}
