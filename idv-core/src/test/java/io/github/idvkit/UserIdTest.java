package io.github.idvkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UserIdTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "alice@example.com",
        "Bob_O'Neil+tag@mail.example.org",
        "../../etc/passwd",
        "%2F..%2Fsecret",
        ".hidden",
        "..",
        ".",
        "a:b:c",
        "用户-42",
        "emoji-😀",
        "plain-id_123.x"
      })
  void providerSafe_anyReasonableId_roundTripsWithinAllowedCharacters(String raw) {
    UserId id = UserId.of(raw);

    String safe = id.providerSafe();

    assertThat(safe).matches("[a-zA-Z0-9_.\\-:]{1,128}");
    assertThat(safe).doesNotStartWith(".").doesNotContain("/");
    assertThat(UserId.fromProviderSafe(safe)).isEqualTo(id);
  }

  @Test
  void providerSafe_plainId_staysReadable() {
    assertThat(UserId.of("user-42_a.b").providerSafe()).isEqualTo("user-42_a.b");
  }

  @Test
  void providerSafe_differentIds_neverCollide() {
    assertThat(UserId.of("a:40b").providerSafe()).isNotEqualTo(UserId.of("a@b").providerSafe());
  }

  @Test
  void toString_neverShowsTheId() {
    UserId id = UserId.of("alice@example.com");

    assertThat(id.toString()).doesNotContain("alice").doesNotContain("example").startsWith("UserId[#");
    assertThat(id.toString()).isEqualTo(UserId.of("alice@example.com").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "a\nb", "tab\there", "nul\u0000"})
  void of_blankOrControlCharacters_isRejected(String raw) {
    assertThatThrownBy(() -> UserId.of(raw)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void of_tooLongForProviders_isRejectedWithAdvice() {
    String raw = "@".repeat(50);

    assertThatThrownBy(() -> UserId.of(raw))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shorter id");
  }

  @Test
  void of_loneSurrogate_isRejected() {
    assertThatThrownBy(() -> UserId.of("a\uD800b")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b", ":4", ":zz", ":61", "a b", ".lead", ":2e"})
  void fromProviderSafe_notProducedByEncoding_isRejected(String encoded) {
    assertThatThrownBy(() -> UserId.fromProviderSafe(encoded))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fingerprint_isStableAndShort() {
    assertThat(UserId.of("alice").fingerprint()).hasSize(8).isEqualTo(UserId.of("alice").fingerprint());
    assertThat(UserId.of("alice").fingerprint()).isNotEqualTo(UserId.of("bob").fingerprint());
  }

  // ---------------------------------------------------------------- hostile ids

  private static final String PROVIDER_SAFE = "[a-zA-Z0-9_.\\-:]{1,128}";

  static List<String> hostileIds() {
    return HostileUserIds.accepted();
  }

  static List<String> refusedIds() {
    return HostileUserIds.refused();
  }

  @ParameterizedTest
  @MethodSource("hostileIds")
  void providerSafe_hostileId_isOnePlainSegmentThatRoundTrips(String raw) {
    UserId id = UserId.of(raw);

    String safe = id.providerSafe();

    assertThat(safe).matches(PROVIDER_SAFE).doesNotStartWith(".").isNotIn(".", "..");
    assertThat(safe).doesNotContain("/").doesNotContain("\\").doesNotContain("%");
    assertThat(UserId.fromProviderSafe(safe)).isEqualTo(id);
    assertThat(id.toString()).doesNotContain(raw.strip().isEmpty() ? "\u0000" : raw.strip());
  }

  @ParameterizedTest
  @MethodSource("refusedIds")
  void of_blankControlOrMalformedText_isRefused(String raw) {
    assertThatThrownBy(() -> UserId.of(raw)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void providerSafe_lookAlikeAndEquivalentIds_stayDistinct() {
    List<String> lookAlikes =
        List.of("alice", "Alice", " alice", "alice ", "\u200Balice", "\uFF41\uFF4C\uFF49\uFF43\uFF45", "\u0430lice",
            "\u00C5", "A\u030A", "a:b", "a:3Ab", "a%3Ab");

    assertThat(lookAlikes.stream().map(raw -> UserId.of(raw).providerSafe()).distinct()).hasSameSizeAs(lookAlikes);
  }

  /** 3000 random ids over separators, escapes and look-alikes: refused, or safe and injective. */
  @Test
  void providerSafe_randomIds_isSafeReversibleAndInjective() {
    Map<String, String> owners = new HashMap<>();
    int accepted = 0;

    for (String raw : HostileUserIds.randomIds(20261127L, 3000)) {
      Optional<UserId> id = HostileUserIds.tryCreate(raw);
      if (id.isEmpty()) {
        continue;
      }
      accepted++;
      String safe = id.get().providerSafe();
      assertThat(safe).matches(PROVIDER_SAFE).doesNotStartWith(".").doesNotContain("/");
      assertThat(UserId.fromProviderSafe(safe).value()).isEqualTo(raw);
      String previous = owners.putIfAbsent(safe, raw);
      assertThat(previous == null || previous.equals(raw)).as("two ids map to %s", safe).isTrue();
    }

    assertThat(accepted).isGreaterThan(1000);
  }
}
