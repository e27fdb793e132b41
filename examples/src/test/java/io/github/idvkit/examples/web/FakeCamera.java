package io.github.idvkit.examples.web;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Makes a video file Chromium plays as its fake camera ({@code --use-file-for-fake-video-capture}):
 * a Y4M (YUV4MPEG2, 4:2:0) still of a portrait on a plain background, 640x480, one frame that
 * Chromium loops.
 */
final class FakeCamera {

  static final int WIDTH = 640;
  static final int HEIGHT = 480;

  private FakeCamera() {}

  /** Writes a Y4M file showing the portrait at {@code resource} (on the classpath). */
  static Path y4m(String resource, Path out) throws IOException {
    BufferedImage portrait;
    try (InputStream in = FakeCamera.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("No portrait at " + resource);
      }
      portrait = ImageIO.read(in);
    }
    BufferedImage frame = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = frame.createGraphics();
    g.setColor(new Color(0x5b, 0x63, 0x70));
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    double scale = Math.min((double) WIDTH / portrait.getWidth(), (double) HEIGHT / portrait.getHeight());
    int w = (int) Math.round(portrait.getWidth() * scale);
    int h = (int) Math.round(portrait.getHeight() * scale);
    g.drawImage(portrait, (WIDTH - w) / 2, (HEIGHT - h) / 2, w, h, null);
    g.dispose();

    byte[] y = new byte[WIDTH * HEIGHT];
    byte[] u = new byte[WIDTH * HEIGHT / 4];
    byte[] v = new byte[WIDTH * HEIGHT / 4];
    for (int row = 0; row < HEIGHT; row++) {
      for (int col = 0; col < WIDTH; col++) {
        int rgb = frame.getRGB(col, row);
        double r = ((rgb >> 16) & 0xff) / 255.0;
        double gr = ((rgb >> 8) & 0xff) / 255.0;
        double b = (rgb & 0xff) / 255.0;
        y[row * WIDTH + col] = clamp(16 + 65.481 * r + 128.553 * gr + 24.966 * b);
      }
    }
    for (int row = 0; row < HEIGHT; row += 2) {
      for (int col = 0; col < WIDTH; col += 2) {
        double r = 0;
        double gr = 0;
        double b = 0;
        for (int dy = 0; dy < 2; dy++) {
          for (int dx = 0; dx < 2; dx++) {
            int rgb = frame.getRGB(col + dx, row + dy);
            r += ((rgb >> 16) & 0xff) / 1020.0;
            gr += ((rgb >> 8) & 0xff) / 1020.0;
            b += (rgb & 0xff) / 1020.0;
          }
        }
        int i = (row / 2) * (WIDTH / 2) + col / 2;
        u[i] = clamp(128 - 37.797 * r - 74.203 * gr + 112.0 * b);
        v[i] = clamp(128 + 112.0 * r - 93.786 * gr - 18.214 * b);
      }
    }
    try (OutputStream os = Files.newOutputStream(out)) {
      os.write(("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F30:1 Ip A1:1 C420jpeg\n")
          .getBytes(StandardCharsets.US_ASCII));
      os.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
      os.write(y);
      os.write(u);
      os.write(v);
    }
    return out;
  }

  private static byte clamp(double value) {
    return (byte) Math.max(0, Math.min(255, (int) Math.round(value)));
  }
}
