package io.github.idvkit.hostile;

import static io.github.idvkit.hostile.Forge.concat;

import io.github.idvkit.ImageLimits;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random valid images with a known picture, random limits and random damage, for the property
 * tests. Everything is drawn from one {@link SplittableRandom}, so a seed replays a case exactly.
 */
final class RandomImages {

  /** Grey levels of the four quadrants of the displayed picture: TL, TR, BL, BR. */
  static final int[] QUADRANTS = {235, 30, 100, 170};

  enum Encoding {
    JPEG,
    PROGRESSIVE_JPEG,
    GREY_JPEG,
    PNG,
    ARGB_PNG,
    GREY_PNG,
    SIXTEEN_BIT_PNG,
    INTERLACED_PNG,
    PALETTE_PNG;

    boolean jpeg() {
      return ordinal() <= GREY_JPEG.ordinal();
    }
  }

  /**
   * One generated image: the picture as it should be displayed, stored transformed so that the EXIF
   * {@code orientation} (0 for no tag) turns it back.
   */
  record Generated(
      byte[] bytes, Encoding encoding, int orientation, int displayWidth, int displayHeight) {

    @Override
    public String toString() {
      return encoding + " " + displayWidth + "x" + displayHeight + " orientation " + orientation
          + ", " + bytes.length + " bytes";
    }
  }

  private RandomImages() {}

  static Generated image(SplittableRandom random, int minSide, int maxSide) {
    int width = between(random, minSide, maxSide);
    int height = between(random, minSide, maxSide);
    Encoding encoding = Encoding.values()[random.nextInt(Encoding.values().length)];
    int orientation = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(8);
    BufferedImage stored = transform(quadrants(width, height), inverse(orientation));
    byte[] bytes = encode(stored, encoding);
    if (orientation != 0) {
      byte[] tiff = Forge.orientationTiff(orientation, random.nextBoolean());
      bytes =
          encoding.jpeg()
              ? Forge.insertAfterSoi(bytes, Forge.exifSegment(tiff))
              : Forge.withChunkAfterIhdr(bytes, Forge.exifChunk(tiff));
    }
    return new Generated(bytes, encoding, orientation, width, height);
  }

  /** Sizes: a few under any minimum, most modest, some large; each side drawn on its own. */
  static Generated anyImage(SplittableRandom random) {
    int kind = random.nextInt(20);
    if (kind < 3) {
      return image(random, 1, 120);
    }
    if (kind < 18) {
      return image(random, 60, 700);
    }
    return image(random, 700, 2000);
  }

  static ImageLimits limits(SplittableRandom random) {
    int maxLongSide = between(random, 80, 2000);
    int minSide = between(random, 1, Math.min(100, maxLongSide));
    long maxBytes = (long) (10_000 * Math.pow(500, random.nextDouble())); // 10 kB to 5 MB
    return ImageLimits.builder()
        .maxLongSide(maxLongSide)
        .minSide(minSide)
        .maxBytes(maxBytes)
        .jpegQuality(between(random, 50, 95))
        .build();
  }

  // ---------------------------------------------------------------- pictures and orientation

