package io.github.idvkit;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.immutables.value.Value;
import org.jspecify.annotations.Nullable;

/**
 * The thresholds and quality gate every flow decides by. Providers report facts; the policy turns
 * them into decisions, so every provider behaves the same.
 *
 * <pre>{@code
 * VerificationPolicy policy = VerificationPolicy.highSecurity();          // the default
 * VerificationPolicy custom = VerificationPolicy.builder()
 *     .from(VerificationPolicy.highSecurity())
 *     .loginThreshold(Similarity.ofPercent(98))
 *     .identificationEnabled(true)
 *     .build();
 * }</pre>
 *
 * <p>A threshold below {@link #FLOOR} is refused unless {@link #belowFloorAllowed()} is set: low
 * thresholds let strangers in (the AWS tutorial's 70 % login threshold logs a stranger in as the
 * most similar enrolled person), so lowering one must be a visible decision. A provider whose
 * scores live on another part of the scale, such as the offline engine, ships its own calibrated
 * preset that opts in.
 */
@Value.Immutable
public interface VerificationPolicy {

  /** Thresholds below this need {@link #belowFloorAllowed()}: 90 %. */
  Similarity FLOOR = Similarity.ofPercent(90);

  /**
   * Liveness thresholds below this need {@link #belowFloorAllowed()}: 50 %, the low end of what
   * AWS suggests against presentation attacks (printed photos, screens, masks).
   */
  LivenessConfidence LIVENESS_FLOOR = LivenessConfidence.ofPercent(50);

  /** Lowest similarity between the ID photo's face and the selfie's face to register. */
  Similarity idMatchThreshold();

  /** Similarity to an enrolled user from which a registration counts as a duplicate. */
  Similarity duplicateThreshold();

  /**
   * Similarity to an enrolled user from which a registration below {@link #duplicateThreshold()}
   * is held for a person's review ({@link RegisterDecision#DUPLICATE_SUSPECTED}) instead of
   * registered: the duplicate check errs toward catching, since a false flag costs a review and a
   * miss a second identity. Absent, or at or above the duplicate threshold: no review band. The
   * presets start it at 80 %, the match threshold Rekognition's searches default to; a second
   * photo of one person taken off-angle or years apart often scores under 99 %.
   */
  Optional<Similarity> duplicateReviewThreshold();

  /** Lowest similarity to the claimed user's faces to log in. */
  Similarity loginThreshold();

  /** Lowest similarity for {@code identify} to name a user. */
  Similarity identifyThreshold();

  /**
   * How far, as a ratio, the best user's similarity must exceed the best <em>other</em> user's for
   * {@code identify} to name the best one.
   */
  @Value.Default
  default double identifyMargin() {
    return 0.02;
  }

  /** Whether {@code identify} (1:N search without a claimed identity) may be used. Off by default. */
  @Value.Default
  default boolean identificationEnabled() {
    return false;
  }

  /**
   * Lowest liveness confidence for a liveness session to stand in for a selfie; 90 % by default
   * (AWS suggests 50-60 against presentation attacks and 80-90 against replayed or injected
   * video). Below {@link #LIVENESS_FLOOR} only with {@link #belowFloorAllowed()}.
   */
  @Value.Default
  default LivenessConfidence livenessThreshold() {
    return LivenessConfidence.ofPercent(90);
  }

  /**
   * How long after {@code startLiveness} a session may be used; 3 minutes by default, Rekognition's
   * own session lifetime. At most 1 hour.
   */
  @Value.Default
  default Duration livenessSessionLifetime() {
    return Duration.ofMinutes(3);
  }

  /** Whether a liveness session's audit images are kept; {@link AuditImageRetention#NONE} by default. */
  @Value.Default
  default AuditImageRetention auditImageRetention() {
    return AuditImageRetention.NONE;
  }

