package io.github.idvkit.hostile;

import static io.github.idvkit.hostile.Forge.APP2;
import static io.github.idvkit.hostile.Forge.COM;
import static io.github.idvkit.hostile.Forge.GREY;
import static io.github.idvkit.hostile.Forge.GREY_ALPHA;
import static io.github.idvkit.hostile.Forge.PALETTE;
import static io.github.idvkit.hostile.Forge.PNG_SIGNATURE;
import static io.github.idvkit.hostile.Forge.RGB;
import static io.github.idvkit.hostile.Forge.RGBA;
import static io.github.idvkit.hostile.Forge.SOF0;
import static io.github.idvkit.hostile.Forge.SOF2;
import static io.github.idvkit.hostile.Forge.SOS;
import static io.github.idvkit.hostile.Forge.ascii;
import static io.github.idvkit.hostile.Forge.chunk;
import static io.github.idvkit.hostile.Forge.concat;
import static io.github.idvkit.hostile.Forge.deflate;
import static io.github.idvkit.hostile.Forge.deflatedZeros;
import static io.github.idvkit.hostile.Forge.exifChunk;
import static io.github.idvkit.hostile.Forge.exifSegment;
import static io.github.idvkit.hostile.Forge.gradient;
import static io.github.idvkit.hostile.Forge.insertAfterSoi;
import static io.github.idvkit.hostile.Forge.orientationTiff;
import static io.github.idvkit.hostile.Forge.repeat;
import static io.github.idvkit.hostile.Forge.segment;
import static io.github.idvkit.hostile.Forge.tiff;
import static io.github.idvkit.hostile.Forge.withChunkAfterIhdr;

import io.github.idvkit.FaceImage;
import io.github.idvkit.hostile.Forge.Entry;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The hostile-image corpus: every input an attacker, a broken camera or a confused client could send
 * as a selfie. Each is generated here, nothing is checked in; entries are built lazily, so the
 * 100 MB inputs exist only while their test runs.
 */
final class HostileCorpus {

  /** One hostile input; {@link #prepare()} builds it, apart from the work that is measured. */
  record Hostile(String name, Supplier<Prepared> preparation) {

