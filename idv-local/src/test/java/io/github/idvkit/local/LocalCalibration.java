package io.github.idvkit.local;

import io.github.idvkit.local.internal.Descriptors;
import io.github.idvkit.local.internal.FaceDetection;
import io.github.idvkit.local.internal.FaceEngine;
import io.github.idvkit.local.internal.RgbImage;
import io.github.idvkit.local.internal.SharedEngine;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.awt.image.RescaleOp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Recomputes the calibration behind {@link LocalSimilarity}'s thresholds and prints the tables of
 * the module README. Not a test: run it by hand (same classpath as {@link LocalEngineBenchmark}).
 *
 * <p>Faces: the 3 committed portraits and the 21 faces BlazeFace finds in the face-api demo photos.
 * Labels: the one known same-person pair (sample1 right, sample3 middle); pairs in one photo are
 * different people, and so is every pair with a portrait. Pairs across demo photos other than the
 * known pair are unlabelled (some may be the same person) and are only counted. Synthetic genuine
 * pairs: each portrait and each face of the known pair against 8 edits of its own photo.
 */
public final class LocalCalibration {

  private static final double[] THRESHOLDS = {0.40, 0.42, 0.45, 0.50, 0.55, 0.60};

  private record Face(String photo, int index, float[] descriptor) {
    String name() {
      return photo + "#" + index;
    }
  }

  private LocalCalibration() {}

  /**
   * Runs the calibration.
   *
   * @param args unused
   * @throws Exception if anything fails
   */
  public static void main(String[] args) throws Exception {
    FaceEngine engine = SharedEngine.get();
    List<Face> faces = new ArrayList<>();
    Map<String, byte[]> photos = new LinkedHashMap<>();
    for (TestPhotos p : TestPhotos.values()) {
      photos.put(p.fileName(), p.bytes());
    }
    for (int n = 1; n <= 6; n++) {
      photos.put("sample" + n, FaceApiSamples.sample(n));
    }
    for (Map.Entry<String, byte[]> photo : photos.entrySet()) {
      RgbImage image = engine.decode(new ByteArrayInputStream(photo.getValue()));
      List<FaceDetection> found = new ArrayList<>();
      engine.detect(image).forEach(f -> found.add(f.detection()));
      found.sort(Comparator.comparingDouble(FaceDetection::left));
      List<float[]> descriptors = engine.embed(image, found);
      for (int i = 0; i < descriptors.size(); i++) {
        faces.add(new Face(photo.getKey(), i, descriptors.get(i)));
      }
    }
    List<Double> genuine = new ArrayList<>();
    List<Double> impostor = new ArrayList<>();
    List<Double> unlabelled = new ArrayList<>();
    for (int i = 0; i < faces.size(); i++) {
      for (int j = i + 1; j < faces.size(); j++) {
        Face a = faces.get(i);
        Face b = faces.get(j);
        double d = Descriptors.distance(a.descriptor(), b.descriptor());
        boolean knownPair =
            (a.name().equals("sample1#2") && b.name().equals("sample3#1"))
                || (a.name().equals("sample3#1") && b.name().equals("sample1#2"));
        if (knownPair) {
          genuine.add(d);
        } else if (a.photo().equals(b.photo()) || !a.photo().startsWith("sample") || !b.photo().startsWith("sample")) {
          impostor.add(d);
        } else {
          unlabelled.add(d);
        }
      }
    }
    List<Double> synthetic = new ArrayList<>();
    for (TestPhotos p : TestPhotos.values()) {
      synthetic.addAll(variants(engine, p.bytes()));
    }
    synthetic.addAll(variants(engine, RealFaces.personA().bytes()));
    synthetic.addAll(variants(engine, RealFaces.personAAgain().bytes()));

    System.out.printf(Locale.ROOT, "faces: %d in %d photos%n", faces.size(), photos.size());
    System.out.printf(Locale.ROOT, "real genuine pairs: %d, distance %s%n", genuine.size(), genuine);
    System.out.printf(Locale.ROOT, "synthetic genuine pairs: %d, %s%n", synthetic.size(), summary(synthetic));
    System.out.printf(Locale.ROOT, "known different-person pairs: %d, %s%n", impostor.size(), summary(impostor));
    System.out.printf(Locale.ROOT, "unlabelled cross-photo pairs: %d, %s%n", unlabelled.size(), summary(unlabelled));
    System.out.println();
    System.out.println("| distance threshold | similarity | real genuine accepted | synthetic genuine accepted | known different accepted | unlabelled under |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    for (double t : THRESHOLDS) {
      System.out.printf(Locale.ROOT, "| %.2f | %.3f | %d / %d | %d / %d | %d / %d | %d / %d |%n", t,
          LocalSimilarity.fromDistance(t).ratio(), under(genuine, t), genuine.size(),
          under(synthetic, t), synthetic.size(), under(impostor, t), impostor.size(),
          under(unlabelled, t), unlabelled.size());
    }
  }

  private static long under(List<Double> values, double t) {
    return values.stream().filter(v -> v <= t).count();
  }

  private static String summary(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return String.format(Locale.ROOT, "min %.3f, median %.3f, max %.3f", v[0], v[v.length / 2], v[v.length - 1]);
  }

  /** Distances between the largest face of a photo and the largest face of 8 edits of it. */
  private static List<Double> variants(FaceEngine engine, byte[] photo) throws Exception {
    BufferedImage src = ImageIO.read(new ByteArrayInputStream(photo));
    BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    rgb.getGraphics().drawImage(src, 0, 0, null);
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    List<BufferedImage> edits = new ArrayList<>();
    BufferedImage flip = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    flip.createGraphics().drawImage(rgb, w, 0, -w, h, null);
    edits.add(flip);
    for (double angle : new double[] {-12, 12}) {
      BufferedImage r = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = r.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.rotate(Math.toRadians(angle), w / 2.0, h / 2.0);
      g.drawImage(rgb, 0, 0, null);
      edits.add(r);
    }
    edits.add(new RescaleOp(0.55f, 0, null).filter(rgb, null));
    edits.add(new RescaleOp(1.3f, 25, null).filter(rgb, null));
    BufferedImage small = new BufferedImage(w / 3, h / 3, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = small.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(rgb, 0, 0, w / 3, h / 3, null);
    edits.add(small);
    float[] k = new float[25];
    Arrays.fill(k, 1f / 25);
    edits.add(new ConvolveOp(new Kernel(5, 5, k), ConvolveOp.EDGE_NO_OP, null).filter(rgb, null));
    edits.add(ImageIO.read(new ByteArrayInputStream(jpeg(rgb, 0.3f))));
    float[] base = largest(engine, jpeg(rgb, 0.95f));
    List<Double> out = new ArrayList<>();
    for (BufferedImage edit : edits) {
      float[] d = largest(engine, jpeg(edit, 0.95f));
      if (d != null && base != null) {
        out.add(Descriptors.distance(base, d));
      }
    }
    return out;
  }

  private static float[] largest(FaceEngine engine, byte[] jpeg) throws Exception {
    RgbImage image = engine.decode(new ByteArrayInputStream(jpeg));
    FaceDetection best = null;
    for (FaceEngine.AnalyzedFace f : engine.detect(image)) {
      if (best == null || f.detection().width() > best.width()) {
        best = f.detection();
      }
    }
    return best == null ? null : engine.embed(image, List.of(best)).get(0);
  }

  private static byte[] jpeg(BufferedImage image, float quality) throws Exception {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