  /**
   * How many audit images a liveness session asks the provider for, 0-4; 0 by default. Must be at
   * least 1 with {@link AuditImageRetention#KEEP_UNTIL_FORGOTTEN}; images that are not kept are not
   * asked for.
   */
  @Value.Default
  default int auditImagesLimit() {
    return auditImageRetention() == AuditImageRetention.NONE ? 0 : 1;
  }

  /**
   * Consecutive failed selfie attempts per user or attempt key before a lock-out, 1-5; 5 by default,
   * the most NIST SP 800-63B allows without presentation-attack detection.
   */
  @Value.Default
  default int maxConsecutiveFailures() {
    return 5;
  }

  /**
   * Consecutive failed attempts with a liveness session before a lock-out, 1-10; 10 by default, the
   * most NIST SP 800-63B allows with presentation-attack detection.
   */
  @Value.Default
  default int maxConsecutiveFailuresWithLiveness() {
    return 10;
  }

  /** The first lock-out's wait, at least 30 seconds (NIST SP 800-63B); 30 seconds by default. */
  @Value.Default
  default Duration lockoutDelay() {
    return Duration.ofSeconds(30);
  }

  /** The longest lock-out's wait, at least {@link #lockoutDelay()}; 1 hour by default. */
  @Value.Default
  default Duration maxLockoutDelay() {
    return Duration.ofHours(1);
  }

  /**
   * A budget of billed provider calls (detect, compare, index, search, and each liveness session
   * started, which the provider bills as a check) per minute for the whole
   * application, kept in the attempt limiter's store so every app instance shares it; absent (the
   * default) for none. A register, login, identify or {@code startLiveness} that starts once the
   * minute's budget is spent throws a retryable {@link ProviderException} ({@link
   * ProviderException.Kind#THROTTLED}) before any billed call; one already running finishes, so a
   * minute can exceed the budget by the calls of the flows in flight. Needs an attempt limiter.
   */
  Optional<Integer> billedCallsPerMinute();

  /**
   * Returns how long a key is locked out after its latest failure: none below the limit; from the
   * limit on, {@link #lockoutDelay()} doubled for each further failure, capped at {@link
   * #maxLockoutDelay()}.
   *
   * @param consecutiveFailures the key's consecutive failures
   * @param withLiveness whether the attempt comes with a liveness session (the higher limit)
   * @return the wait from the latest failure, or zero if not locked out
   */
  default Duration lockoutAfter(int consecutiveFailures, boolean withLiveness) {
    int limit = withLiveness ? maxConsecutiveFailuresWithLiveness() : maxConsecutiveFailures();
    if (consecutiveFailures < limit) {
      return Duration.ZERO;
    }
    int doublings = Math.min(consecutiveFailures - limit, 30);
    Duration wait = lockoutDelay().multipliedBy(1L << doublings);
    return wait.compareTo(maxLockoutDelay()) > 0 ? maxLockoutDelay() : wait;
  }

  /** The quality gate a registration selfie must pass: the face every later login is held against. */
  QualityGate qualityGate();

  /**
   * The quality gate for login and identify selfies; by default the same as {@link #qualityGate()}.
   *
   * <p>Its eyes-open check doubles as a weak liveness hint (a sleeping person's face does not log
   * in), so {@link #highSecurity()} keeps it. A provider whose search reports the probe's faces
   * measures box, confidence, pose, brightness and sharpness but not eyes, sunglasses or
   * occlusion; with a gate that checks only those facts ({@link
   * QualityGate#withoutAttributeChecks()}, as in {@link #standard()}) a login costs one provider
   * call instead of two. Core runs detection only when the search did not measure a fact this gate
   * checks.
   */
  @Value.Default
  default QualityGate loginQualityGate() {
    return qualityGate();
  }

  /** How many candidate users a search asks for. */
  @Value.Default
  default int searchDepth() {
    return 10;
  }

  /** Whether thresholds below {@link #FLOOR} are accepted. */
  @Value.Default
  default boolean belowFloorAllowed() {
    return false;
  }