  /** The displayed picture: four grey quadrants of distinct levels, so every turn and flip shows. */
  static BufferedImage quadrants(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int level = QUADRANTS[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)];
        image.setRGB(x, y, level << 16 | level << 8 | level);
      }
    }
    return image;
  }

  /** The orientation that undoes {@code orientation}: 6 and 8 swap, the others undo themselves. */
  static int inverse(int orientation) {
    return orientation == 6 ? 8 : orientation == 8 ? 6 : orientation;
  }

  /**
   * Applies EXIF {@code orientation} the way a viewer does; 0 and 1 leave the image as it is. The
   * mapping is written out here, independently of the code under test.
   */
  static BufferedImage transform(BufferedImage source, int orientation) {
    int w = source.getWidth();
    int h = source.getHeight();
    boolean turned = orientation >= 5;
    BufferedImage out = new BufferedImage(turned ? h : w, turned ? w : h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int toX =
            switch (orientation) {
              case 2, 3 -> w - 1 - x;
              case 5, 8 -> y;
              case 6, 7 -> h - 1 - y;
              default -> x;
            };
        int toY =
            switch (orientation) {
              case 3, 4 -> h - 1 - y;
              case 5, 6 -> x;
              case 7, 8 -> w - 1 - x;
              default -> y;
            };
        out.setRGB(toX, toY, source.getRGB(x, y));
      }
    }
    return out;
  }

  static byte[] encode(BufferedImage image, Encoding encoding) {
    return switch (encoding) {
      case JPEG -> Forge.jpeg(image, false);
      case PROGRESSIVE_JPEG -> Forge.jpeg(image, true);
      case GREY_JPEG -> Forge.jpeg(Forge.as(image, BufferedImage.TYPE_BYTE_GRAY), false);
      case PNG -> Forge.png(image, false);
      case ARGB_PNG -> Forge.png(Forge.as(image, BufferedImage.TYPE_INT_ARGB), false);
      case GREY_PNG -> Forge.png(Forge.as(image, BufferedImage.TYPE_BYTE_GRAY), false);
      case SIXTEEN_BIT_PNG -> Forge.png(sixteenBit(image), false);
      case INTERLACED_PNG -> Forge.png(image, true);
      case PALETTE_PNG -> Forge.png(palette(image), false);
    };
  }

  /** A palette image of exactly the quadrant levels, each pixel mapped to the nearest, undithered. */
  private static BufferedImage palette(BufferedImage image) {
    byte[] levels = new byte[QUADRANTS.length];
    for (int i = 0; i < levels.length; i++) {
      levels[i] = (byte) QUADRANTS[i];
    }
    IndexColorModel model = new IndexColorModel(2, levels.length, levels, levels, levels);
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_BINARY, model);
    WritableRaster raster = out.getRaster();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int luma = Forge.luma(image.getRGB(x, y));
        int nearest = 0;
        for (int i = 1; i < levels.length; i++) {
          if (Math.abs(QUADRANTS[i] - luma) < Math.abs(QUADRANTS[nearest] - luma)) {
            nearest = i;
          }
        }
        raster.setSample(x, y, 0, nearest);
      }
    }
    return out;
  }

  private static BufferedImage sixteenBit(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, w, h, 3, null);
    int[] pixel = new int[3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        pixel[0] = (rgb >> 16 & 0xFF) * 257;
        pixel[1] = (rgb >> 8 & 0xFF) * 257;
        pixel[2] = (rgb & 0xFF) * 257;
        raster.setPixel(x, y, pixel);
      }
    }
    ComponentColorModel model =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    return new BufferedImage(model, raster, false, null);
  }

  // ---------------------------------------------------------------- damage

  /** One to three random byte-level injuries: flips, overwrites, cuts, insertions, deletions, copies. */
  static byte[] corrupt(byte[] original, SplittableRandom random, List<String> log) {
    byte[] bytes = original;
    for (int injuries = 1 + random.nextInt(3); injuries > 0 && bytes.length > 2; injuries--) {
      int at = random.nextInt(bytes.length);
      int span = 1 + random.nextInt(Math.min(64, bytes.length - at));
      switch (random.nextInt(7)) {
        case 0 -> {
          bytes = bytes.clone();
          for (int k = 1 + random.nextInt(8); k > 0; k--) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
          }
          log.add("flipped bits");
        }
        case 1 -> {
          bytes = bytes.clone();
          for (int k = 1 + random.nextInt(8); k > 0; k--) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
          }
          log.add("overwrote bytes");
        }
        case 2 -> {
          bytes = Arrays.copyOf(bytes, Math.max(1, at));
          log.add("cut at " + at);
        }
        case 3 -> {
          bytes = concat(Arrays.copyOf(bytes, at), HostileCorpus.random(span, random.nextLong()), Arrays.copyOfRange(bytes, at, bytes.length));
          log.add("inserted " + span + " at " + at);
        }
        case 4 -> {
          bytes = concat(Arrays.copyOf(bytes, at), Arrays.copyOfRange(bytes, at + span, bytes.length));
          log.add("deleted " + span + " at " + at);
        }
        case 5 -> {
          bytes = concat(Arrays.copyOf(bytes, at + span), Arrays.copyOfRange(bytes, at, bytes.length));
          log.add("repeated " + span + " at " + at);
        }
        default -> {
          bytes = bytes.clone();
          Arrays.fill(bytes, at, at + span, (byte) 0xFF);
          log.add("filled " + span + " with 0xFF at " + at);
        }
      }
    }
    return bytes;
  }

  /**
   * Rearranges the structure of a valid file: JPEG segments or PNG chunks dropped, repeated,
   * swapped or given damaged contents (PNG checksums recomputed, so the decoder sees the damage).
   */
  static byte[] rearrange(byte[] file, SplittableRandom random, List<String> log) {
    boolean png = file[0] == (byte) 0x89;
    List<byte[]> parts = png ? pngChunks(file) : jpegSegments(file);
    for (int edits = 1 + random.nextInt(3); edits > 0 && parts.size() > 1; edits--) {
      int i = 1 + random.nextInt(parts.size() - 1); // keep the signature or SOI
      int j = 1 + random.nextInt(parts.size() - 1);
      switch (random.nextInt(4)) {
        case 0 -> {
          log.add("dropped part " + i);
          parts.remove(i);
        }
        case 1 -> {
          log.add("repeated part " + i);
          parts.add(j, parts.get(i).clone());
        }
        case 2 -> {
          log.add("swapped parts " + i + " and " + j);
          byte[] swap = parts.get(i);
          parts.set(i, parts.get(j));
          parts.set(j, swap);
        }
        default -> {
          log.add("damaged part " + i);
          parts.set(i, damage(parts.get(i), png, random));
        }
      }
    }
    return concat(parts.toArray(byte[][]::new));
  }

  private static byte[] damage(byte[] part, boolean png, SplittableRandom random) {
    byte[] out = part.clone();
    int header = png ? 8 : 4;
    int trailer = png ? 4 : 0;
    if (out.length <= header + trailer) {
      return out;
    }
    for (int k = 1 + random.nextInt(4); k > 0; k--) {
      out[header + random.nextInt(out.length - header - trailer)] = (byte) random.nextInt(256);
    }
    if (png) {
      byte[] type = Arrays.copyOfRange(out, 4, 8);
      byte[] data = Arrays.copyOfRange(out, 8, out.length - 4);
      return Forge.chunk(new String(type, StandardCharsets.ISO_8859_1), data);
    }
    return out;
  }

  /** The signature, then each chunk with its length, type, data and checksum. */
  static List<byte[]> pngChunks(byte[] png) {
    List<byte[]> parts = new ArrayList<>();
    parts.add(Arrays.copyOf(png, 8));
    int pos = 8;
    while (pos + 12 <= png.length) {
      int length = ByteBuffer.wrap(png, pos, 4).getInt();
      int end = pos + 12 + length;
      parts.add(Arrays.copyOfRange(png, pos, end));
      pos = end;
    }
    return parts;
  }

  /** SOI, then each marker segment; a scan segment carries its entropy-coded data with it. */
  static List<byte[]> jpegSegments(byte[] jpeg) {
    List<byte[]> parts = new ArrayList<>();
    parts.add(Arrays.copyOf(jpeg, 2));
    int pos = 2;
    while (pos + 4 <= jpeg.length) {
      int marker = jpeg[pos + 1] & 0xFF;
      if (marker == 0xD9) {
        parts.add(Arrays.copyOfRange(jpeg, pos, jpeg.length));
        break;
      }
      int end = pos + 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
      if (marker == Forge.SOS) {
        while (end + 1 < jpeg.length
            && !(jpeg[end] == (byte) 0xFF && jpeg[end + 1] != 0 && (jpeg[end + 1] & 0xF8) != 0xD0)) {
          end++;
        }
      }
      parts.add(Arrays.copyOfRange(jpeg, pos, Math.min(end, jpeg.length)));
      pos = end;
    }
    return parts;
  }

  private static int between(SplittableRandom random, int low, int high) {
    return low + random.nextInt(high - low + 1);
  }
}
