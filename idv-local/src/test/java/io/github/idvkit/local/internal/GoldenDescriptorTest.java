package io.github.idvkit.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.idvkit.local.TestPhotos;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the converted descriptor model equal to face-api.js: {@code golden/astronaut_descriptor.txt}
 * is face-api.js 1.7.15's own output for {@code golden/astronaut_chip.ppm}, computed by {@code
 * tools/faceapi_reference.mjs}.
 */
class GoldenDescriptorTest {

  @Test
  void embedChips_goldenChip_matchesFaceApiJsOutput() throws Exception {
    float[] chip = readChip();
    float[] expected = readDescriptor();

    float[] actual = SharedEngine.get().embedChips(List.of(chip)).get(0);

    assertThat(actual).hasSize(128);
    for (int i = 0; i < 128; i++) {
      assertThat(actual[i]).as("component %d", i).isCloseTo(expected[i], within(1e-4f));
    }
  }

  @Test
  void embedChips_batchOfTwo_equalsSingleRuns() throws Exception {
    float[] chip = readChip();
    float[] dark = chip.clone();
    for (int i = 0; i < dark.length; i++) {
      dark[i] *= 0.5f;
    }

    List<float[]> batch = SharedEngine.get().embedChips(List.of(chip, dark));

    assertThat(batch.get(0)).containsExactly(SharedEngine.get().embedChips(List.of(chip)).get(0), within(1e-5f));
    assertThat(batch.get(1)).containsExactly(SharedEngine.get().embedChips(List.of(dark)).get(0), within(1e-5f));
  }

  @Test
  void fullPipeline_astronaut_landsOnTheGoldenDescriptor() throws Exception {
    FaceEngine engine = SharedEngine.get();
    RgbImage image = engine.decode(new ByteArrayInputStream(TestPhotos.ASTRONAUT.bytes()));
    List<FaceEngine.AnalyzedFace> faces = engine.detect(image);

    float[] descriptor = engine.embed(image, List.of(faces.get(0).detection())).get(0);

    // The golden chip was cut by this pipeline and rounded to bytes; only the rounding differs.
    assertThat(Descriptors.distance(descriptor, readDescriptor())).isLessThan(0.02);
  }

  static float[] readChip() throws IOException {
    try (InputStream in = GoldenDescriptorTest.class.getResourceAsStream("/io/github/idvkit/local/golden/astronaut_chip.ppm")) {
      byte[] ppm = in.readAllBytes();
      String header = "P6\n150 150\n255\n";
      assertThat(new String(ppm, 0, header.length(), StandardCharsets.US_ASCII)).isEqualTo(header);
      float[] chip = new float[150 * 150 * 3];
      for (int i = 0; i < chip.length; i++) {
        chip[i] = ppm[header.length() + i] & 0xff;
      }
      return chip;
    }
  }

  static float[] readDescriptor() throws IOException {
    try (InputStream in = GoldenDescriptorTest.class.getResourceAsStream("/io/github/idvkit/local/golden/astronaut_descriptor.txt")) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
      float[] d = new float[lines.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = Float.parseFloat(lines[i]);
      }
      return d;
    }
  }
}
