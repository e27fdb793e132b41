package io.github.idvkit.internal;

import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.ImageSource;
import io.github.idvkit.LivenessSessionId;
import io.github.idvkit.ProviderException;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.AttemptLimiter;
import io.github.idvkit.spi.AttemptRecord;
import io.github.idvkit.spi.CollectionInfo;
import io.github.idvkit.spi.Comparison;
import io.github.idvkit.spi.Consistency;
import io.github.idvkit.spi.DetectionResult;
import io.github.idvkit.spi.FaceComparer;
import io.github.idvkit.spi.FaceDetector;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.ForwardingFaceIndex;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.LivenessCheck;
import io.github.idvkit.spi.LivenessResult;
import io.github.idvkit.spi.SearchResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The policy's budget of billed provider calls per minute (detect, compare, index, search, and each
 * liveness session created), counted in the attempt limiter's store
 * under one key per minute ({@code b:<epoch minute>}), so every app instance shares it. Flows check
 * it before their first call; the ports wrapped by {@link #wrap} count each billed call. Not API.
 */
final class BilledCallBudget {

  private final AttemptLimiter store;
  private final int perMinute;
  private final Clock clock;

  BilledCallBudget(AttemptLimiter store, int perMinute, Clock clock) {
    this.store = store;
    this.perMinute = perMinute;
    this.clock = clock;
  }

  /** Throws a retryable THROTTLED if this minute's budget is spent; reads only the store. */
  void check(String operation) {
    Instant now = clock.instant();
    Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
    Optional<AttemptRecord> spent = store.find(key(minute), now);
    if (spent.isPresent() && spent.get().consecutiveFailures() >= perMinute) {
      Duration left = Duration.between(now, minute.plus(Duration.ofMinutes(1)));
      throw new ProviderException(ProviderException.Kind.THROTTLED, "idv", operation, null,
          "the budget of " + perMinute + " billed calls per minute is spent; retry in "
              + Math.max(1, left.toSeconds()) + " s",
          null);
    }
  }

  private void count() {
    Instant now = clock.instant();
    Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
    store.recordFailure(key(minute), now, minute.plus(Duration.ofMinutes(2)));
  }

  private static String key(Instant minute) {
    return "b:" + minute.getEpochSecond() / 60;
  }

  /** The config with its detector, comparer and index counting their billed calls. */
  VerifierConfig wrap(VerifierConfig c) {
    FaceDetector detector = c.faceDetector();
    FaceComparer comparer = c.faceComparer();
    FaceIndex index = c.faceIndex();
    FaceDetector countedDetector = image -> {
      count();
      return detector.detect(image);
    };
    FaceComparer countedComparer = (ImageSource source, FaceImage target) -> {
      count();
      return comparer.compare(source, target);
    };
    FaceIndex countedIndex = new CountedIndex(index);
    LivenessCheck liveness = c.livenessCheck();
    LivenessCheck countedLiveness = liveness == null ? null : new LivenessCheck() {
      @Override
      public LivenessSessionId createSession(int auditImagesLimit) {
        count(); // a session is a liveness check the provider bills once the client runs it
        return liveness.createSession(auditImagesLimit);
      }

      @Override
      public Optional<LivenessResult> result(LivenessSessionId sessionId) {
        return liveness.result(sessionId);
      }
    };
    return new VerifierConfig(countedDetector, countedComparer, countedIndex, c.imageStore(), c.faceRecordStore(),
        c.policy(), c.imageLimits(), c.clock(), c.decisionListener(), c.execution(), c.executor(), c.closeables(),
        c.intentTimeout(), c.registrationWait(), c.indexSettleTimeout(), countedLiveness,
        c.livenessSessionStore(), c.attemptLimiter());
  }

  /** Counts the index's billed calls; forwards the rest (default methods included). */
  private final class CountedIndex extends ForwardingFaceIndex {
    private final FaceIndex delegate;

    CountedIndex(FaceIndex delegate) {
      this.delegate = delegate;
    }

    @Override
    protected FaceIndex delegate() {
      return delegate;
    }

    @Override
    public IndexResult index(UserId user, FaceImage image) {
      count();
      return delegate.index(user, image);
    }

    @Override
    public SearchResult search(FaceImage probe, int maxUsers) {
      count();
      return delegate.search(probe, maxUsers);
    }

    @Override
    public SearchResult searchFaces(FaceImage probe, int maxUsers) {
      count();
      return delegate.searchFaces(probe, maxUsers);
    }

    @Override
    public void associate(UserId user, FaceId faceId) {
      if (!delegate.searchNamesFaces()) {
        count(); // a separate association (AssociateFaces) is billed; elsewhere it does nothing
      }
      delegate.associate(user, faceId);
    }
  }
}
