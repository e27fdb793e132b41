package io.github.idvkit.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  @TempDir Path dir;

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private List<String> reopen(Path file) throws IOException {
    List<byte[]> entries = new ArrayList<>();
    try (Journal ignored = Journal.open(file, entries)) {
      List<String> out = new ArrayList<>();
      for (byte[] e : entries) {
        out.add(new String(e, StandardCharsets.UTF_8));
      }
      return out;
    }
  }

  @Test
  void append_thenReopen_readsEntriesInOrder() throws IOException {
    Path file = dir.resolve("a.journal");
    try (Journal j = Journal.open(file, new ArrayList<>())) {
      j.append(text("one"));
      j.append(text("two"));
    }

    assertThat(reopen(file)).containsExactly("one", "two");
  }

  @Test
  void open_tornLastEntry_cutsItOffAndKeepsTheRest() throws IOException {
    Path file = dir.resolve("a.journal");
    try (Journal j = Journal.open(file, new ArrayList<>())) {
      j.append(text("kept"));
      j.append(text("torn entry"));
    }
    long size = Files.size(file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(size - 3); // a crash in the middle of the last write
    }

    assertThat(reopen(file)).containsExactly("kept");
    try (Journal j = Journal.open(file, new ArrayList<>())) {
      j.append(text("after"));
    }
    assertThat(reopen(file)).containsExactly("kept", "after");
  }

  @Test
  void open_corruptChecksum_stopsBeforeTheCorruptEntry() throws IOException {
    Path file = dir.resolve("a.journal");
    try (Journal j = Journal.open(file, new ArrayList<>())) {
      j.append(text("good"));
      j.append(text("flipped"));
    }
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 0x40;
    Files.write(file, bytes);

    assertThat(reopen(file)).containsExactly("good");
  }

  @Test
  void open_garbageAppendedAfterEntries_isIgnored() throws IOException {
    Path file = dir.resolve("a.journal");
    try (Journal j = Journal.open(file, new ArrayList<>())) {
      j.append(text("good"));
    }
    Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, StandardOpenOption.APPEND);

    assertThat(reopen(file)).containsExactly("good");
  }

  @Test
  void rewrite_replacesEverythingAtomically() throws IOException {
    Path file = dir.resolve("a.journal");
    try (Journal j = Journal.open(file, new ArrayList<>())) {
      j.append(text("old1"));
      j.append(text("old2"));
      j.rewrite(List.of(text("new")));
      j.append(text("next"));
    }

    assertThat(reopen(file)).containsExactly("new", "next");
    assertThat(dir.resolve("a.journal.tmp")).doesNotExist();
  }

  @Test
  void open_foreignFile_throws() throws IOException {
    Path file = dir.resolve("a.journal");
    Files.write(file, text("this is not a journal at all"));

    assertThatThrownBy(() -> Journal.open(file, new ArrayList<>())).isInstanceOf(IOException.class);
  }
}