  /**
   * The score scale the thresholds were calibrated for, such as the local engine's {@code
   * "local:dlib-resnet29/euclidean-1.2"}; absent for a policy that names none (the presets), which
   * every provider accepts. A provider that knows its own scale refuses a policy made for another
   * ({@link #requireScale}): 0.625 on the local engine is a different thing from 62.5 % on
   * Rekognition.
   */
  Optional<String> scale();

  /**
   * Checks that this policy was calibrated for a provider's score scale; a policy without a scale
   * passes.
   *
   * @param providerScale the scale the provider's similarities are on
   * @throws ConfigurationException if this policy names another scale
   */
  default void requireScale(String providerScale) {
    if (scale().isPresent() && !scale().get().equals(providerScale)) {
      throw new ConfigurationException(
          "This policy was calibrated for the score scale '" + scale().get()
              + "' but the provider scores on '" + providerScale + "': its thresholds mean"
              + " something else there. Use a policy calibrated for this provider (for example"
              + " 'idv calibrate' on its own photos), or one without a scale.");
    }
  }

  /**
   * Returns this policy's thresholds, margin, search depth, floor opt-in and scale as properties
   * (the format {@link #fromProperties} reads); the quality gates are not included.
   *
   * @return the properties
   */
  default Properties toProperties() {
    Properties p = new Properties();
    p.setProperty("idMatchThreshold", ratio(idMatchThreshold()));
    p.setProperty("loginThreshold", ratio(loginThreshold()));
    p.setProperty("duplicateThreshold", ratio(duplicateThreshold()));
    duplicateReviewThreshold().ifPresent(t -> p.setProperty("duplicateReviewThreshold", ratio(t)));
    p.setProperty("identifyThreshold", ratio(identifyThreshold()));
    p.setProperty("identifyMargin", String.format(Locale.ROOT, "%.4f", identifyMargin()));
    p.setProperty("identificationEnabled", Boolean.toString(identificationEnabled()));
    p.setProperty("searchDepth", Integer.toString(searchDepth()));
    p.setProperty("belowFloorAllowed", Boolean.toString(belowFloorAllowed()));
    p.setProperty("livenessThreshold", String.format(Locale.ROOT, "%.6f", livenessThreshold().ratio()));
    scale().ifPresent(s -> p.setProperty("scale", s));
    return p;
  }

  private static String ratio(Similarity s) {
    return String.format(Locale.ROOT, "%.6f", s.ratio());
  }

  /**
   * Returns {@code base} with the values present in {@code properties} (as {@link #toProperties}
   * writes them: thresholds as similarity ratios in [0, 1]) in place of its own; the quality gates
   * always come from {@code base}.
   *
   * @param properties the properties, for example a file written by {@code idv calibrate}
   * @param base the policy to take everything absent from
   * @return the policy
   * @throws IllegalArgumentException if a value is malformed or the result is invalid
   */
  static VerificationPolicy fromProperties(Properties properties, VerificationPolicy base) {
    Builder b = base.toBuilder();
    String v;
    String scale = properties.getProperty("scale");
    String thresholdScale = scale != null ? scale.trim() : base.scale().orElse(null);
    if ((v = properties.getProperty("idMatchThreshold")) != null) {
      b.idMatchThreshold(threshold(v, thresholdScale));
    }
    if ((v = properties.getProperty("loginThreshold")) != null) {
      b.loginThreshold(threshold(v, thresholdScale));
    }
    if ((v = properties.getProperty("duplicateThreshold")) != null) {
      b.duplicateThreshold(threshold(v, thresholdScale));
      // The base's review band belongs to the base's duplicate threshold (and scale).
      b.duplicateReviewThreshold(Optional.empty());
    }
    if ((v = properties.getProperty("duplicateReviewThreshold")) != null) {
      b.duplicateReviewThreshold(threshold(v, thresholdScale));
    }
    if ((v = properties.getProperty("identifyThreshold")) != null) {
      b.identifyThreshold(threshold(v, thresholdScale));
    }
    if ((v = properties.getProperty("identifyMargin")) != null) {
      b.identifyMargin(Double.parseDouble(v.trim()));
    }
    if ((v = properties.getProperty("identificationEnabled")) != null) {
      b.identificationEnabled(Boolean.parseBoolean(v.trim()));
    }
    if ((v = properties.getProperty("searchDepth")) != null) {
      b.searchDepth(Integer.parseInt(v.trim()));
    }
    if ((v = properties.getProperty("belowFloorAllowed")) != null) {
      b.belowFloorAllowed(Boolean.parseBoolean(v.trim()));
    }
    if ((v = properties.getProperty("livenessThreshold")) != null) {
      b.livenessThreshold(LivenessConfidence.ofRatio(Double.parseDouble(v.trim())));
    }
    if ((v = properties.getProperty("scale")) != null) {
      b.scale(v.trim());
    }
    return b.build();
  }

