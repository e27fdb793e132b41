package io.github.idvkit.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.Comparison;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stored ID photo whose EXIF orientation says "rotate to view" is compared upright. */
class StoredImageOrientationTest {

  @TempDir Path dir;

  @Test
  void compare_storedPhotoWithExifOrientation_isSeenUpright() throws Exception {
    BufferedImage upright = ImageIO.read(new ByteArrayInputStream(TestPhotos.ASTRONAUT.bytes()));
    byte[] stored = withExifOrientation(jpeg(rotateHalfTurn(upright)), 3); // 3: rotate 180° to view
    FileSystemImageStore store = FileSystemImageStore.builder().directory(dir).build();
    try (LocalFaceComparer comparer =
            LocalFaceComparer.builder().engine(SharedLocalEngine.get()).imageStore(store).build()) {
      StoredImage idPhoto = store.put(UserId.of("eileen"), FaceId.of("id-photo"), FaceImage.fromBytes(stored));

      Comparison c = comparer.compare(idPhoto, TestPhotos.ASTRONAUT.image());

      assertThat(c.bestMatch()).isPresent();
      assertThat(LocalSimilarity.distance(c.bestMatch().get().similarity()))
          .isLessThan(LocalSimilarity.MATCH_DISTANCE);
    }
  }

  private static BufferedImage rotateHalfTurn(BufferedImage src) {
    int w = src.getWidth();
    int h = src.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out.setRGB(w - 1 - x, h - 1 - y, src.getRGB(x, y));
      }
    }
    return out;
  }

  private static byte[] jpeg(BufferedImage image) throws Exception {
    BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    rgb.getGraphics().drawImage(image, 0, 0, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(rgb, "jpg", out);
    return out.toByteArray();
  }

  /** Inserts an EXIF APP1 segment (big-endian) holding only the orientation tag. */
  private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    ByteBuffer exif = ByteBuffer.allocate(4 + 6 + 26);
    exif.put((byte) 0xFF)
        .put((byte) 0xE1)
        .putShort((short) (exif.capacity() - 2))
        .put("Exif\0\0MM".getBytes(StandardCharsets.ISO_8859_1))
        .putShort((short) 42)
        .putInt(8)
        .putShort((short) 1)
        .putShort((short) 0x0112)
        .putShort((short) 3)
        .putInt(1)
        .putShort((short) orientation)
        .putShort((short) 0)
        .putInt(0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(exif.array(), 0, exif.capacity());
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }
}
