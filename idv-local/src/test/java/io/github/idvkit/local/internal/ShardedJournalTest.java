package io.github.idvkit.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.UserId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedJournalTest {

  @TempDir Path dir;

  @Test
  void shardOf_knownUsers_neverChanges() {
    // Data on disk depends on these: a changed function would strand users in the wrong file.
    assertThat(ShardedJournal.shardOf(UserId.of("alice@example.com"))).isEqualTo(33);
    assertThat(ShardedJournal.shardOf(UserId.of("bob@example.com"))).isEqualTo(45);
  }

  @Test
  void shardOf_manyUsers_spreadsOverEveryShard() {
    int[] counts = new int[ShardedJournal.SHARDS];
    for (int i = 0; i < 6400; i++) {
      counts[ShardedJournal.shardOf(UserId.of("user-" + i + "@example.com"))]++;
    }

    assertThat(java.util.Arrays.stream(counts).min().orElseThrow()).isGreaterThanOrEqualTo(50);
    assertThat(java.util.Arrays.stream(counts).max().orElseThrow()).isLessThanOrEqualTo(150);
  }

  @Test
  void shardFile_namesTheShardInHex() {
    assertThat(ShardedJournal.shardFile(dir.resolve("faces.journal"), 63).getFileName())
        .hasToString("faces-3f.journal");
  }

  @Test
  void rewrite_toNoEntries_deletesTheShardFile() throws IOException {
    Path file = dir.resolve("records.journal");
    try (ShardedJournal journal = ShardedJournal.open(file, null, (shard, entry) -> {})) {
      journal.append(5, "kept".getBytes(StandardCharsets.UTF_8));
      journal.append(6, "erased".getBytes(StandardCharsets.UTF_8));

      journal.rewrite(6, List.of());
    }

    assertThat(ShardedJournal.shardFile(file, 6)).doesNotExist();
    List<String> read = new ArrayList<>();
    try (ShardedJournal reopened =
        ShardedJournal.open(file, null, (shard, entry) -> read.add(shard + ":" + new String(entry, StandardCharsets.UTF_8)))) {
      assertThat(read).containsExactly("5:kept");
    }
  }

  @Test
  void open_wrongEncryption_throwsAndChangesNoFile() throws IOException {
    Path file = dir.resolve("faces.journal");
    try (ShardedJournal journal = ShardedJournal.open(file, null, (shard, entry) -> {})) {
      journal.append(1, "plain".getBytes(StandardCharsets.UTF_8));
    }
    long size = Files.size(ShardedJournal.shardFile(file, 1));
    Sealer sealer = new Sealer(new javax.crypto.spec.SecretKeySpec(new byte[16], "AES"));

    assertThatThrownBy(() -> ShardedJournal.open(file, sealer, (shard, entry) -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without encryption");
    assertThat(Files.size(ShardedJournal.shardFile(file, 1))).isEqualTo(size);
  }
}