    Prepared prepare() {
      return preparation.get();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * A built input: how it reaches {@link FaceImage}, the way a caller would send it, and its bytes
   * when it has them in memory (to check that no message repeats them).
   */
  record Prepared(Opener opener, byte @Nullable [] content, Runnable cleanUp) implements AutoCloseable {

    interface Opener {
      FaceImage open() throws IOException;
    }

    FaceImage open() throws IOException {
      return opener.open();
    }

    @Override
    public void close() {
      cleanUp.run();
    }
  }

  static final long HUNDRED_MB = 100L * 1000 * 1000;

  private HostileCorpus() {}

  static List<Hostile> all() {
    List<Hostile> corpus = new ArrayList<>();
    byte[] jpeg = Forge.jpeg(gradient(320, 240), false);
    byte[] png = Forge.png(gradient(320, 240), false);

    // -------------------------------------------------------------- empty, tiny, wrong magic
    bytes(corpus, "empty", () -> new byte[0]);
    bytes(corpus, "one 0xFF byte", () -> new byte[] {(byte) 0xFF});
    bytes(corpus, "JPEG SOI only", () -> new byte[] {(byte) 0xFF, (byte) 0xD8});
    bytes(corpus, "JPEG SOI then EOI", () -> new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
    bytes(corpus, "PNG signature only", () -> PNG_SIGNATURE.clone());
    bytes(corpus, "GIF", () -> concat(ascii("GIF89a"), new byte[64]));
    bytes(corpus, "BMP", () -> concat(ascii("BM"), new byte[64]));
    bytes(corpus, "TIFF", () -> concat(ascii("II*\0"), new byte[64]));
    bytes(corpus, "WebP", () -> concat(ascii("RIFF\0\0\0\0WEBPVP8 "), new byte[64]));
    bytes(corpus, "PDF", () -> ascii("%PDF-1.7\n1 0 obj << >> endobj\n"));
    bytes(corpus, "HTML error page", () -> ascii("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>"));
    bytes(corpus, "JSON", () -> ascii("{\"image\":\"" + "A".repeat(200) + "\"}"));
    bytes(corpus, "base64 text of a JPEG", () -> ascii(Base64.getEncoder().encodeToString(jpeg)));
    bytes(corpus, "random bytes", () -> random(4096, 1));
    bytes(corpus, "zeros", () -> new byte[4096]);
    bytes(corpus, "PNG signature with one bit flipped", () -> flip(png, 1, 0x01));
    bytes(corpus, "JPEG magic on a PNG body", () -> concat(new byte[] {(byte) 0xFF, (byte) 0xD8}, png));
    bytes(corpus, "PNG magic on a JPEG body", () -> concat(PNG_SIGNATURE, Arrays.copyOfRange(jpeg, 2, jpeg.length)));

    // -------------------------------------------------------------- truncated at many offsets
    for (int at : new int[] {3, 4, 6, 20, 100, 300, jpeg.length / 2, jpeg.length - 3, jpeg.length - 2, jpeg.length - 1}) {
      bytes(corpus, "JPEG truncated at " + at + " of " + jpeg.length, () -> Arrays.copyOf(jpeg, at));
    }
    for (int at : new int[] {9, 16, 29, 33, 37, 45, png.length / 2, png.length - 12, png.length - 1}) {
      bytes(corpus, "PNG truncated at " + at + " of " + png.length, () -> Arrays.copyOf(png, at));
    }

    // -------------------------------------------------------------- sizes: 1x1, boundaries, bombs
    bytes(corpus, "1x1 PNG", () -> Forge.png(gradient(1, 1), false));
    bytes(corpus, "1x1 JPEG", () -> Forge.jpeg(gradient(1, 1), false));
    bytes(corpus, "79x400 PNG (a side under the minimum)", () -> Forge.png(gradient(79, 400), false));
    bytes(corpus, "80x80 PNG (exactly the minimum)", () -> Forge.png(gradient(80, 80), false));
    bytes(corpus, "PNG declaring 100000x100000", () -> Forge.png(100_000, 100_000, 8, RGB, deflate(new byte[64])));
    bytes(corpus, "PNG declaring 65535x65535 over zeros", () -> Forge.png(65_535, 65_535, 8, GREY, deflatedZeros(1 << 20)));
    bytes(corpus, "PNG declaring 2^31-1 x 1", () -> Forge.png(Integer.MAX_VALUE, 1, 8, GREY, deflate(new byte[64])));
    bytes(corpus, "PNG declaring 2^32-1 x 2^32-1", () -> Forge.png(0xFFFF_FFFFL, 0xFFFF_FFFFL, 8, GREY, deflate(new byte[64])));
    bytes(corpus, "PNG declaring 0x0", () -> Forge.png(0, 0, 8, GREY, deflate(new byte[64])));
    bytes(corpus, "PNG bomb 8000x8000 grey zeros (64 MP, at the limit)", () -> Forge.pngOfZeros(8000, 8000, 8, GREY, 1));
    bytes(corpus, "PNG bomb 8000x8000 16-bit RGBA zeros (512 MB inflated)", () -> Forge.pngOfZeros(8000, 8000, 16, RGBA, 8));
    bytes(corpus, "PNG bomb 64000x1000 (extreme aspect)", () -> Forge.pngOfZeros(64_000, 1000, 8, GREY, 1));
    bytes(corpus, "PNG 8000x8000 whose data stops after 1 MB", () -> Forge.png(8000, 8000, 8, GREY, deflatedZeros(1 << 20)));
    bytes(corpus, "PNG 4000x4000 with 16 bytes of data", () -> Forge.png(4000, 4000, 8, RGB, deflate(new byte[16])));
    bytes(corpus, "PNG IDAT that is not zlib", () -> Forge.png(96, 96, 8, RGB, ascii("definitely not zlib data")));
    bytes(corpus, "PNG zTXt bomb (100 MB of text)", () -> withChunkAfterIhdr(png, chunk("zTXt", concat(ascii("Comment\0\0"), deflatedZeros(100_000_000)))));
    bytes(corpus, "PNG iCCP bomb (100 MB profile)", () -> withChunkAfterIhdr(png, chunk("iCCP", concat(ascii("icc\0\0"), deflatedZeros(100_000_000)))));
    bytes(corpus, "PNG with 20000 empty IDAT chunks", () -> pngWithManyIdats(20_000));
    bytes(corpus, "PNG flood of 3000000 empty IDAT chunks (34 MB)", () -> pngWithManyIdats(3_000_000));
    bytes(corpus, "PNG with 20000 tEXt chunks", () -> withChunkAfterIhdr(png, concat(nCopies(chunk("tEXt", ascii("k\0v")), 20_000))));
    bytes(corpus, "PNG chunk length 2^31-1", () -> withChunkAfterIhdr(png, concat(new byte[] {0x7F, -1, -1, -1}, ascii("tEXt"), new byte[8])));
    bytes(corpus, "PNG palette without PLTE", () -> Forge.png(96, 96, 8, PALETTE, deflate(new byte[97 * 96])));
    bytes(corpus, "PNG palette indices past the palette", () -> Forge.png(96, 96, 8, PALETTE, deflate(repeat(0xC8, 97 * 96)), chunk("PLTE", new byte[6])));
    bytes(corpus, "PNG with two IHDR", () -> withChunkAfterIhdr(png, Forge.ihdr(320, 240, 8, RGB, 0)));
    bytes(corpus, "PNG with invalid filter bytes", () -> Forge.png(96, 96, 8, GREY, deflate(repeat(0x09, 97 * 96))));
    bytes(corpus, "PNG with bad IDAT checksum", () -> badIdatCrc(png));
    bytes(corpus, "JPEG declaring 65535x65535", () -> Forge.withFrameSize(jpeg, SOF0, 65_535, 65_535));
    bytes(corpus, "JPEG declaring 8000x8000 over 320x240 data", () -> Forge.withFrameSize(jpeg, SOF0, 8000, 8000));
    bytes(corpus, "JPEG declaring 65535x1", () -> Forge.withFrameSize(jpeg, SOF0, 65_535, 1));
    bytes(corpus, "JPEG declaring 0x240", () -> Forge.withFrameSize(jpeg, SOF0, 0, 240));
    bytes(corpus, "JPEG with 300 scans", () -> jpegWithScans(jpeg, 300));
    bytes(corpus, "JPEG with 1 MB of fill bytes", () -> insertAfterSoi(jpeg, concat(repeat(0xFF, 1 << 20), new byte[] {(byte) 0xFE, 0, 2})));
    bytes(corpus, "JPEG with 20000 comment segments", () -> insertAfterSoi(jpeg, nCopies(segment(COM, ascii("x")), 20_000)));
    bytes(corpus, "JPEG segment length 0", () -> insertAfterSoi(jpeg, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}));
    bytes(corpus, "JPEG segment longer than the file", () -> insertAfterSoi(jpeg, new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF}));
    bytes(corpus, "JPEG garbled scan data", () -> garble(jpeg));
    bytes(corpus, "JPEG ICC profile of garbage", () -> insertAfterSoi(jpeg, segment(APP2, concat(ascii("ICC_PROFILE\0\1\1"), random(600, 2)))));
    bytes(corpus, "JPEG ICC profile claiming 255 parts", () -> insertAfterSoi(jpeg, segment(APP2, concat(ascii("ICC_PROFILE\0\1\u00FF"), random(200, 3)))));

    // -------------------------------------------------------------- encodings
    bytes(corpus, "CMYK JPEG", () -> Forge.cmykJpeg(200, 150));
    bytes(corpus, "progressive JPEG", () -> Forge.jpeg(gradient(640, 480), true));
    bytes(corpus, "progressive JPEG cut mid-scan", () -> cutMidScan(Forge.jpeg(gradient(640, 480), true)));
    bytes(corpus, "grey JPEG", () -> Forge.jpeg(Forge.as(gradient(200, 150), BufferedImage.TYPE_BYTE_GRAY), false));
    bytes(corpus, "lossless JPEG (SOF3)", () -> Forge.withFrameKind(jpeg, 0xC3, 8));
    bytes(corpus, "arithmetic JPEG (SOF9)", () -> Forge.withFrameKind(jpeg, 0xC9, 8));
    bytes(corpus, "12-bit JPEG", () -> Forge.withFrameKind(jpeg, SOF0, 12));
    bytes(corpus, "progressive frame over baseline scans", () -> Forge.withFrameKind(jpeg, SOF2, 8));
    bytes(corpus, "16-bit grey PNG", () -> Forge.png(Forge.sixteenBit(300, 200, true), false));
    bytes(corpus, "16-bit RGB PNG", () -> Forge.png(Forge.sixteenBit(300, 200, false), false));
    bytes(corpus, "interlaced PNG", () -> Forge.png(gradient(300, 200), true));
    bytes(corpus, "interlaced 16-bit PNG", () -> Forge.png(Forge.sixteenBit(300, 200, false), true));
    bytes(corpus, "interlaced PNG truncated", () -> { byte[] p = Forge.png(gradient(300, 200), true); return Arrays.copyOf(p, p.length * 2 / 3); });
    bytes(corpus, "ARGB PNG", () -> Forge.png(Forge.as(gradient(200, 150), BufferedImage.TYPE_INT_ARGB), false));
    bytes(corpus, "palette PNG", () -> Forge.png(Forge.as(gradient(200, 150), BufferedImage.TYPE_BYTE_INDEXED), false));
    bytes(corpus, "1-bit PNG", () -> Forge.png(Forge.as(gradient(200, 150), BufferedImage.TYPE_BYTE_BINARY), false));
    bytes(corpus, "grey+alpha PNG of zeros", () -> Forge.pngOfZeros(200, 150, 8, GREY_ALPHA, 2));

    // -------------------------------------------------------------- EXIF
    for (int orientation : new int[] {0, 9, 255, 65_535}) {
      bytes(corpus, "EXIF orientation " + orientation, () -> insertAfterSoi(jpeg, exifSegment(orientationTiff(orientation, true))));
    }
    bytes(corpus, "EXIF orientation 6 (rotate)", () -> insertAfterSoi(jpeg, exifSegment(orientationTiff(6, false))));
    bytes(corpus, "EXIF orientation as LONG 2^32-1", () -> insertAfterSoi(jpeg, exifSegment(tiff(true, 42, 8, 1, 0, new Entry(0x0112, 4, 1, 0xFFFF_FFFFL)))));
    bytes(corpus, "EXIF orientation as ASCII", () -> insertAfterSoi(jpeg, exifSegment(tiff(true, 42, 8, 1, 0, new Entry(0x0112, 2, 4, 0x36)))));
    bytes(corpus, "EXIF IFD pointing at itself", () -> insertAfterSoi(jpeg, exifSegment(tiff(true, 42, 8, 1, 8, new Entry(0x8769, 4, 1, 8)))));
    bytes(corpus, "EXIF IFD loop through the next-IFD link", () -> insertAfterSoi(jpeg, exifSegment(tiff(false, 42, 8, 2, 8, new Entry(0x8769, 4, 1, 8), Entry.orientation(3)))));
    bytes(corpus, "EXIF IFD offset past the end", () -> insertAfterSoi(jpeg, exifSegment(tiff(true, 42, 0x7FFF_FFF0L, 1, 0, Entry.orientation(6)))));
    bytes(corpus, "EXIF IFD offset 2^32-1", () -> insertAfterSoi(jpeg, exifSegment(tiff(true, 42, 0xFFFF_FFFFL, 1, 0, Entry.orientation(6)))));
    bytes(corpus, "EXIF declaring 65535 entries", () -> insertAfterSoi(jpeg, exifSegment(tiff(true, 42, 8, 65_535, 0, Entry.orientation(8)))));
    bytes(corpus, "EXIF with bad byte order", () -> insertAfterSoi(jpeg, exifSegment(concat(ascii("XX"), Arrays.copyOfRange(orientationTiff(6, true), 2, 26)))));
    bytes(corpus, "EXIF with TIFF magic 43", () -> insertAfterSoi(jpeg, exifSegment(tiff(true, 43, 8, 1, 0, Entry.orientation(6)))));
    bytes(corpus, "EXIF header only", () -> insertAfterSoi(jpeg, segment(Forge.APP1, ascii("Exif\0\0II"))));
    bytes(corpus, "two EXIF blocks disagreeing", () -> insertAfterSoi(jpeg, exifSegment(orientationTiff(6, true)), exifSegment(orientationTiff(3, true))));
    bytes(corpus, "PNG eXIf orientation 8", () -> withChunkAfterIhdr(png, exifChunk(orientationTiff(8, false))));
    bytes(corpus, "PNG eXIf orientation 65535", () -> withChunkAfterIhdr(png, exifChunk(orientationTiff(65_535, true))));
    bytes(corpus, "PNG eXIf of random bytes", () -> withChunkAfterIhdr(png, exifChunk(random(300, 4))));

    // -------------------------------------------------------------- polyglots
    bytes(corpus, "JPEG + ZIP", () -> concat(jpeg, Forge.zip("payload.html", "<script>alert(1)</script>")));
    bytes(corpus, "ZIP + JPEG", () -> concat(Forge.zip("payload.html", "<script>alert(1)</script>"), jpeg));
    bytes(corpus, "PNG + trailing HTML", () -> concat(png, ascii("<html><script>alert(document.cookie)</script></html>")));
    bytes(corpus, "JPEG with HTML in a comment", () -> insertAfterSoi(jpeg, segment(COM, ascii("<html><script>alert(1)</script></html>"))));
    bytes(corpus, "PNG with a ZIP in a private chunk", () -> withChunkAfterIhdr(png, chunk("ziPp", Forge.zip("a.txt", "hidden"))));
    bytes(corpus, "JPEG + second JPEG", () -> concat(jpeg, Forge.jpeg(gradient(64, 64), false)));
    bytes(corpus, "GIF header + JPEG", () -> concat(ascii("GIF89a"), jpeg));

    // -------------------------------------------------------------- large inputs
    corpus.add(new Hostile("100 MB stream (fromStream)", () -> stream(HUNDRED_MB)));
    corpus.add(new Hostile("40 MiB + 1 stream (fromStream)", () -> stream(FaceImage.MAX_INPUT_BYTES + 1)));
    corpus.add(new Hostile("100 MB array (fromBytes)", () -> {
      byte[] big = LargeStream.jpegLike(HUNDRED_MB);
      return new Prepared(() -> FaceImage.fromBytes(big), null, () -> {});
    }));
    corpus.add(new Hostile("100 MB sparse file (fromPath)", HostileCorpus::hundredMegabyteFile));
    return corpus;
  }

