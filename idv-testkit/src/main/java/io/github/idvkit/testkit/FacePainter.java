package io.github.idvkit.testkit;

import static io.github.idvkit.testkit.FacePayload.BAND_ROWS;
import static io.github.idvkit.testkit.FacePayload.CELL;
import static io.github.idvkit.testkit.FacePayload.ROWS;
import static io.github.idvkit.testkit.FacePayload.SLOT;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/** Draws test images: a cartoon face per slot, and the payload bands. */
final class FacePainter {

  private static final Color[] SKIN = {
    new Color(0xF1C27D), new Color(0xE0AC69), new Color(0xC68642), new Color(0x8D5524),
    new Color(0xFFDBAC), new Color(0xD9A066)
  };
  private static final Color[] HAIR = {
    new Color(0x2C1B10), new Color(0x6A4E23), new Color(0xB8860B), new Color(0x111111),
    new Color(0xA0522D), new Color(0x808080)
  };
  private static final Color[] IRIS = {
    new Color(0x3B6EA5), new Color(0x5A3825), new Color(0x3F7D3A), new Color(0x444444)
  };
  private static final Color[] BACKGROUND = {
    new Color(0xDCEBF7), new Color(0xF7E6DC), new Color(0xE3F4DF), new Color(0xF2E0F5),
    new Color(0xF7F3D4), new Color(0xDDDDDD)
  };

  private FacePainter() {}

