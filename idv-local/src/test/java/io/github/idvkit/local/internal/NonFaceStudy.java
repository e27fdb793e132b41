package io.github.idvkit.local.internal;

import io.github.idvkit.FaceImage;
import io.github.idvkit.local.LocalIdentityVerifier;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Prints, for each image named on standard input ({@code path<TAB>label} per line), as given and
 * after the flows' normalisation, what the engine measures of the face a flow judges (the largest):
 * detector score, keypoint geometry, the distance to the non-face prototype, statistics of the
 * aligned chip's central face region (see {@link ChipStatistics}), the agreement of the keypoints
 * with those found in the mirrored image, and the 128 descriptor values. The evidence behind the
 * non-face checks (module README, "Non-faces"). Not a test: run it by hand with the classpath of
 * the module's tests.
 */
public final class NonFaceStudy {

  private NonFaceStudy() {}

  /**
   * Runs the study.
   *
   * @param args unused
   * @throws Exception if anything fails
   */
  public static void main(String[] args) throws Exception {
    FaceEngine engine = SharedEngine.get();
    float[] prototype = engine.descriptor().nonFacePrototype();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println(
        "label\tfile\tvariant\tfaces\tface\tdrawingLikeness\tplausible\tscore\tgeometry\teyesPerWidth\tnoseX\tnoseY\tmouthX\tmouthY"
            + "\tlearX\tlearY\trearX\trearY\tprotoDist\t"
            + String.join("\t", ChipStatistics.NAMES)
            + "\tmirrorScore\tmirrorError\tmirrorDescriptorDistance\tfaceWidth\tflat0n\tflat1n\tflat2n\ttop8n\tedgeShareN\tdescriptor");
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] parts = line.split("\t");
      Path path = Path.of(parts[0]);
      String label = parts.length > 1 ? parts[1] : "-";
      FaceImage file;
      FaceImage normalized;
      try {
        file = FaceImage.fromBytes(Files.readAllBytes(path));
        normalized = file.normalize(LocalIdentityVerifier.imageLimits());
      } catch (RuntimeException e) {
        continue;
      }
      FaceImage[] images = {file, normalized, jpeg(normalized, 0.5f), jpeg(normalized, 0.95f)};
      String[] variants = {"file", "normalized", "q50", "q95"};
      for (int vi = 0; vi < images.length; vi++) {
        FaceImage image = images[vi];
        String variant = variants[vi];
        Analysis analysis;
        try {
          analysis = engine.analyze(image);
        } catch (RuntimeException e) {
          continue;
        }
        StringBuilder row = new StringBuilder();
        row.append(label).append('\t').append(path.getFileName()).append('\t').append(variant);
        row.append('\t').append(analysis.faces().size());
        if (analysis.faces().isEmpty()) {
          System.out.println(row);
          continue;
        }
        String prefix = row.toString();
        for (int fi = 0; fi < analysis.faces().size(); fi++) {
        row.setLength(0);
        row.append(prefix).append('\t').append(fi);
        FaceEngine.AnalyzedFace analyzed = analysis.faces().get(fi);
        row.append(String.format(Locale.ROOT, "\t%.4f\t%b", analyzed.quality().drawingLikeness(),
            FacePlausibility.plausible(analyzed, analysis.descriptor(fi), prototype)));
        FaceDetection face = analysis.faces().get(fi).detection();
        float[] descriptor = analysis.descriptor(fi);
        double[] g = geometry(face);
        row.append(String.format(Locale.ROOT, "\t%.4f\t%b", face.score(), FacePlausibility.geometryPlausible(face)));
        for (double v : g) {
          row.append(String.format(Locale.ROOT, "\t%.4f", v));
        }
        row.append(String.format(Locale.ROOT, "\t%.4f", Descriptors.distance(descriptor, prototype)));
        double[] stats = ChipStatistics.measure(FaceAligner.chip(analysis.image(), face));
        for (double v : stats) {
          row.append(String.format(Locale.ROOT, "\t%.4f", v));
        }
        double[] mirror = mirrorAgreement(engine, analysis.image(), face);
        float[] enrolment = engine.enrolmentDescriptor(analysis.image(), face, descriptor);
        // enrolment = (single + mirrored) / 2, so the mirrored descriptor's distance is twice this
        double mirrorDistance = 2 * Descriptors.distance(descriptor, enrolment);
        row.append(String.format(Locale.ROOT, "\t%.4f\t%.4f\t%.4f", mirror[0], mirror[1], mirrorDistance));
        for (double v : native_(analysis.image(), face)) {
          row.append(String.format(Locale.ROOT, "\t%.4f", v));
        }
        row.append('\t');
        for (float v : descriptor) {
          row.append(String.format(Locale.ROOT, "%.5f,", v));
        }
        System.out.println(row);
        }
      }
    }
  }

  /** Statistics of the face's central box region at the image's own resolution. */
  static double[] native_(RgbImage image, FaceDetection f) {
    int w = image.width();
    byte[] p = image.pixels();
    int x0 = (int) Math.max(0, f.left() + 0.2 * f.width());
    int x1 = (int) Math.min(w - 2, f.left() + 0.8 * f.width());
    int y0 = (int) Math.max(0, f.top() + 0.2 * f.height());
    int y1 = (int) Math.min(image.height() - 2, f.top() + 0.85 * f.height());
    int n = 0;
    int[] flat = new int[3];
    int[] hist = new int[4096];
    java.util.List<Double> grads = new java.util.ArrayList<>();
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        int i = 3 * (y * w + x);
        int d = 0;
        for (int c = 0; c < 3; c++) {
          int v = p[i + c] & 0xff;
          d = Math.max(d, Math.abs(v - (p[i + 3 + c] & 0xff)));
          d = Math.max(d, Math.abs(v - (p[i + 3 * w + c] & 0xff)));
        }
        for (int t = 0; t < 3; t++) {
          if (d <= t) {
            flat[t]++;
          }
        }
        hist[((p[i] & 0xff) >> 4) << 8 | ((p[i + 1] & 0xff) >> 4) << 4 | ((p[i + 2] & 0xff) >> 4)]++;
        grads.add((double) d);
        n++;
      }
    }
    if (n == 0) {
      return new double[] {0, 0, 0, 0, 0, 0};
    }
    int[] sorted = hist.clone();
    java.util.Arrays.sort(sorted);
    int top = 0;
    for (int k = 0; k < 8; k++) {
      top += sorted[sorted.length - 1 - k];
    }
    java.util.Collections.sort(grads);
    double sum = 0;
    double tail = 0;
    for (int k = 0; k < grads.size(); k++) {
      sum += grads.get(k);
      if (k >= grads.size() - grads.size() / 10) {
        tail += grads.get(k);
      }
    }
    return new double[] {f.width(), (double) flat[0] / n, (double) flat[1] / n, (double) flat[2] / n,
      (double) top / n, sum > 0 ? tail / sum : 1};
  }

  /** The image re-encoded as a JPEG of the given quality, then normalised as the flows do. */
  static FaceImage jpeg(FaceImage image, float quality) throws java.io.IOException {
    java.awt.image.BufferedImage read =
        javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(image.bytes()));
    java.awt.image.BufferedImage decoded = new java.awt.image.BufferedImage(
        read.getWidth(), read.getHeight(), java.awt.image.BufferedImage.TYPE_INT_RGB);
    decoded.getGraphics().drawImage(read, 0, 0, null);
    javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
    javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (javax.imageio.stream.ImageOutputStream ios = javax.imageio.ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new javax.imageio.IIOImage(decoded, null, null), param);
    } finally {
      writer.dispose();
    }
    return FaceImage.fromBytes(out.toByteArray()).normalize(LocalIdentityVerifier.imageLimits());
  }

  /** Eye distance per box width, then nose, mouth, left ear, right ear in the face frame. */
  static double[] geometry(FaceDetection face) {
    double ex = (face.x(FaceDetection.LEFT_EYE) + face.x(FaceDetection.RIGHT_EYE)) / 2;
    double ey = (face.y(FaceDetection.LEFT_EYE) + face.y(FaceDetection.RIGHT_EYE)) / 2;
    double vx = face.x(FaceDetection.RIGHT_EYE) - face.x(FaceDetection.LEFT_EYE);
    double vy = face.y(FaceDetection.RIGHT_EYE) - face.y(FaceDetection.LEFT_EYE);
    double eyes = Math.hypot(vx, vy);
    double[] out = new double[9];
    out[0] = eyes / face.width();
    int[] ks = {FaceDetection.NOSE, FaceDetection.MOUTH, 4, 5};
    for (int i = 0; i < ks.length; i++) {
      double rx = face.x(ks[i]) - ex;
      double ry = face.y(ks[i]) - ey;
      double ux = vx / eyes;
      double uy = vy / eyes;
      out[1 + 2 * i] = (rx * ux + ry * uy) / eyes;
      out[2 + 2 * i] = (-rx * uy + ry * ux) / eyes;
    }
    return out;
  }

  /** Score of the matching face in the mirrored image, and its keypoints' mean error in eye distances. */
  static double[] mirrorAgreement(FaceEngine engine, RgbImage image, FaceDetection face) throws Exception {
    int w = image.width();
    int h = image.height();
    byte[] src = image.pixels();
    byte[] dst = new byte[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int a = 3 * (y * w + x);
        int b = 3 * (y * w + (w - 1 - x));
        dst[b] = src[a];
        dst[b + 1] = src[a + 1];
        dst[b + 2] = src[a + 2];
      }
    }
    RgbImage mirrored = RgbImage.of(w, h, dst);
    List<FaceEngine.AnalyzedFace> found = engine.detect(mirrored);
    double eyes = Math.hypot(
        face.x(FaceDetection.RIGHT_EYE) - face.x(FaceDetection.LEFT_EYE),
        face.y(FaceDetection.RIGHT_EYE) - face.y(FaceDetection.LEFT_EYE));
    double best = Double.MAX_VALUE;
    double score = 0;
    int[] swap = {1, 0, 2, 3, 5, 4};
    for (FaceEngine.AnalyzedFace f : found) {
      FaceDetection m = f.detection();
      double err = 0;
      for (int k = 0; k < 4; k++) {
        double mx = w - m.x(swap[k]);
        double my = m.y(swap[k]);
        err += Math.hypot(mx - face.x(k), my - face.y(k));
      }
      err /= 4 * eyes;
      if (err < best) {
        best = err;
        score = m.score();
      }
    }
    return new double[] {score, best == Double.MAX_VALUE ? 9 : best};
  }
}