  private static Similarity threshold(String value, @Nullable String scale) {
    double ratio = Double.parseDouble(value.trim());
    return scale == null ? Similarity.ofRatio(ratio) : Similarity.ofRatio(ratio, scale);
  }

  /**
   * Checks thresholds against the floor.
   *
   * @throws IllegalArgumentException if a threshold is below {@link #FLOOR} without {@link
   *     #belowFloorAllowed()}, or the margin or search depth is out of range
   */
  @Value.Check
  default void check() {
    if (scale().isPresent()) {
      java.util.List<Similarity> thresholds = new java.util.ArrayList<>(
          java.util.List.of(idMatchThreshold(), duplicateThreshold(), loginThreshold(), identifyThreshold()));
      duplicateReviewThreshold().ifPresent(thresholds::add);
      for (Similarity t : thresholds) {
        if (t.scale().isPresent() && !t.scale().get().equals(scale().get())) {
          throw new IllegalArgumentException(
              "A threshold on the score scale '" + t.scale().get() + "' cannot be part of a policy"
                  + " calibrated for '" + scale().get() + "'");
        }
      }
    }
    if (!belowFloorAllowed()) {
      requireFloor("idMatchThreshold", idMatchThreshold());
      requireFloor("duplicateThreshold", duplicateThreshold());
      requireFloor("loginThreshold", loginThreshold());
      requireFloor("identifyThreshold", identifyThreshold());
    }
    if (!belowFloorAllowed() && !livenessThreshold().isAtLeast(LIVENESS_FLOOR)) {
      throw new IllegalArgumentException(
          "livenessThreshold " + livenessThreshold() + " is below the floor of " + LIVENESS_FLOOR
              + "; a low threshold lets printed photos and screens pass. If this is deliberate,"
              + " set belowFloorAllowed(true).");
    }
    if (livenessSessionLifetime().isNegative() || livenessSessionLifetime().isZero()
        || livenessSessionLifetime().compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "livenessSessionLifetime must be positive and at most 1 hour, got " + livenessSessionLifetime());
    }
    if (auditImagesLimit() < 0 || auditImagesLimit() > 4) {
      throw new IllegalArgumentException("auditImagesLimit must be in [0, 4], got " + auditImagesLimit());
    }
    if (auditImageRetention() == AuditImageRetention.KEEP_UNTIL_FORGOTTEN && auditImagesLimit() == 0) {
      throw new IllegalArgumentException("Keeping audit images needs auditImagesLimit of at least 1");
    }
    if (maxConsecutiveFailures() < 1 || maxConsecutiveFailures() > 5) {
      throw new IllegalArgumentException(
          "maxConsecutiveFailures must be in [1, 5] (NIST SP 800-63B), got " + maxConsecutiveFailures());
    }
    if (maxConsecutiveFailuresWithLiveness() < 1 || maxConsecutiveFailuresWithLiveness() > 10) {
      throw new IllegalArgumentException(
          "maxConsecutiveFailuresWithLiveness must be in [1, 10] (NIST SP 800-63B), got "
              + maxConsecutiveFailuresWithLiveness());
    }
    if (lockoutDelay().compareTo(Duration.ofSeconds(30)) < 0) {
      throw new IllegalArgumentException(
          "lockoutDelay must be at least 30 seconds (NIST SP 800-63B), got " + lockoutDelay());
    }
    if (billedCallsPerMinute().isPresent() && billedCallsPerMinute().get() < 1) {
      throw new IllegalArgumentException("billedCallsPerMinute must be at least 1");
    }
    if (maxLockoutDelay().compareTo(lockoutDelay()) < 0) {
      throw new IllegalArgumentException("maxLockoutDelay must be at least lockoutDelay");
    }
    if (!(identifyMargin() >= 0 && identifyMargin() < 1)) {
      throw new IllegalArgumentException("identifyMargin must be in [0, 1), got " + identifyMargin());
    }
    if (searchDepth() < 2 || searchDepth() > 100) {
      throw new IllegalArgumentException("searchDepth must be in [2, 100], got " + searchDepth());
    }
  }

  private static void requireFloor(String name, Similarity threshold) {
    if (!threshold.isAtLeast(FLOOR)) {
      throw new IllegalArgumentException(
          name + " " + threshold + " is below the floor of " + FLOOR
              + "; a low threshold lets strangers in. If this is deliberate (for example a"
              + " provider with its own calibrated scale), set belowFloorAllowed(true).");
    }
  }

  /**
   * Returns the default policy: 99 % similarity for the ID match, duplicates, login and identify,
   * duplicates from 80 % held for review, a 2 % identify margin, the {@link QualityGate#strict()} gate, a 90 % liveness threshold and
   * NIST SP 800-63B's attempt limits (5 failures, 10 with liveness, then 30 s doubling up to 1 h). 99 % is what AWS recommends
   * for security-critical use.
   *
   * @return the policy
   */
  static VerificationPolicy highSecurity() {
    Similarity ninetyNine = Similarity.ofPercent(99);
    return builder()
        .idMatchThreshold(ninetyNine)
        .duplicateThreshold(ninetyNine)
        .duplicateReviewThreshold(Similarity.ofPercent(80))
        .loginThreshold(ninetyNine)
        .identifyThreshold(ninetyNine)
        .qualityGate(QualityGate.strict())
        .build();
  }

  /**
   * Returns a policy for lower-risk uses: 95 % thresholds (duplicates from 80 % held for review), an 80 % liveness
   * threshold, the {@link QualityGate#standard()} gate
   * for registration and, for login and identify, {@link QualityGate#searchable()}: one face, its
   * confidence and size, which every search reports, so a login costs one call (Rekognition
   * documents no more than a box and a confidence for the face a search used). Registration's
   * stricter gate guards the enrolled face; the login threshold guards the match.
   *
   * @return the policy
   */
  static VerificationPolicy standard() {
    Similarity ninetyFive = Similarity.ofPercent(95);
    return builder()
        .idMatchThreshold(ninetyFive)
        .duplicateThreshold(ninetyFive)
        .duplicateReviewThreshold(Similarity.ofPercent(80))
        .loginThreshold(ninetyFive)
        .identifyThreshold(ninetyFive)
        .qualityGate(QualityGate.standard())
        .loginQualityGate(QualityGate.searchable())
        .livenessThreshold(LivenessConfidence.ofPercent(80))
        .build();
  }

  /**
   * Returns a new builder; start from a preset with {@code builder().from(highSecurity())}.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this policy's values.
   *
   * @return the builder
   */
  default Builder toBuilder() {
    Builder builder = builder();
    builder.from(this);
    return builder;
  }

  /** Builds {@link VerificationPolicy}. */
  final class Builder extends ImmutableVerificationPolicy.Builder {}
}
