package io.github.idvkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * User ids built to escape a key prefix or to pass for another id: traversal, encoded separators,
 * control and format characters, look-alike and normalisation tricks. Shared by the tests of {@link
 * UserId} and {@link io.github.idvkit.spi.ImageKeys}.
 */
public final class HostileUserIds {

  private HostileUserIds() {}

  /** Ids the constructor accepts, each of which must stay inside its prefix. */
  public static List<String> accepted() {
    return List.of(
        "../../etc/passwd",
        "..",
        ".",
        "...",
        "/",
        "/absolute",
        "a/../../b",
        "..\\..\\windows\\system32",
        "%2F..%2Fsecret",
        "%2e%2e%2f",
        "%252e%252e%252f",
        "..%c0%af",
        "\u2215etc\u2215passwd", // division slash
        "\uFF0F\uFF0E\uFF0E\uFF0F", // fullwidth solidus and full stops
        "\u2024\u2024/", // one-dot leaders
        "\u202Egnp.exe", // right-to-left override
        "\u200Balice", // zero-width space
        "alice\u200D", // zero-width joiner
        "\uFEFFalice", // byte-order mark
        "\u00C5ngstr\u00F6m", // NFC
        "A\u030Angstro\u0308m", // the same, NFD
        "\uFF41\uFF4C\uFF49\uFF43\uFF45", // fullwidth "alice"
        "\u0430lice", // Cyrillic a
        "alice\u2028bob", // line separator: not an ISO control character
        "alice\u2029bob", // paragraph separator
        " alice",
        "alice ",
        "CON",
        "NUL.txt",
        "a:b",
        ":2F",
        "s3://bucket/key",
        "faces/0123456789abcdef0123456789abcdef/face.jpg",
        "emoji-\uD83D\uDE00",
        "\uDBFF\uDFFF"); // the last code point
  }

  /** Ids the constructor refuses: blank, control characters, lone surrogates. */
  public static List<String> refused() {
    return List.of(
        "",
        "   ",
        "a\u0000b",
        "line\nbreak",
        "carriage\rreturn",
        "tab\there",
        "bell\u0007",
        "delete\u007F",
        "next-line\u0085",
        "escape\u001B[31m",
        "lone-high\uD800",
        "\uDC00lone-low");
  }

  /** A random string over an alphabet rich in separators, dots, escapes and look-alikes. */
  public static String random(SplittableRandom random) {
    String[] pieces = {
      "a", "Z", "0", ".", "..", "/", "\\", "%", "%2F", "%2e", ":", "-", "_", "@", " ", "\u00E9", "e\u0301",
      "\u2215", "\uFF0F", "\uFF0E", "\u200B", "\u202E", "\u2028", "\uD83D\uDE00", "\u0000", "\n", "\u007F",
      "\uD800", "\u0430", "~", "*", "?", "#", "&", "=", "+", "\"", "'", "<", ">", "|"
    };
    StringBuilder id = new StringBuilder();
    for (int n = 1 + random.nextInt(12); n > 0; n--) {
      id.append(pieces[random.nextInt(pieces.length)]);
    }
    return id.toString();
  }

  /** The id for {@code raw}, or empty if the constructor refuses it with IllegalArgumentException. */
  public static Optional<UserId> tryCreate(String raw) {
    try {
      return Optional.of(UserId.of(raw));
    } catch (IllegalArgumentException refused) {
      return Optional.empty();
    }
  }

  public static List<String> randomIds(long seed, int count) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(random(random));
    }
    return ids;
  }
}
