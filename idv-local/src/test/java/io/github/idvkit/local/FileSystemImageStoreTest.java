package io.github.idvkit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemImageStoreTest {

  @TempDir Path dir;

  private static final UserId ALICE = UserId.of("alice@example.com");
  private static final FaceImage PHOTO = TestPhotos.GRACE_HOPPER.image();

  private FileSystemImageStore store() {
    return FileSystemImageStore.builder().directory(dir).build();
  }

  @Test
  void put_thenGet_returnsTheSameBytes() {
    FileSystemImageStore store = store();

    StoredImage ref = store.put(ALICE, FaceId.of("f1"), PHOTO);

    assertThat(ref.scheme()).isEqualTo("file");
    assertThat(store.get(ref)).contains(PHOTO);
    assertThat(store.list(ALICE)).containsExactly(ref);
  }

  @Test
  void put_sameKeyTwice_replacesAndReturnsTheSameReference() {
    FileSystemImageStore store = store();

    StoredImage first = store.put(ALICE, FaceId.of("f1"), PHOTO);
    StoredImage second = store.put(ALICE, FaceId.of("f1"), TestPhotos.ASTRONAUT.image());

    assertThat(second).isEqualTo(first);
    assertThat(store.get(first)).contains(TestPhotos.ASTRONAUT.image());
  }

  @Test
  void foreignFilesInTheDirectory_areNeverListedReadOrDeleted() throws Exception {
    FileSystemImageStore store = store();
    StoredImage mine = store.put(ALICE, FaceId.of("f1"), PHOTO);
    Path userDir = Path.of(mine.uri()).getParent();
    List<Path> foreign =
        List.of(dir.resolve("other-app/photo.jpg"), dir.resolve("faces/readme.txt"),
            dir.resolve("faces/photo.jpg"), dir.resolve("faces/not-a-hash/f2.jpg"), userDir.resolve("notes.txt"));
    for (Path file : foreign) {
      Files.createDirectories(file.getParent());
      Files.write(file, PHOTO.bytes());
    }

    try (Stream<StoredImage> all = store.listAll()) {
      assertThat(all.toList()).containsExactly(mine);
    }
    assertThat(store.list(ALICE)).containsExactly(mine);
    for (Path file : foreign) {
      StoredImage ref = new StoredImage(file.toUri());
      assertThat(store.get(ref)).as(file.toString()).isEmpty();
      assertThat(store.delete(ref)).as(file.toString()).isFalse();
      assertThat(file).exists();
    }
    assertThatThrownBy(() -> store.delete(new StoredImage(dir.getParent().resolve("elsewhere.jpg").toUri())))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void listAll_emptyStore_isEmpty() {
    try (Stream<StoredImage> all = store().listAll()) {
      assertThat(all).isEmpty();
    }
  }

  @Test
  void put_pathHoldsNoRawUserId() {
    StoredImage ref = store().put(ALICE, FaceId.of("f1"), PHOTO);

    assertThat(ref.uri().toString()).doesNotContain("alice").doesNotContain("example");
  }

  @Test
  void delete_isIdempotentAndTidiesTheUserDirectory() {
    FileSystemImageStore store = store();
    StoredImage ref = store.put(ALICE, FaceId.of("f1"), PHOTO);

    assertThat(store.delete(ref)).isTrue();
    assertThat(store.delete(ref)).isFalse();
    assertThat(store.get(ref)).isEmpty();
    assertThat(store.list(ALICE)).isEmpty();
    assertThat(dir.resolve("faces")).isEmptyDirectory();
  }

  @Test
  void delete_afterACrashMidPut_deletesTheTemporaryCopyToo() throws Exception {
    FileSystemImageStore store = store();
    StoredImage ref = store.put(ALICE, FaceId.of("f1"), PHOTO);
    Path file = Path.of(ref.uri());
    Path leftover = file.resolveSibling(".f1.jpg.5eed.tmp"); // what a crash before the rename leaves
    Files.write(leftover, PHOTO.bytes());

    assertThat(store.delete(ref)).isTrue();

    assertThat(leftover).doesNotExist();
    assertThat(dir.resolve("faces")).isEmptyDirectory();
  }

  @Test
  void get_referenceOutsideTheStore_isRefusedAndNeverRead() throws Exception {
    Path outside = Files.write(dir.resolveSibling(dir.getFileName() + "-outside.jpg"), PHOTO.bytes());
    try {
      FileSystemImageStore store = store();

      assertThatThrownBy(() -> store.get(new StoredImage(outside.toUri())))
          .isInstanceOf(ConfigurationException.class);
      assertThatThrownBy(() -> store.get(StoredImage.of("file://" + dir + "/faces/../../etc/passwd.jpg")))
          .isInstanceOf(ConfigurationException.class);
      assertThatThrownBy(() -> store.get(StoredImage.of("s3://bucket/faces/x.jpg")))
          .isInstanceOf(ConfigurationException.class);
      assertThatThrownBy(() -> store.delete(new StoredImage(outside.toUri())))
          .isInstanceOf(ConfigurationException.class);
      assertThat(outside).exists();
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void get_missingImageOfThisStore_isEmpty() {
    FileSystemImageStore store = store();
    StoredImage ref = new StoredImage(dir.resolve("faces/0123/none.jpg").toUri());

    assertThat(store.get(ref)).isEmpty();
    assertThat(store.delete(ref)).isFalse();
  }

  @Test
  void put_withEncryptionKey_storesCiphertextAndReadsItBack() throws Exception {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    FileSystemImageStore store =
        FileSystemImageStore.builder().directory(dir).encryptionKey(new SecretKeySpec(key, "AES")).build();

    StoredImage ref = store.put(ALICE, FaceId.of("f1"), PHOTO);

    byte[] onDisk = Files.readAllBytes(Path.of(ref.uri()));
    assertThat(onDisk[0]).isNotEqualTo((byte) 0xFF); // not a JPEG
    assertThat(new String(onDisk, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("JFIF");
    assertThat(store.get(ref)).contains(PHOTO);
  }

  @Test
  void get_withWrongKey_throwsConfigurationException() {
    byte[] key = new byte[16];
    StoredImage ref =
        FileSystemImageStore.builder().directory(dir).encryptionKey(new SecretKeySpec(key, "AES")).build()
            .put(ALICE, FaceId.of("f1"), PHOTO);
    key[0] = 1;
    FileSystemImageStore other =
        FileSystemImageStore.builder().directory(dir).encryptionKey(new SecretKeySpec(key, "AES")).build();

    assertThatThrownBy(() -> other.get(ref)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> store().get(ref)).isInstanceOf(ConfigurationException.class);
  }
}
