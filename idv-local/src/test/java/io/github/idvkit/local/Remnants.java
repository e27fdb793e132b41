package io.github.idvkit.local;

import io.github.idvkit.UserId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds byte patterns in every file under a directory: the proof that erased data left nothing
 * behind. Patterns are named, so a failure says which file still holds what.
 */
public final class Remnants {

  private final Map<String, byte[]> needles = new LinkedHashMap<>();

  private Remnants() {}

  /**
   * Returns an empty set of patterns.
   *
   * @return the patterns
   */
  public static Remnants of() {
    return new Remnants();
  }

  /**
   * Adds a user id as its UTF-8 bytes and its provider-safe form.
   *
   * @param user the user
   * @return this
   */
  public Remnants user(UserId user) {
    return text("user id", user.value()).text("provider-safe user id", user.providerSafe());
  }

  /**
   * Adds a string as its UTF-8 bytes (which {@code DataOutput.writeUTF} also writes for every
   * character other than NUL and supplementary characters).
   *
   * @param name what it is
   * @param text the string
   * @return this
   */
  public Remnants text(String name, String text) {
    needles.put(name + " '" + text + "'", text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /**
   * Adds every pair of neighbouring components of a descriptor as 8 bytes, big- and
   * little-endian: no fragment of the descriptor longer than one component may remain.
   *
   * @param descriptor the descriptor
   * @return this
   */
  public Remnants descriptor(float[] descriptor) {
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      for (int i = 0; i + 1 < descriptor.length; i++) {
        byte[] pair = ByteBuffer.allocate(8).order(order).putFloat(descriptor[i]).putFloat(descriptor[i + 1]).array();
        needles.put("descriptor[" + i + ".." + (i + 1) + "] " + order, pair);
      }
    }
    return this;
  }

  /**
   * Returns what each file under {@code root} still holds, as {@code "<file>: <pattern>"}.
   *
   * @param root the directory
   * @return the findings, empty if no file holds any pattern
   * @throws IOException if a file cannot be read
   */
  public List<String> foundIn(Path root) throws IOException {
    List<String> found = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      byte[] content = Files.readAllBytes(file);
      for (Map.Entry<String, byte[]> needle : needles.entrySet()) {
        if (indexOf(content, needle.getValue()) >= 0) {
          found.add(root.relativize(file) + ": " + needle.getKey());
        }
      }
    }
    return found;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
