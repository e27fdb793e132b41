package io.github.idvkit.testkit;

import io.github.idvkit.BoundingBox;
import io.github.idvkit.Pose;
import io.github.idvkit.Similarity;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The layout of a test image and the bits it carries in its pixels.
 *
 * <p>An image is {@code k} square slots of {@value #SLOT} pixels side by side, one face per slot.
 * The top and bottom {@value #BAND_ROWS} rows of {@value #CELL}-pixel cells across the whole width
 * carry the payload, one bit per cell, black for 1 and white for 0: big, high-contrast blocks that
 * survive JPEG re-encoding and downscaling. The reader finds the cells by proportion, so the image
 * may be scaled by any factor that keeps cells at least 3 pixels wide.
 *
 * <p>Bits, most significant first: magic (12), face count (4), image index (10); per face:
 * identity (32), flags (8), yaw, pitch and roll (8 each, signed), and for a look-alike the
 * resembled identity (32) and the similarity in thousandths (10); then a CRC-16 (CCITT) of
 * everything before it.
 */
final class FacePayload {

  static final int SLOT = 240;
  static final int CELL = 8;
  static final int ROWS = SLOT / CELL;
  static final int BAND_ROWS = 3;
  static final int MAX_FACES = 6;
  static final int MAX_INDEX = 1023;

  /** The face's box in a slot, in pixels: left, top, width, height. */
  static final int[] FACE = {54, 36, 132, 168};

  /** The small face's box in a slot, in pixels. */
  static final int[] SMALL_FACE = {102, 98, 36, 44};

  private static final int MAGIC = 0xA5C;
  private static final int SUNGLASSES = 1;
  private static final int DARK = 1 << 1;
  private static final int OVEREXPOSED = 1 << 2;
  private static final int BLURRED = 1 << 3;
  private static final int EYES_CLOSED = 1 << 4;
  private static final int SMALL = 1 << 5;
  private static final int OCCLUDED = 1 << 6;
  private static final int LOOKALIKE = 1 << 7;

  private FacePayload() {}

  /** Returns the bits for an image of {@code faces}, padded with zeros to fill every band cell. */
  static boolean[] encode(int index, List<TestSubject> faces, int slots) {
    Bits bits = new Bits();
    bits.write(MAGIC, 12);
    bits.write(faces.size(), 4);
    bits.write(index, 10);
    for (TestSubject face : faces) {
      bits.write(Integer.parseUnsignedInt(face.identity(), 16), 32);
      int flags =
          (face.sunglassesOn() ? SUNGLASSES : 0)
              | (face.isDark() ? DARK : 0)
              | (face.isOverexposed() ? OVEREXPOSED : 0)
              | (face.isBlurred() ? BLURRED : 0)
              | (face.isEyesClosed() ? EYES_CLOSED : 0)
              | (face.isSmall() ? SMALL : 0)
              | (face.isOccluded() ? OCCLUDED : 0)
              | (face.resembles().isPresent() ? LOOKALIKE : 0);
      bits.write(flags, 8);
      Pose pose = face.headPose();
      bits.write((int) pose.yaw() & 0xFF, 8);
      bits.write((int) pose.pitch() & 0xFF, 8);
      bits.write((int) pose.roll() & 0xFF, 8);
      if (face.resembles().isPresent()) {
        bits.write(Integer.parseUnsignedInt(face.resembles().get(), 16), 32);
        bits.write((int) Math.round(face.resemblance().orElseThrow().ratio() * 1000), 10);
      }
    }
    bits.write(bits.crc16(), 16);
    int capacity = capacity(slots);
    if (bits.length() > capacity) {
      throw new IllegalStateException("Payload of " + bits.length() + " bits exceeds " + capacity);
    }
    boolean[] out = new boolean[capacity];
    for (int i = 0; i < bits.length(); i++) {
      out[i] = bits.get(i);
    }
    return out;
  }

  static int capacity(int slots) {
    return 2 * BAND_ROWS * ROWS * slots;
  }

  /** Returns the row of the {@code n}th band row: the top band first, then the bottom band. */
  static int bandRow(int n) {
    return n < BAND_ROWS ? n : ROWS - 2 * BAND_ROWS + n;
  }

  /** Reads the payload of a decoded image; empty if it carries none. */
  static Optional<TestImage> decode(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    double cell = (double) height / ROWS;
    if (cell < 3) {
      return Optional.empty();
    }
    double ratio = (double) width / height;
    int slots = (int) Math.round(ratio);
    if (slots < 1 || slots > MAX_FACES || Math.abs(ratio - slots) > 0.02 * slots) {
      return Optional.empty();
    }
    int columns = ROWS * slots;
    double cellWidth = (double) width / columns;
    Bits bits = new Bits();
    for (int n = 0; n < 2 * BAND_ROWS; n++) {
      int row = bandRow(n);
      for (int column = 0; column < columns; column++) {
        bits.add(isDark(image, column * cellWidth, row * cell, cellWidth, cell));
      }
    }
    return parse(bits, slots);
  }

  private static Optional<TestImage> parse(Bits bits, int slots) {
    try {
      if (bits.read(12) != MAGIC) {
        return Optional.empty();
      }
      int count = bits.read(4);
      int index = bits.read(10);
      if (count > slots) {
        return Optional.empty();
      }
      TestImage.Builder image = TestImage.builder().index(index);
      List<TestFace> faces = new ArrayList<>();
      for (int slot = 0; slot < count; slot++) {
        String identity = String.format("%08x", bits.read(32));
        int flags = bits.read(8);
        int yaw = (byte) bits.read(8);
        int pitch = (byte) bits.read(8);
        int roll = (byte) bits.read(8);
        TestFace.Builder face =
            TestFace.builder()
                .identity(identity)
                .sunglasses((flags & SUNGLASSES) != 0)
                .dark((flags & DARK) != 0)
                .overexposed((flags & OVEREXPOSED) != 0)
                .blurred((flags & BLURRED) != 0)
                .eyesClosed((flags & EYES_CLOSED) != 0)
                .small((flags & SMALL) != 0)
                .occluded((flags & OCCLUDED) != 0)
                .box(box(slot, slots, (flags & SMALL) != 0));
        if (Math.abs(yaw) > 90 || Math.abs(pitch) > 90 || Math.abs(roll) > 90) {
          return Optional.empty();
        }
        face.pose(Pose.of(yaw, pitch, roll));
        if ((flags & LOOKALIKE) != 0) {
          String resembles = String.format("%08x", bits.read(32));
          int permille = bits.read(10);
          if (permille > 1000) {
            return Optional.empty();
          }
          face.resembles(resembles).resemblance(Similarity.ofRatio(permille / 1000.0));
        }
        faces.add(face.build());
      }
      int crc = bits.crc16Before(bits.position());
      if (bits.read(16) != crc) {
        return Optional.empty();
      }
      return Optional.of(image.faces(faces).build());
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static BoundingBox box(int slot, int slots, boolean small) {
    int[] b = small ? SMALL_FACE : FACE;
    double width = (double) SLOT * slots;
    return BoundingBox.of(
        (slot * SLOT + b[0]) / width, b[1] / (double) SLOT, b[2] / width, b[3] / (double) SLOT);
  }

  /** Whether the centre of a cell is dark: the mean luma of its middle is below half. */
  private static boolean isDark(BufferedImage image, double x, double y, double w, double h) {
    int x0 = (int) Math.floor(x + w * 0.3);
    int x1 = Math.max(x0 + 1, (int) Math.ceil(x + w * 0.7));
    int y0 = (int) Math.floor(y + h * 0.3);
    int y1 = Math.max(y0 + 1, (int) Math.ceil(y + h * 0.7));
    long sum = 0;
    int n = 0;
    for (int py = y0; py < Math.min(y1, image.getHeight()); py++) {
      for (int px = x0; px < Math.min(x1, image.getWidth()); px++) {
        int rgb = image.getRGB(px, py);
        sum += (299 * ((rgb >> 16) & 0xFF) + 587 * ((rgb >> 8) & 0xFF) + 114 * (rgb & 0xFF)) / 1000;
        n++;
      }
    }
    return n > 0 && sum / n < 128;
  }

  /** A growable bit string with a read cursor. */
  private static final class Bits {
    private boolean[] bits = new boolean[256];
    private int length;
    private int position;

    void add(boolean bit) {
      if (length == bits.length) {
        bits = java.util.Arrays.copyOf(bits, length * 2);
      }
      bits[length++] = bit;
    }

    void write(int value, int count) {
      for (int i = count - 1; i >= 0; i--) {
        add(((value >>> i) & 1) != 0);
      }
    }

    int read(int count) {
      if (position + count > length) {
        throw new IndexOutOfBoundsException("Payload cut short");
      }
      int value = 0;
      for (int i = 0; i < count; i++) {
        value = (value << 1) | (bits[position++] ? 1 : 0);
      }
      return value;
    }

    boolean get(int i) {
      return bits[i];
    }

    int length() {
      return length;
    }

    int position() {
      return position;
    }

    int crc16() {
      return crc16Before(length);
    }

    /** CRC-16/CCITT-FALSE over the first {@code end} bits. */
    int crc16Before(int end) {
      int crc = 0xFFFF;
      for (int i = 0; i < end; i++) {
        boolean top = ((crc >>> 15) & 1) != 0;
        crc = (crc << 1) & 0xFFFF;
        if (top ^ bits[i]) {
          crc ^= 0x1021;
        }
      }
      return crc;
    }
  }
}