  /**
   * The inputs that need the most memory, for the run in a JVM with a small heap: the bombs, the
   * large inputs, the floods of segments and chunks, and a 34 MB flood of empty IDAT chunks, for
   * each of which the JDK's PNG reader allocates (and drops) 8 KiB.
   */
  static List<Hostile> heavy() {
    return all().stream().filter(HostileCorpus::isHeavy).toList();
  }

  /** The rest of the corpus, run in the test's own JVM. */
  static List<Hostile> light() {
    return all().stream().filter(input -> !isHeavy(input)).toList();
  }

  private static boolean isHeavy(Hostile input) {
    String name = input.name();
    return name.contains("bomb") || name.contains(" MB") || name.contains("MiB") || name.contains("8000x8000")
        || name.contains("65535x65535") || name.contains("20000") || name.contains("fill bytes")
        || name.contains("flood");
  }

  private static void bytes(List<Hostile> corpus, String name, Supplier<byte[]> bytes) {
    corpus.add(new Hostile(name, () -> {
      byte[] content = bytes.get();
      return new Prepared(() -> FaceImage.fromBytes(content), content, () -> {});
    }));
  }

  private static Prepared stream(long size) {
    return new Prepared(() -> FaceImage.fromStream(new LargeStream(size)), null, () -> {});
  }

