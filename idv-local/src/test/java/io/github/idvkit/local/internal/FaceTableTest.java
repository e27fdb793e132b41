package io.github.idvkit.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.UserId;
import io.github.idvkit.local.Remnants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The face table's persistence: deletes leave nothing behind, crashes and old data load cleanly. */
class FaceTableTest {

  private static final UserId ZOE = UserId.of("zoë.ålund+idv@example.com");
  private static final UserId BOB = UserId.of("bob@example.com");

  @TempDir Path dir;

  private Path journal;
  private final Random random = new Random(7);

  @BeforeEach
  void setUp() {
    journal = dir.resolve("faces.journal");
  }

  private float[] descriptor() {
    float[] d = new float[DlibFaceEmbedder.DIMENSIONS];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (random.nextGaussian() * 0.125);
    }
    return d;
  }

  private FaceTable.Face face(String id, UserId user, float[] descriptor) {
    return new FaceTable.Face(id, user, 1_700_000_000_000L, descriptor, null);
  }

  private List<String> files() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void removeAll_oneOfTwoUsers_leavesNoByteOfThatUserInAnyFile() throws IOException {
    float[] zoe1 = descriptor();
    float[] zoe2 = descriptor();
    float[] bob = descriptor();
    Remnants zoe =
        Remnants.of().user(ZOE).text("face id", "lf-zoe-1").text("face id", "lf-zoe-2").descriptor(zoe1).descriptor(zoe2);
    try (FaceTable table = FaceTable.open(journal, null)) {
      table.add(face("lf-zoe-1", ZOE, zoe1));
      table.add(face("lf-bob-1", BOB, bob));
      table.add(face("lf-zoe-2", ZOE, zoe2));
      assertThat(zoe.foundIn(dir)).isNotEmpty(); // the scan sees what is there

      assertThat(table.removeAll(List.of("lf-zoe-1", "lf-zoe-2", "unknown"))).containsExactly("lf-zoe-1", "lf-zoe-2");

      assertThat(zoe.foundIn(dir)).isEmpty();
    }
    assertThat(zoe.foundIn(dir)).isEmpty();
    assertThat(Remnants.of().user(BOB).descriptor(bob).foundIn(dir)).isNotEmpty();
    try (FaceTable reopened = FaceTable.open(journal, null)) {
      assertThat(reopened.size()).isEqualTo(1);
      assertThat(reopened.facesOf(ZOE)).isEmpty();
      assertThat(reopened.search(bob, 5)).extracting(FaceTable.Hit::faceId).containsExactly("lf-bob-1");
    }
  }

  @Test
  void removeAll_withEncryption_leavesNoSealedEntryOfTheUser() throws IOException {
    Sealer sealer = new Sealer(new javax.crypto.spec.SecretKeySpec(new byte[32], "AES"));
    try (FaceTable table = FaceTable.open(journal, sealer)) {
      table.add(face("lf-zoe-1", ZOE, descriptor()));
      Path shard = ShardedJournal.shardFile(journal, ShardedJournal.shardOf(ZOE));
      assertThat(shard).exists();

      table.removeAll(List.of("lf-zoe-1"));

      assertThat(shard).doesNotExist(); // the user's shard held only her face
    }
    try (FaceTable reopened = FaceTable.open(journal, sealer)) {
      assertThat(reopened.size()).isZero();
    }
  }

  @Test
  void removeAll_lastFaceOfAUser_theTableForgetsTheUserAndReusesTheSlot() throws IOException {
    float[] zoe = descriptor();
    float[] carol = descriptor();
    try (FaceTable table = FaceTable.open(journal, null)) {
      table.add(face("lf-zoe-1", ZOE, zoe));
      table.add(face("lf-bob-1", BOB, descriptor()));
      table.removeAll(List.of("lf-zoe-1"));

      table.add(face("lf-carol-1", UserId.of("carol"), carol));

      assertThat(table.search(zoe, 5)).extracting(FaceTable.Hit::user).doesNotContain(ZOE);
      assertThat(table.search(carol, 1)).extracting(FaceTable.Hit::user).containsExactly(UserId.of("carol"));
      assertThat(table.facesOf(ZOE)).isEmpty();
      assertThat(table.facesOf(BOB)).extracting(FaceTable.Face::faceId).containsExactly("lf-bob-1");
    }
  }

  @Test
  void open_leftoverTemporaryFileOfACrashedRewrite_loadsTheLastCompleteStateAndDeletesIt() throws IOException {
    try (FaceTable table = FaceTable.open(journal, null)) {
      table.add(face("lf-zoe-1", ZOE, descriptor()));
      table.add(face("lf-bob-1", BOB, descriptor()));
    }
    Path shard = ShardedJournal.shardFile(journal, ShardedJournal.shardOf(ZOE));
    Path tmp = Journal.temporaryFile(shard);
    byte[] bytes = Files.readAllBytes(shard);
    Files.write(tmp, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // crashed before the rename
    Files.write(Journal.temporaryFile(journal), new byte[] {1, 2, 3}); // an earlier version's leftover

    try (FaceTable reopened = FaceTable.open(journal, null)) {
      assertThat(reopened.size()).isEqualTo(2);
      assertThat(reopened.facesOf(ZOE)).hasSize(1);
    }
    assertThat(files()).noneMatch(name -> name.endsWith(".tmp"));
  }

  @Test
  void open_tornLastEntryOfAShard_keepsEveryEarlierFace() throws IOException {
    try (FaceTable table = FaceTable.open(journal, null)) {
      table.add(face("lf-zoe-1", ZOE, descriptor()));
      table.add(face("lf-zoe-2", ZOE, descriptor()));
    }
    Path shard = ShardedJournal.shardFile(journal, ShardedJournal.shardOf(ZOE));
    try (var raf = new java.io.RandomAccessFile(shard.toFile(), "rw")) {
      raf.setLength(Files.size(shard) - 50);
    }

    try (FaceTable reopened = FaceTable.open(journal, null)) {
      assertThat(reopened.facesOf(ZOE)).extracting(FaceTable.Face::faceId).containsExactly("lf-zoe-1");
    }
  }

  /** Writes the single journal of earlier versions: the faces' entries, then deletions. */
  private void writeEarlierVersionJournal(List<FaceTable.Face> faces, List<String> deleted) throws IOException {
    Path scratch = dir.resolve("scratch");
    FaceTable.writeAll(scratch.resolve("faces.journal"), faces, null);
    List<byte[]> entries = new ArrayList<>();
    for (int shard = 0; shard < ShardedJournal.SHARDS; shard++) {
      Path file = ShardedJournal.shardFile(scratch.resolve("faces.journal"), shard);
      if (Files.exists(file)) {
        Journal.open(file, entries).close();
      }
    }
    AtomicFiles.deleteTree(scratch);
    try (Journal old = Journal.open(journal, new ArrayList<>())) {
      for (byte[] entry : entries) {
        old.append(entry);
      }
      for (String faceId : deleted) {
        Journal.EntryWriter w = Journal.writer();
        w.writeByte(2); // DELETE, as earlier versions appended it
        w.writeUTF(faceId);
        old.append(w.bytes());
      }
    }
  }

  @Test
  void open_journalOfAnEarlierVersion_movesLiveFacesAndErasesDeletedOnes() throws IOException {
    float[] zoe = descriptor();
    float[] bob = descriptor();
    writeEarlierVersionJournal(
        List.of(face("lf-zoe-1", ZOE, zoe), face("lf-bob-1", BOB, bob)), List.of("lf-zoe-1"));
    assertThat(Remnants.of().user(ZOE).descriptor(zoe).foundIn(dir)).isNotEmpty();

    try (FaceTable table = FaceTable.open(journal, null)) {
      assertThat(table.size()).isEqualTo(1);
      assertThat(table.facesOf(BOB)).hasSize(1);
    }

    assertThat(journal).doesNotExist();
    assertThat(Remnants.of().user(ZOE).text("face id", "lf-zoe-1").descriptor(zoe).foundIn(dir)).isEmpty();
    try (FaceTable reopened = FaceTable.open(journal, null)) {
      assertThat(reopened.search(bob, 1)).extracting(FaceTable.Hit::faceId).containsExactly("lf-bob-1");
    }
  }

  @Test
  void open_crashDuringTheUpgrade_loadsEveryFaceOnceAndFinishesIt() throws IOException {
    FaceTable.Face zoe = face("lf-zoe-1", ZOE, descriptor());
    FaceTable.Face bob = face("lf-bob-1", BOB, descriptor());
    FaceTable.writeAll(journal, List.of(zoe), null); // the upgrade had written Zoë's shard
    writeEarlierVersionJournal(List.of(zoe, bob), List.of()); // ... and not yet deleted the old file

    try (FaceTable table = FaceTable.open(journal, null)) {
      assertThat(table.size()).isEqualTo(2);
    }

    assertThat(journal).doesNotExist();
    try (FaceTable reopened = FaceTable.open(journal, null)) {
      assertThat(reopened.size()).isEqualTo(2);
      assertThat(reopened.facesOf(ZOE)).hasSize(1);
    }
    byte[] shard = Files.readAllBytes(ShardedJournal.shardFile(journal, ShardedJournal.shardOf(ZOE)));
    assertThat(new String(shard, java.nio.charset.StandardCharsets.ISO_8859_1).split("lf-zoe-1", -1)).hasSize(2);
  }

  @Test
  void writeAll_thenOpen_readsEveryFaceFromItsShard() throws IOException {
    List<FaceTable.Face> faces = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      faces.add(face("f" + i, UserId.of("user-" + i / 3), descriptor()));
    }

    FaceTable.writeAll(journal, faces, null);

    try (FaceTable table = FaceTable.open(journal, null)) {
      assertThat(table.size()).isEqualTo(300);
      assertThat(table.facesOf(UserId.of("user-7"))).extracting(FaceTable.Face::faceId)
          .containsExactlyInAnyOrder("f21", "f22", "f23");
    }
    assertThat(files()).hasSizeGreaterThan(32).allMatch(name -> name.equals(".lock") || name.matches("faces-[0-9a-f]{2}\\.journal"));
  }

  private float[] descriptor(int length) {
    float[] d = new float[length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) random.nextGaussian();
    }
    return d;
  }

  @Test
  void open_withAnotherDescriptorLength_storesSearchesAndReloadsIt() throws IOException {
    float[] zoe = descriptor(513); // not a multiple of 4: the tail of the distance loop counts too
    float[] bob = descriptor(513);
    try (FaceTable table = FaceTable.open(journal, null, 513)) {
      table.add(face("lf-zoe", ZOE, zoe));
      table.add(face("lf-bob", BOB, bob));
    }

    try (FaceTable table = FaceTable.open(journal, null, 513)) {
      List<FaceTable.Hit> hits = table.search(zoe, 2);

      assertThat(table.dimensions()).isEqualTo(513);
      assertThat(hits).extracting(FaceTable.Hit::user).containsExactly(ZOE, BOB);
      assertThat(hits.get(0).distance()).isZero();
      double expected = 0;
      for (int i = 0; i < zoe.length; i++) {
        expected += (zoe[i] - bob[i]) * (zoe[i] - bob[i]);
      }
      assertThat(hits.get(1).distance()).isCloseTo(Math.sqrt(expected), org.assertj.core.api.Assertions.within(1e-3));
    }
  }

  @Test
  void open_aJournalOfAnotherDescriptorLength_isRefusedAsCorrupt() throws IOException {
    try (FaceTable table = FaceTable.open(journal, null, 512)) {
      table.add(face("lf-zoe", ZOE, descriptor(512)));
    }

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FaceTable.open(journal, null))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("512")
        .hasMessageContaining("128");
  }

  @Test
  void add_orSearch_withTheWrongLength_isRefused() throws IOException {
    try (FaceTable table = FaceTable.open(journal, null)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> table.add(face("lf-zoe", ZOE, descriptor(512))))
          .isInstanceOf(IllegalArgumentException.class);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> table.search(descriptor(512), 1))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
