package io.github.idvkit.internal;

import io.github.idvkit.DecisionListener;
import io.github.idvkit.ExecutionMode;
import io.github.idvkit.ImageLimits;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.spi.AttemptLimiter;
import io.github.idvkit.spi.FaceComparer;
import io.github.idvkit.spi.FaceDetector;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.spi.ImageStore;
import io.github.idvkit.spi.LivenessCheck;
import io.github.idvkit.spi.LivenessSessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/** What {@code IdentityVerifier.Builder} collected. Not API. */
public record VerifierConfig(
    FaceDetector faceDetector,
    FaceComparer faceComparer,
    FaceIndex faceIndex,
    ImageStore imageStore,
    FaceRecordStore faceRecordStore,
    VerificationPolicy policy,
    ImageLimits imageLimits,
    Clock clock,
    DecisionListener decisionListener,
    ExecutionMode execution,
    @Nullable ExecutorService executor,
    List<AutoCloseable> closeables,
    Duration intentTimeout,
    Duration registrationWait,
    Duration indexSettleTimeout,
    @Nullable LivenessCheck livenessCheck,
    @Nullable LivenessSessionStore livenessSessionStore,
    @Nullable AttemptLimiter attemptLimiter) {}