  /** A sparse file of 100 MB that starts like a JPEG: it takes no disk space. */
  private static Prepared hundredMegabyteFile() {
    try {
      Path file = Files.createTempFile("idv-hostile", ".jpg");
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.write(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xFE});
        raf.setLength(HUNDRED_MB);
      }
      return new Prepared(() -> FaceImage.fromPath(file), null, () -> {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- builders

  static byte[] random(int length, long seed) {
    byte[] out = new byte[length];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < length; i++) {
      out[i] = (byte) random.nextInt(256);
    }
    return out;
  }

  private static byte[] flip(byte[] bytes, int at, int mask) {
    byte[] out = bytes.clone();
    out[at] ^= (byte) mask;
    return out;
  }

  private static byte[] nCopies(byte[] part, int count) {
    byte[] out = new byte[part.length * count];
    for (int i = 0; i < count; i++) {
      System.arraycopy(part, 0, out, i * part.length, part.length);
    }
    return out;
  }

  /** A 96x96 grey PNG whose data is split over {@code count} IDAT chunks, most of them empty. */
  private static byte[] pngWithManyIdats(int count) {
    byte[] data = deflate(new byte[97 * 96]);
    byte[] empty = chunk("IDAT", new byte[0]);
    return concat(
        PNG_SIGNATURE,
        Forge.ihdr(96, 96, 8, GREY, 0),
        nCopies(empty, count),
        chunk("IDAT", data),
        chunk("IEND", new byte[0]));
  }

  private static byte[] badIdatCrc(byte[] png) {
    byte[] out = png.clone();
    int idat = indexOf(out, ascii("IDAT"));
    int length = (out[idat - 4] & 0xFF) << 24 | (out[idat - 3] & 0xFF) << 16 | (out[idat - 2] & 0xFF) << 8 | (out[idat - 1] & 0xFF);
    out[idat + 4 + length] ^= 0x55;
    return out;
  }

  /** The JPEG with {@code extra} tiny scans added before its real one (more than the probe allows). */
  private static byte[] jpegWithScans(byte[] jpeg, int extra) {
    int sos = Forge.segmentOffset(jpeg, SOS);
    byte[] scan = concat(segment(SOS, new byte[] {1, 1, 0, 0, 63, 0}), new byte[] {0x12, 0x34});
    return concat(Arrays.copyOf(jpeg, sos), nCopies(scan, extra), Arrays.copyOfRange(jpeg, sos, jpeg.length));
  }

  /** The JPEG cut in the middle of its second scan, then closed with an EOI marker. */
  private static byte[] cutMidScan(byte[] jpeg) {
    int first = Forge.segmentOffset(jpeg, SOS);
    int second = indexOf(Arrays.copyOfRange(jpeg, first + 4, jpeg.length), new byte[] {(byte) 0xFF, (byte) SOS});
    int cut = first + 4 + second + 40;
    return concat(Arrays.copyOf(jpeg, cut), new byte[] {(byte) 0xFF, (byte) 0xD9});
  }

  private static byte[] garble(byte[] jpeg) {
    byte[] out = jpeg.clone();
    for (int i = Forge.segmentOffset(jpeg, SOS) + 20; i < jpeg.length - 2; i += 37) {
      if (out[i] != (byte) 0xFF && out[i - 1] != (byte) 0xFF) {
        out[i] ^= 0x5A;
      }
    }
    return out;
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("not found");
  }

  /**
   * A stream of {@code size} bytes that starts like a JPEG and goes on with zeros, generated as it
   * is read; it counts what was read.
   */
  static final class LargeStream extends InputStream {
    private static final byte[] HEAD = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xFE};
    private final long size;
    private long position;

    LargeStream(long size) {
      this.size = size;
    }

    static byte[] jpegLike(long size) {
      byte[] bytes = new byte[Math.toIntExact(size)];
      System.arraycopy(HEAD, 0, bytes, 0, HEAD.length);
      return bytes;
    }

    long bytesRead() {
      return position;
    }

    @Override
    public int read() {
      if (position >= size) {
        return -1;
      }
      long at = position++;
      return at < HEAD.length ? HEAD[(int) at] & 0xFF : 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      Arrays.fill(b, off, off + n, (byte) 0);
      for (int i = 0; i < n && position + i < HEAD.length; i++) {
        b[off + i] = HEAD[(int) (position + i)];
      }
      position += n;
      return n;
    }
  }
}
