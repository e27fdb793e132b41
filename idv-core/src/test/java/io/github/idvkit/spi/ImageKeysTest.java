package io.github.idvkit.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.FaceId;
import io.github.idvkit.HostileUserIds;
import io.github.idvkit.UserId;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Image keys stay inside their user's prefix whatever the user id or face id holds. */
class ImageKeysTest {

  private static final String KEY = "faces/[0-9a-f]{32}/[A-Za-z0-9_.\\-:]{1,255}\\.jpg";
  private static final FaceId FACE = FaceId.of("3f1a2b4c-0000-4000-8000-000000000001");

  static List<String> hostileIds() {
    return HostileUserIds.accepted();
  }

  @ParameterizedTest
  @MethodSource("hostileIds")
  void key_hostileUserId_staysInsideItsPrefixAndHoldsNoPartOfTheId(String raw) {
    UserId user = UserId.of(raw);

    String key = ImageKeys.key(user, FACE);

    assertThat(key).matches(KEY).startsWith(ImageKeys.userPrefix(user));
    assertUnchangedByNormalisation(key);
    if (raw.length() >= 3) {
      assertThat(key).doesNotContain(raw);
    }
  }

  static List<String> oddFaceIds() {
    return List.of("..", ".", "...", ":", "-", "..:..", "a..b", "CON", "x".repeat(255));
  }

  @ParameterizedTest
  @MethodSource("oddFaceIds")
  void key_oddButValidFaceId_staysInsideTheUserPrefix(String faceId) {
    UserId user = UserId.of("alice");

    String key = ImageKeys.key(user, FaceId.of(faceId));

    assertThat(key).matches(KEY).startsWith(ImageKeys.userPrefix(user));
    assertUnchangedByNormalisation(key);
  }

  @Test
  void userPrefix_lookAlikeAndEquivalentIds_neverShareAPrefix() {
    List<String> lookAlikes =
        List.of("alice", "Alice", "ALICE", " alice", "alice ", "\u200Balice", "\uFF41\uFF4C\uFF49\uFF43\uFF45",
            "\u0430lice", "alice\u200D", "\u00C5", "A\u030A");
    Map<String, String> owners = new HashMap<>();

    for (String raw : lookAlikes) {
      String previous = owners.put(ImageKeys.userPrefix(UserId.of(raw)), raw);

      assertThat(previous).as("a prefix shared by %s and %s", raw, previous).isNull();
    }
  }

  @Test
  void key_randomIds_stayInsideTheirPrefixAndNeverCollide() {
    Map<String, String> owners = new HashMap<>();
    int accepted = 0;

    for (String raw : HostileUserIds.randomIds(20261127L, 3000)) {
      Optional<UserId> user = HostileUserIds.tryCreate(raw);
      if (user.isEmpty()) {
        continue;
      }
      accepted++;
      String key = ImageKeys.key(user.get(), FACE);
      assertThat(key).as(escape(raw)).matches(KEY).startsWith(ImageKeys.userPrefix(user.get()));
      String previous = owners.putIfAbsent(ImageKeys.userPrefix(user.get()), raw);
      assertThat(previous == null || previous.equals(raw)).as("prefix collision of %s", escape(raw)).isTrue();
    }

    assertThat(accepted).as("random ids the constructor accepted").isGreaterThan(1000);
  }

  /** Resolving the key as a path or URI, as stores and consoles do, changes nothing. */
  private static void assertUnchangedByNormalisation(String key) {
    assertThat(Path.of(key).normalize().toString().replace('\\', '/')).isEqualTo(key);
    assertThat(URI.create("s3://bucket/" + key).normalize().getPath()).isEqualTo("/" + key);
    assertThat(URI.create("s3://bucket/prefix/").resolve(key).getPath()).isEqualTo("/prefix/" + key);
  }

  private static String escape(String raw) {
    StringBuilder out = new StringBuilder();
    raw.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7F ? Character.toString(c) : String.format("\\u%04X", c)));
    return out.toString();
  }
}
