package io.github.idvkit.local;

import io.github.idvkit.local.internal.FaceDetection;
import io.github.idvkit.local.internal.FaceEngine;
import io.github.idvkit.local.internal.RgbImage;
import io.github.idvkit.local.internal.SharedEngine;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints, for each image named on standard input ({@code path<TAB>label} per line), every face the
 * detector finds at score 0.3 or more: label, file, score, and the 128 descriptor values. The input
 * of {@code tools/nonface_prototype.py}, which derives {@code models/dlib_nonface_prototype.txt}.
 * Not a test: run it by hand (same classpath as {@link LocalEngineBenchmark}).
 */
public final class DescriptorDump {

  private DescriptorDump() {}

  /**
   * Runs the dump.
   *
   * @param args unused
   * @throws Exception if anything fails
   */
  public static void main(String[] args) throws Exception {
    FaceEngine engine = SharedEngine.get();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] parts = line.split("\t");
      Path path = Path.of(parts[0]);
      String label = parts.length > 1 ? parts[1] : "-";
      RgbImage image;
      try {
        image = engine.decode(new ByteArrayInputStream(Files.readAllBytes(path)));
      } catch (RuntimeException e) {
        continue;
      }
      List<FaceDetection> faces = new ArrayList<>();
      engine.detect(image).forEach(f -> faces.add(f.detection()));
      faces.removeIf(f -> f.score() < 0.3);
      List<float[]> descriptors = engine.embed(image, faces);
      for (int i = 0; i < faces.size(); i++) {
        StringBuilder values = new StringBuilder();
        for (float v : descriptors.get(i)) {
          values.append(String.format(Locale.ROOT, "%.5f,", v));
        }
        System.out.printf(Locale.ROOT, "%s\t%s\t%.3f\t%s%n", label, path.getFileName(), faces.get(i).score(), values);
      }
    }
  }
}
