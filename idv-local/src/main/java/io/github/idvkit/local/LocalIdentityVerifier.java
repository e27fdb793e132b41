package io.github.idvkit.local;

import io.github.idvkit.DecisionListener;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.ImageLimits;
import io.github.idvkit.QualityGate;
import io.github.idvkit.Reconciler;
import io.github.idvkit.ReconciliationReport;
import io.github.idvkit.Similarity;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.spi.PortDecorator;
import io.github.idvkit.local.internal.AtomicFiles;
import io.github.idvkit.local.internal.LocalFailures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * Builds an {@link IdentityVerifier} that runs entirely on this machine: real face detection and
 * face descriptors on the CPU ({@link LocalFaceEngine}), with the faces, images and records kept
 * under one data directory. No cloud account, no network.
 *
 * <pre>{@code
 * try (IdentityVerifier idv = LocalIdentityVerifier.builder()
 *     .dataDirectory(Path.of("/var/lib/idv"))
 *     .build()) {
 *   idv.register(req -> req.userId("alice@example.com").selfie(FaceImage.fromPath(selfie)));
 *   LoginResult login = idv.login(req -> req.userId("alice@example.com").selfie(camera));
 * }
 * }</pre>
 *
 * <p>Layout of the data directory: {@code index/<collectionId>/} ({@link LocalFaceIndex}), {@code
 * images/} ({@link FileSystemImageStore}) and {@code records/} ({@link FileSystemFaceRecordStore}).
 * Everything survives a restart; one process at a time may use a data directory. Every file and
 * directory the verifier creates is readable by its owner only (POSIX file systems); a data
 * directory that already exists keeps its own mode. {@link IdentityVerifier#forget forget} leaves
 * nothing of the user in any file of the data directory once it returns.
 *
 * <p><b>No liveness check.</b> The local provider has none: it cannot tell a live face from a
 * printed photo or a screen, and it does not pretend to ({@code startLiveness} and a request with
 * a liveness session throw {@link io.github.idvkit.ConfigurationException}). Attempt limits hold:
 * consecutive failures are counted under {@code attempts/} ({@link FileSystemAttemptLimiter}).
 *
 * <p>The verifier decides by {@link #calibratedPolicy()} unless given another policy: the local
 * descriptor scores on its own part of the similarity scale, so core's 99 % default would refuse
 * every genuine match. <strong>The dlib descriptor (2017) suits development, tests, demos and
 * low-risk use; it is not fit for high-assurance identity checks.</strong>
 */
public final class LocalIdentityVerifier {

  private static final List<String> SUBDIRECTORIES = List.of("index", "images", "records");

  /** The default collection id. */
  public static final String DEFAULT_COLLECTION_ID = "faces";

  private LocalIdentityVerifier() {}

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the policy calibrated for the local engine (see the module README for the photos and
   * the method): log in and ID match at similarity 0.625 (descriptor distance 0.45), duplicates
   * from 0.583 (distance 0.50), identify at 0.65 (distance 0.42) with a 0.05 margin, and {@link
   * #qualityGate()}. It opts in below core's {@link VerificationPolicy#FLOOR} because the local
   * scale puts genuine pairs around 0.6-0.9, not above 0.9; the thresholds are set to keep every
   * stranger measured out, at the cost of some genuine retries.
   *
   * @return the policy
   */
  public static VerificationPolicy calibratedPolicy() {
    Similarity match = LocalSimilarity.fromDistance(LocalSimilarity.MATCH_DISTANCE);
    return VerificationPolicy.builder()
        .idMatchThreshold(match)
        .loginThreshold(match)
        .duplicateThreshold(LocalSimilarity.fromDistance(LocalSimilarity.DUPLICATE_DISTANCE))
        .identifyThreshold(LocalSimilarity.fromDistance(LocalSimilarity.IDENTIFY_DISTANCE))
        .identifyMargin(0.05)
        .qualityGate(qualityGate())
        .belowFloorAllowed(true)
        .scale(LocalSimilarity.SCALE)
        .build();
  }

  /**
   * Returns the policy for an engine running {@code model}: its calibrated match, duplicate and
   * identify thresholds, a 0.05 identify margin, {@link #qualityGate()}, and its scale. For the
   * shipped model this equals {@link #calibratedPolicy()}.
   *
   * @param model the descriptor model
   * @return the policy
   */
  public static VerificationPolicy calibratedPolicy(DescriptorModel model) {
    return VerificationPolicy.builder()
        .idMatchThreshold(model.matchThreshold())
        .loginThreshold(model.matchThreshold())
        .duplicateThreshold(model.duplicateThreshold())
        .identifyThreshold(model.identifyThreshold())
        .identifyMargin(0.05)
        .qualityGate(qualityGate())
        .belowFloorAllowed(true)
        .scale(model.scale())
        .build();
  }

  /**
   * Returns the quality gate calibrated for what the local engine measures: BlazeFace confidence
   * at least 0.7, brightness 0.15-0.92, sharpness at least 0.2, yaw within 40 degrees and pitch
   * within 30 (rough estimates from keypoints), roll within 50 (alignment corrects roll), faces of
   * at least 60 pixels. Eyes, sunglasses and occlusion are not measured by these models, so the gate
   * does not ask for them (asking would make core run a second analysis on every login).
   *
   * @return the gate
   */
  public static QualityGate qualityGate() {
    return QualityGate.builder()
        .minConfidence(0.7)
        .minBrightness(0.15)
        .maxBrightness(0.92)
        .minSharpness(0.2)
        .maxYaw(40)
        .maxPitch(30)
        .maxRoll(50)
        .minFaceSizePixels(60)
        .requireEyesOpen(false)
        .rejectSunglasses(false)
        .rejectOccluded(false)
        .build();
  }

  /**
   * Returns the limits images are normalised to before the engine sees them: long side 1280 (the
   * engine's working size, so nothing is decoded larger than needed), at most 5 MB, sides of at
   * least 64 pixels.
   *
   * @return the limits
   */
  public static ImageLimits imageLimits() {
    return ImageLimits.builder().maxBytes(5L * 1024 * 1024).maxLongSide(1280).minSide(64).build();
  }

  /** Builds a local {@link IdentityVerifier}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Path dataDirectory;
    private String collectionId = DEFAULT_COLLECTION_ID;
    private @Nullable VerificationPolicy policy;
    private @Nullable LocalFaceEngine engine;
    private int intraOpThreads = 1;
    private @Nullable SecretKey encryptionKey;
    private Clock clock = Clock.systemUTC();
    private @Nullable DecisionListener decisionListener;
    private final List<PortDecorator> portDecorators = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the directory that holds the index, images and records. Required; created if missing.
     *
     * @param dataDirectory the directory
     * @return this builder
     */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory").toAbsolutePath();
      return this;
    }

    /**
     * Sets the face collection's id; {@value LocalIdentityVerifier#DEFAULT_COLLECTION_ID} by
     * default.
     *
     * @param collectionId 1-255 characters of {@code [A-Za-z0-9_.-]}
     * @return this builder
     */
    public Builder collectionId(String collectionId) {
      this.collectionId = Objects.requireNonNull(collectionId, "collectionId");
      return this;
    }

    /**
     * Sets the policy; {@link LocalIdentityVerifier#calibratedPolicy()} by default. A policy made
     * for another provider's scale (such as {@link VerificationPolicy#highSecurity()}) refuses
     * genuine local matches.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder policy(VerificationPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Uses this engine, which the verifier will not close; by default it creates one with {@link
     * #intraOpThreads} and closes it on {@link IdentityVerifier#close()}.
     *
     * @param engine the engine
     * @return this builder
     */
    public Builder engine(LocalFaceEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /**
     * Sets the ONNX Runtime threads per call of the engine the verifier creates; 1 by default.
     *
     * @param intraOpThreads at least 1
     * @return this builder
     */
    public Builder intraOpThreads(int intraOpThreads) {
      if (intraOpThreads < 1) {
        throw new IllegalArgumentException("intraOpThreads must be at least 1, got " + intraOpThreads);
      }
      this.intraOpThreads = intraOpThreads;
      return this;
    }

    /**
     * Encrypts everything the verifier stores with AES-GCM under this key: images, the face index
     * journal (descriptors and user ids) and the records; none by default. Keep the key outside
     * the data directory; without it the data cannot be read again.
     *
     * @param key an AES key (128, 192 or 256 bits)
     * @return this builder
     */
    public Builder encryptionKey(SecretKey key) {
      this.encryptionKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * Sets the clock for record and event times; the UTC system clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the listener that receives every decision (an audit trail); none by default.
     *
     * @param decisionListener the listener
     * @return this builder
     */
    public Builder decisionListener(DecisionListener decisionListener) {
      this.decisionListener = Objects.requireNonNull(decisionListener, "decisionListener");
      return this;
    }

    /**
     * Adds a decorator that wraps the verifier's ports (metrics, tracing); see {@link
     * IdentityVerifier.Builder#decoratePorts(PortDecorator)}.
     *
     * @param portDecorator the decorator
     * @return this builder
     */
    public Builder decoratePorts(PortDecorator portDecorator) {
      portDecorators.add(Objects.requireNonNull(portDecorator, "portDecorator"));
      return this;
    }

    /**
     * Loads the engine, opens the stores and creates the face collection if it does not exist.
     *
     * @return the verifier; closing it closes what this builder created
     * @throws IllegalStateException if no data directory was set
     * @throws io.github.idvkit.ConfigurationException if the engine cannot load, the data
     *     directory cannot be used, or the policy was calibrated for another score scale
     * @throws io.github.idvkit.ProviderException if stored data cannot be read
     */
    public IdentityVerifier build() {
      if (dataDirectory == null) {
        throw new IllegalStateException("LocalIdentityVerifier.builder() needs dataDirectory(...)");
      }
      if (policy != null && engine == null) {
        policy.requireScale(LocalSimilarity.SCALE); // before loading anything: the default engine's scale
      }
      prepareDirectories(dataDirectory);
      List<AutoCloseable> created = new ArrayList<>();
      try {
        LocalFaceEngine e = engine;
        if (e == null) {
          e = LocalFaceEngine.builder().intraOpThreads(intraOpThreads).build();
          created.add(e);
        }
        if (policy != null) {
          policy.requireScale(e.descriptorModel().scale());
        }
        FileSystemImageStore images = imageStore();
        LocalFaceIndex.Builder indexBuilder =
            LocalFaceIndex.builder()
                .engine(e)
                .directory(dataDirectory.resolve("index"))
                .collectionId(collectionId)
                .clock(clock);
        FileSystemFaceRecordStore.Builder recordsBuilder =
            FileSystemFaceRecordStore.builder().directory(dataDirectory.resolve("records"));
        if (encryptionKey != null) {
          indexBuilder.encryptionKey(encryptionKey);
          recordsBuilder.encryptionKey(encryptionKey);
        }
        LocalFaceIndex index = indexBuilder.build();
        created.add(index);
        index.createCollection();
        FileSystemFaceRecordStore records = recordsBuilder.build();
        created.add(records);
        IdentityVerifier.Builder verifier =
            IdentityVerifier.builder()
                .faceDetector(LocalFaceDetector.builder().engine(e).build())
                .faceComparer(LocalFaceComparer.builder().engine(e).imageStore(images).build())
                .faceIndex(index)
                .imageStore(images)
                .faceRecordStore(records)
                .policy(policy != null ? policy : calibratedPolicy(e.descriptorModel()))
                .imageLimits(imageLimits())
                .attemptLimiter(FileSystemAttemptLimiter.create(dataDirectory.resolve("attempts")))
                .clock(clock);
        if (decisionListener != null) {
          verifier.decisionListener(decisionListener);
        }
        portDecorators.forEach(verifier::decoratePorts);
        for (AutoCloseable c : created) {
          verifier.closeOnClose(c);
        }
        return verifier.build();
      } catch (RuntimeException ex) {
        Collections.reverse(created);
        for (AutoCloseable c : created) {
          try {
            c.close();
          } catch (Exception suppressed) {
            ex.addSuppressed(suppressed);
          }
        }
        throw ex;
      }
    }

    /**
     * Builds a {@link Reconciler} over the same data directory, collection and encryption key as
     * {@link #build()}'s verifier: it finds, and on {@link Reconciler#repair()} deletes, faces and
     * images without a record and what is left of broken registrations.
     *
     * <pre>{@code
     * Reconciler reconciler = LocalIdentityVerifier.builder().dataDirectory(dir).buildReconciler();
     * ReconciliationReport found = reconciler.scan();
     * }</pre>
     *
     * <p>Each call of {@code scan()} or {@code repair()} opens the index and record store, and
     * closes them before it returns (with the engine, if it had to load one because none was
     * given), so the reconciler holds no lock between calls and needs no closing. Like any local
     * store it cannot open a data directory that a verifier holds open; run it when no verifier is
     * open on the directory. Later changes to this builder do not affect it.
     *
     * @return the reconciler
     * @throws IllegalStateException if no data directory was set
     */
    public Reconciler buildReconciler() {
      if (dataDirectory == null) {
        throw new IllegalStateException("LocalIdentityVerifier.builder() needs dataDirectory(...)");
      }
      Builder settings = new Builder();
      settings.dataDirectory = dataDirectory;
      settings.collectionId = collectionId;
      settings.engine = engine;
      settings.intraOpThreads = intraOpThreads;
      settings.encryptionKey = encryptionKey;
      settings.clock = clock;
      return new Reconciler() {
        @Override
        public ReconciliationReport scan() {
          return settings.reconcile(Reconciler::scan);
        }

        @Override
        public ReconciliationReport repair() {
          return settings.reconcile(Reconciler::repair);
        }

        @Override
        public String toString() {
          return "LocalReconciler[dataDirectory=" + settings.dataDirectory + ", collectionId="
              + settings.collectionId + "]";
        }
      };
    }

    private ReconciliationReport reconcile(Function<Reconciler, ReconciliationReport> run) {
      Path data = Objects.requireNonNull(dataDirectory);
      List<AutoCloseable> created = new ArrayList<>();
      RuntimeException failure = null;
      try {
        LocalFaceEngine e = engine;
        if (e == null) {
          e = LocalFaceEngine.builder().intraOpThreads(intraOpThreads).build();
          created.add(e);
        }
        LocalFaceIndex.Builder indexBuilder =
            LocalFaceIndex.builder().engine(e).directory(data.resolve("index"))
                .collectionId(collectionId).clock(clock);
        FileSystemFaceRecordStore.Builder recordsBuilder =
            FileSystemFaceRecordStore.builder().directory(data.resolve("records"));
        if (encryptionKey != null) {
          indexBuilder.encryptionKey(encryptionKey);
          recordsBuilder.encryptionKey(encryptionKey);
        }
        LocalFaceIndex index = indexBuilder.build();
        created.add(index);
        FileSystemFaceRecordStore records = recordsBuilder.build();
        created.add(records);
        return run.apply(Reconciler.create(index, imageStore(), records));
      } catch (RuntimeException ex) {
        failure = ex;
        throw ex;
      } finally {
        Collections.reverse(created);
        for (AutoCloseable c : created) {
          try {
            c.close();
          } catch (Exception suppressed) {
            if (failure != null) {
              failure.addSuppressed(suppressed);
            }
          }
        }
      }
    }

    /**
     * Creates the data directory owner-only if it is missing (an existing one keeps its mode) and
     * makes the verifier's own subdirectories owner-only, also when an earlier version made them.
     */
    private static void prepareDirectories(Path dataDirectory) {
      try {
        AtomicFiles.createDirectories(dataDirectory);
        for (String sub : SUBDIRECTORIES) {
          Path dir = dataDirectory.resolve(sub);
          AtomicFiles.createDirectories(dir);
          AtomicFiles.restrict(dir);
        }
      } catch (IOException e) {
        throw LocalFailures.misconfigured(
            "Cannot prepare the data directory " + dataDirectory + ": " + e.getMessage(), e);
      }
    }

    private FileSystemImageStore imageStore() {
      FileSystemImageStore.Builder b =
          FileSystemImageStore.builder().directory(Objects.requireNonNull(dataDirectory).resolve("images"));
      if (encryptionKey != null) {
        b.encryptionKey(encryptionKey);
      }
      return b.build();
    }
  }
}