  /** Paints an image of {@code faces} (one slot each), or a scene without a face if empty. */
  static BufferedImage paint(int index, List<TestSubject> faces) {
    int slots = Math.max(1, faces.size());
    BufferedImage image = new BufferedImage(SLOT * slots, SLOT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      if (faces.isEmpty()) {
        g.drawImage(scene(index), 0, 0, null);
      }
      for (int slot = 0; slot < faces.size(); slot++) {
        g.drawImage(face(index, faces.get(slot)), slot * SLOT, 0, null);
      }
      paintBands(g, FacePayload.encode(index, faces, slots), slots);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void paintBands(Graphics2D g, boolean[] bits, int slots) {
    int columns = ROWS * slots;
    int i = 0;
    for (int n = 0; n < 2 * BAND_ROWS; n++) {
      int y = FacePayload.bandRow(n) * CELL;
      for (int column = 0; column < columns; column++) {
        g.setColor(bits[i++] ? Color.BLACK : Color.WHITE);
        g.fillRect(column * CELL, y, CELL, CELL);
      }
    }
  }

  private static BufferedImage scene(int index) {
    BufferedImage slot = new BufferedImage(SLOT, SLOT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = slot.createGraphics();
    try {
      antialias(g);
      g.setColor(new Color(0xBFE3FF));
      g.fillRect(0, 0, SLOT, SLOT);
      g.setColor(new Color(0xFFD54F));
      g.fill(new Ellipse2D.Double(30 + (index % 5) * 30, 50, 40, 40));
      g.setColor(new Color(0x7CB342));
      g.fill(new Ellipse2D.Double(-60, 150, 240, 160));
      g.setColor(new Color(0x558B2F));
      g.fill(new Ellipse2D.Double(90, 160, 240, 160));
    } finally {
      g.dispose();
    }
    return slot;
  }

  private static BufferedImage face(int index, TestSubject subject) {
    byte[] traits = traits(subject.identity());
    BufferedImage slot = new BufferedImage(SLOT, SLOT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = slot.createGraphics();
    try {
      antialias(g);
      g.setColor(BACKGROUND[Math.floorMod(index, BACKGROUND.length)]);
      g.fillRect(0, 0, SLOT, SLOT);
      int[] box = subject.isSmall() ? FacePayload.SMALL_FACE : FacePayload.FACE;
      double scale = box[2] / (double) FacePayload.FACE[2];
      AffineTransform at = new AffineTransform();
      at.translate(SLOT / 2.0, SLOT / 2.0);
      at.scale(scale, scale);
      at.rotate(Math.toRadians(subject.headPose().roll()));
      at.translate(-SLOT / 2.0, -SLOT / 2.0);
      g.transform(at);
      drawFace(g, index, subject, traits);
    } finally {
      g.dispose();
    }
    if (subject.isBlurred()) {
      slot = blur(slot);
    }
    if (subject.isDark()) {
      shade(slot, 0.16, 0);
    } else if (subject.isOverexposed()) {
      shade(slot, 0.25, 0.75);
    }
    return slot;
  }

  private static void drawFace(Graphics2D g, int index, TestSubject subject, byte[] traits) {
    Color skin = SKIN[Math.floorMod(traits[0], SKIN.length)];
    Color hair = HAIR[Math.floorMod(traits[1], HAIR.length)];
    Color iris = IRIS[Math.floorMod(traits[2], IRIS.length)];
    int hairStyle = Math.floorMod(traits[3], 3);
    double cx = SLOT / 2.0;
    double cy = SLOT / 2.0;
    double w = FacePayload.FACE[2];
    double h = FacePayload.FACE[3];
    // features shift with yaw and pitch
    double dx = subject.headPose().yaw() / 90.0 * 34;
    double dy = -subject.headPose().pitch() / 90.0 * 30;

    // hair behind the head
    g.setColor(hair);
    if (hairStyle == 1) {
      g.fill(new RoundRectangle2D.Double(cx - w / 2 - 8, cy - h / 2 - 6, w + 16, h * 0.85, 60, 60));
    }
    // neck and shoulders
    g.setColor(skin.darker());
    g.fill(new RoundRectangle2D.Double(cx - 22, cy + h / 2 - 20, 44, 40, 10, 10));
    // head
    g.setColor(skin);
    double faceWidth = w * (1 - Math.abs(subject.headPose().yaw()) / 90.0 * 0.25);
    g.fill(new Ellipse2D.Double(cx - faceWidth / 2, cy - h / 2, faceWidth, h));
    // ears
    g.fill(new Ellipse2D.Double(cx - faceWidth / 2 - 10 + dx * 0.3, cy - 12, 20, 34));
    g.fill(new Ellipse2D.Double(cx + faceWidth / 2 - 10 + dx * 0.3, cy - 12, 20, 34));
    // hair on top
    g.setColor(hair);
    if (hairStyle == 2) {
      for (int i = -3; i <= 3; i++) {
        g.fill(new Ellipse2D.Double(cx + i * 17 - 14, cy - h / 2 - 8 + Math.abs(i) * 4, 30, 30));
      }
    } else {
      g.fill(new Arc2D.Double(cx - w / 2, cy - h / 2 - 4, w, h * 0.6, 0, 180, Arc2D.CHORD));
    }
    // eyes
    double eyeY = cy - 14 + dy;
    for (int side = -1; side <= 1; side += 2) {
      double ex = cx + side * 28 + dx;
      if (subject.isEyesClosed()) {
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(3f));
        g.draw(new Arc2D.Double(ex - 13, eyeY - 8, 26, 16, 180, 180, Arc2D.OPEN));
      } else {
        g.setColor(Color.WHITE);
        g.fill(new Ellipse2D.Double(ex - 14, eyeY - 9, 28, 18));
        g.setColor(iris);
        g.fill(new Ellipse2D.Double(ex - 7 + dx * 0.15, eyeY - 7, 14, 14));
        g.setColor(Color.BLACK);
        g.fill(new Ellipse2D.Double(ex - 3 + dx * 0.15, eyeY - 3, 6, 6));
      }
      // eyebrows
      g.setColor(hair.darker());
      g.setStroke(new BasicStroke(4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(new Arc2D.Double(ex - 15, eyeY - 24, 30, 14, 20, 140, Arc2D.OPEN));
    }
    if (subject.sunglassesOn()) {
      g.setColor(new Color(0x101010));
      g.fill(new RoundRectangle2D.Double(cx - 48 + dx, eyeY - 14, 40, 28, 12, 12));
      g.fill(new RoundRectangle2D.Double(cx + 8 + dx, eyeY - 14, 40, 28, 12, 12));
      g.setStroke(new BasicStroke(4f));
      g.drawLine((int) (cx - 8 + dx), (int) eyeY - 4, (int) (cx + 8 + dx), (int) eyeY - 4);
    }
    // nose
    g.setColor(skin.darker());
    g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    Path2D nose = new Path2D.Double();
    nose.moveTo(cx + dx * 1.2, cy - 2 + dy);
    nose.lineTo(cx + dx * 1.2 + (dx >= 0 ? 8 : -8), cy + 22 + dy);
    nose.lineTo(cx + dx * 1.2, cy + 24 + dy);
    g.draw(nose);
    // mouth: a smile on odd photos, a straight mouth on even ones
    double mouthY = cy + 44 + dy;
    g.setColor(new Color(0xA0303A));
    if (index % 2 == 1) {
      g.draw(new Arc2D.Double(cx - 24 + dx, mouthY - 14, 48, 24, 200, 140, Arc2D.OPEN));
    } else {
      g.drawLine((int) (cx - 18 + dx), (int) mouthY, (int) (cx + 18 + dx), (int) mouthY);
    }
    if (subject.isOccluded()) {
      g.setColor(new Color(0x9FD3E6));
      g.fill(new RoundRectangle2D.Double(cx - 56 + dx * 0.5, cy + 4 + dy, 112, 64, 24, 24));
      g.setColor(new Color(0x6FA8BF));
      g.setStroke(new BasicStroke(2f));
      for (int i = 0; i < 3; i++) {
        double y = cy + 20 + i * 14 + dy;
        g.drawLine((int) (cx - 44 + dx * 0.5), (int) y, (int) (cx + 44 + dx * 0.5), (int) y);
      }
    }
  }

  private static byte[] traits(String identity) {
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      bytes[i] = (byte) Integer.parseInt(identity.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }

  private static void antialias(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
  }

  /** Blurs with three passes of a box blur each way (close to a Gaussian), on the raw pixels. */
  private static BufferedImage blur(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
    int[] scratch = new int[pixels.length];
    for (int pass = 0; pass < 3; pass++) {
      boxBlur(pixels, scratch, width, height, 1, width, 5);
      boxBlur(scratch, pixels, height, width, width, 1, 5);
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, width, height, pixels, 0, width);
    return out;
  }

  /**
   * Blurs {@code lines} lines of {@code length} pixels from {@code in} into {@code out}: pixel i of
   * line j is at {@code j * lineStep + i * step}; edges are clamped.
   */
  private static void boxBlur(
      int[] in, int[] out, int length, int lines, int step, int lineStep, int radius) {
    int span = 2 * radius + 1;
    for (int line = 0; line < lines; line++) {
      int base = line * lineStep;
      int r = 0;
      int g = 0;
      int b = 0;
      for (int k = -radius; k <= radius; k++) {
        int p = in[base + Math.max(0, Math.min(length - 1, k)) * step];
        r += (p >> 16) & 0xFF;
        g += (p >> 8) & 0xFF;
        b += p & 0xFF;
      }
      for (int i = 0; i < length; i++) {
        out[base + i * step] = ((r / span) << 16) | ((g / span) << 8) | (b / span);
        int leaving = in[base + Math.max(0, i - radius) * step];
        int entering = in[base + Math.min(length - 1, i + radius + 1) * step];
        r += ((entering >> 16) & 0xFF) - ((leaving >> 16) & 0xFF);
        g += ((entering >> 8) & 0xFF) - ((leaving >> 8) & 0xFF);
        b += (entering & 0xFF) - (leaving & 0xFF);
      }
    }
  }

  /** Maps every channel c to {@code offset * 255 + factor * c}. */
  private static void shade(BufferedImage image, double factor, double offset) {
    int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    for (int i = 0; i < pixels.length; i++) {
      int rgb = pixels[i];
      int r = Math.min(255, (int) (offset * 255 + factor * ((rgb >> 16) & 0xFF)));
      int g = Math.min(255, (int) (offset * 255 + factor * ((rgb >> 8) & 0xFF)));
      int b = Math.min(255, (int) (offset * 255 + factor * (rgb & 0xFF)));
      pixels[i] = (r << 16) | (g << 8) | b;
    }
    image.setRGB(0, 0, image.getWidth(), image.getHeight(), pixels, 0, image.getWidth());
  }
}
