package io.github.idvkit.local;

import ai.onnxruntime.OrtException;
import io.github.idvkit.FaceImage;
import io.github.idvkit.Similarity;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.local.internal.Analysis;
import io.github.idvkit.local.internal.LocalFailures;
import io.github.idvkit.spi.ComparedFace;
import io.github.idvkit.spi.FaceComparer;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Answers "what threshold?" from your own photos: scores every pair of photos in a folder per
 * person (genuine pairs within a folder, impostor pairs across folders), then reports the score
 * distributions, the error rates at every threshold, the equal-error rate, the thresholds at target
 * false-match rates with 95 % confidence bounds, a chart, and a policy file that {@link
 * VerificationPolicy} can load.
 *
 * <pre>{@code
 * Calibration.Dataset set = Calibration.Dataset.fromDirectory(Path.of("photos"));   // photos/alice/*.jpg, photos/bob/*.jpg ...
 * Calibration.Report report = Calibration.local(engine).run(set);
 * System.out.println(report.summary());
 * report.writeChart(Path.of("calibration.png"));
 * report.writePolicy(Path.of("policy.properties"));
 * }</pre>
 *
 * <p>Provider-neutral: {@link #over(FaceComparer, String)} scores each pair with one {@code
 * compare} call (so on a paid provider, {@link #plannedCalls} tells the bill before anything is
 * called, and {@link #run(Dataset, long)} refuses to exceed a cap); {@link #local(LocalFaceEngine)}
 * analyses each photo once and compares descriptors, which is the same score as {@link
 * LocalFaceComparer} reports.
 *
 * <p><b>How little a small set proves:</b> with {@code n} impostor pairs and no false match, the
 * false-match rate is only known to be below about {@code 3 / n} (the "rule of three", the 95 %
 * Clopper-Pearson bound); a target of 1e-3 needs about 3,000 impostor pairs with no error before it
 * can be claimed. The report says so next to every number, and pairs of photos of one person are not
 * independent, so the bounds are if anything optimistic.
 *
 * <p><b>Duplicates are searched 1:N.</b> A registration's selfie is compared with every enrolled
 * user, so a per-pair false-match rate {@code p} flags about {@code N x p} of registrations as
 * duplicates when {@code N} users are enrolled. The duplicate threshold therefore targets a false-flag
 * rate per registration ({@link #TARGET_FALSE_FLAG_RATE_PER_REGISTRATION}) at an expected number of
 * enrolled users ({@link Report#forEnrolledUsers(long)}, default {@link #DEFAULT_ENROLLED_USERS}),
 * which asks for a per-pair rate of about {@code 1e-2 / N}. Showing such a rate takes about {@code 3
 * N / 1e-2} impostor pairs; a smaller set gets no more lenient duplicate threshold than the login
 * one, and the report says that the target is not shown and what the set does bound.
 */
public final class Calibration {

  /** The false-match rates the report gives thresholds for. */
  public static final double[] TARGET_FALSE_MATCH_RATES = {1e-2, 1e-3};

  /**
   * The share of registrations the duplicate search may wrongly flag: 1e-2. A false flag costs a
   * review (or a refused registration), so one in a hundred is the most a policy should cost.
   */
  public static final double TARGET_FALSE_FLAG_RATE_PER_REGISTRATION = 1e-2;

  /**
   * The number of enrolled users a report assumes unless told ({@link Report#forEnrolledUsers}):
   * 1,000, a small deployment. A larger population needs a stricter duplicate threshold.
   */
  public static final long DEFAULT_ENROLLED_USERS = 1_000;

  /**
   * Returns the per-pair false-match rate at which a search over {@code enrolledUsers} independent
   * comparisons flags a share {@code perRegistration} of registrations: {@code 1 - (1 -
   * perRegistration)^(1 / N)}, about {@code perRegistration / N}.
   *
   * @param perRegistration the false-flag rate per registration, in (0, 1)
   * @param enrolledUsers the number of enrolled users searched, at least 1
   * @return the per-pair rate
   */
  public static double perPairRate(double perRegistration, long enrolledUsers) {
    if (!(perRegistration > 0 && perRegistration < 1) || enrolledUsers < 1) {
      throw new IllegalArgumentException(
          "perRegistration must be in (0, 1) and enrolledUsers at least 1: " + perRegistration + ", " + enrolledUsers);
    }
    return -Math.expm1(Math.log1p(-perRegistration) / enrolledUsers);
  }

  /**
   * Returns the share of registrations flagged by a search over {@code enrolledUsers} independent
   * comparisons at a per-pair false-match rate: {@code 1 - (1 - perPair)^N}.
   *
   * @param perPair the per-pair false-match rate, in [0, 1]
   * @param enrolledUsers the number of enrolled users searched, at least 1
   * @return the per-registration rate
   */
  public static double perRegistrationRate(double perPair, long enrolledUsers) {
    if (!(perPair >= 0 && perPair <= 1) || enrolledUsers < 1) {
      throw new IllegalArgumentException(
          "perPair must be in [0, 1] and enrolledUsers at least 1: " + perPair + ", " + enrolledUsers);
    }
    return perPair >= 1 ? 1 : -Math.expm1(enrolledUsers * Math.log1p(-perPair));
  }

  private final PairScorer scorer;
  private final String scale;
  private final boolean perPairCalls;

  /** Scores one pair of photos; empty when either photo has no usable face. */
  @FunctionalInterface
  public interface PairScorer {
    /**
     * Scores a pair.
     *
     * @param a a photo
     * @param b another photo
     * @return the similarity of their largest faces, or empty if either has none
     */
    Optional<Similarity> score(FaceImage a, FaceImage b);
  }

  private Calibration(PairScorer scorer, String scale, boolean perPairCalls) {
    this.scorer = scorer;
    this.scale = scale;
    this.perPairCalls = perPairCalls;
  }

  /**
   * Returns a calibration that scores each pair with one call of {@code comparer} (the source is
   * the first photo, the score the best match in the second).
   *
   * @param comparer any provider's comparer
   * @param scale the name of the comparer's score scale, written into the policy file
   * @return the calibration
   */
  public static Calibration over(FaceComparer comparer, String scale) {
    Objects.requireNonNull(comparer, "comparer");
    PairScorer scorer =
        (a, b) -> comparer.compare(a, b).bestMatch().map(ComparedFace::similarity);
    return new Calibration(scorer, Objects.requireNonNull(scale, "scale"), true);
  }

  /**
   * Returns a calibration on the local engine: each photo is analysed once (its largest face), and
   * pairs are compared as the flows compare them, a probe's descriptor against an enrolled face's
   * (mirror-averaged if the model says so), averaged over both orders, by distance mapped onto the
   * model's similarity scale. No per-pair calls, so no cap is needed.
   *
   * @param engine the engine
   * @return the calibration
   */
  public static Calibration local(LocalFaceEngine engine) {
    Objects.requireNonNull(engine, "engine");
    Map<FaceImage, Optional<float[][]>> cache = Collections.synchronizedMap(new LinkedHashMap<>());
    PairScorer scorer =
        (a, b) -> {
          Optional<float[][]> da = cache.computeIfAbsent(a, i -> descriptors(engine, i));
          Optional<float[][]> db = cache.computeIfAbsent(b, i -> descriptors(engine, i));
          if (da.isEmpty() || db.isEmpty()) {
            return Optional.empty();
          }
          // [0] the probe descriptor, [1] the enrolment descriptor
          double ab = io.github.idvkit.local.internal.Descriptors.distance(da.get()[0], db.get()[1]);
          double ba = io.github.idvkit.local.internal.Descriptors.distance(db.get()[0], da.get()[1]);
          return Optional.of(engine.descriptorModel().similarity((ab + ba) / 2));
        };
    return new Calibration(scorer, engine.descriptorModel().scale(), false);
  }

  private static Optional<float[][]> descriptors(LocalFaceEngine engine, FaceImage image) {
    try {
      Analysis analysis = engine.engine().analyze(image);
      return analysis.faces().isEmpty()
          ? Optional.empty()
          : Optional.of(
              new float[][] {analysis.descriptor(0).clone(), analysis.enrolmentDescriptor(0).clone()});
    } catch (OrtException e) {
      throw LocalFailures.failed("Calibrate", e);
    }
  }

  /**
   * Returns how many pairs (and so, for {@link #over}, how many provider calls) a run on {@code
   * set} makes.
   *
   * @param set the photos
   * @return genuine plus impostor pairs
   */
  public long plannedCalls(Dataset set) {
    return set.genuinePairs() + set.impostorPairs();
  }

  /**
   * Tells whether each pair costs one provider call (a calibration {@link #over} a comparer).
   *
   * @return {@code true} for per-pair calls
   */
  public boolean callsPerPair() {
    return perPairCalls;
  }

  /**
   * Runs without a cap.
   *
   * @param set the photos
   * @return the report
   */
  public Report run(Dataset set) {
    return run(set, Long.MAX_VALUE);
  }

  /**
   * Scores every pair and builds the report.
   *
   * @param set the photos
   * @param maxCalls the most pairs to score; more planned is refused before any call
   * @return the report
   * @throws IllegalArgumentException if the set plans more calls than {@code maxCalls}, or has
   *     fewer than two people or no person with two photos
   */
  public Report run(Dataset set, long maxCalls) {
    long planned = plannedCalls(set);
    if (planned > maxCalls) {
      throw new IllegalArgumentException(
          "The set needs " + planned + " comparisons, more than the cap of " + maxCalls
              + "; raise the cap or use fewer photos");
    }
    if (set.people().size() < 2 || set.genuinePairs() == 0) {
      throw new IllegalArgumentException(
          "Calibration needs at least two people and one person with two photos");
    }
    List<String> names = new ArrayList<>(set.people().keySet());
    Map<Path, FaceImage> images = new LinkedHashMap<>();
    for (List<Path> photos : set.people().values()) {
      for (Path p : photos) {
        images.put(p, FaceImage.fromPath(p));
      }
    }
    List<Double> genuine = new ArrayList<>();
    List<Double> impostor = new ArrayList<>();
    int unscored = 0;
    for (int i = 0; i < names.size(); i++) {
      List<Path> mine = set.people().get(names.get(i));
      for (int a = 0; a < mine.size(); a++) {
        for (int b = a + 1; b < mine.size(); b++) {
          Optional<Similarity> s = scorer.score(images.get(mine.get(a)), images.get(mine.get(b)));
          if (s.isPresent()) {
            genuine.add(s.get().ratio());
          } else {
            unscored++;
          }
        }
      }
      for (int j = i + 1; j < names.size(); j++) {
        for (Path a : mine) {
          for (Path b : set.people().get(names.get(j))) {
            Optional<Similarity> s = scorer.score(images.get(a), images.get(b));
            if (s.isPresent()) {
              impostor.add(s.get().ratio());
            } else {
              unscored++;
            }
          }
        }
      }
    }
    return new Report(scale, set.people().size(), images.size(), genuine, impostor, unscored);
  }

  /**
   * Photos in a folder per person.
   *
   * @param people person name to photo paths, in a stable order
   */
  public record Dataset(Map<String, List<Path>> people) {

    /** Copies the map. */
    public Dataset {
      Map<String, List<Path>> copy = new LinkedHashMap<>();
      people.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      people = Collections.unmodifiableMap(copy);
    }

    /**
     * Reads a directory with one subdirectory per person holding that person's JPEG and PNG
     * photos (other files are ignored).
     *
     * @param root the directory
     * @return the set, people and photos sorted by name
     * @throws UncheckedIOException if the directory cannot be read
     */
    public static Dataset fromDirectory(Path root) {
      Map<String, List<Path>> people = new LinkedHashMap<>();
      try (Stream<Path> dirs = Files.list(root)) {
        for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
          try (Stream<Path> files = Files.list(dir)) {
            List<Path> photos =
                files
                    .filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)"))
                    .sorted()
                    .toList();
            if (!photos.isEmpty()) {
              people.put(dir.getFileName().toString(), photos);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Dataset(people);
    }

    /**
     * Returns the number of pairs of photos of one person.
     *
     * @return the count
     */
    public long genuinePairs() {
      long n = 0;
      for (List<Path> p : people.values()) {
        n += (long) p.size() * (p.size() - 1) / 2;
      }
      return n;
    }

    /**
     * Returns the number of pairs of photos of two different people.
     *
     * @return the count
     */
    public long impostorPairs() {
      long total = 0;
      long sumSquares = 0;
      for (List<Path> p : people.values()) {
        total += p.size();
        sumSquares += (long) p.size() * p.size();
      }
      return (total * total - sumSquares) / 2;
    }
  }

  /** What a run measured. Scores are similarity ratios, higher is more alike. */
  public static final class Report {
    /**
     * How far above the highest impostor score a login threshold stays when the set cannot show a
     * false-match rate of 1e-3: 0.02, about the drift a JPEG re-encode causes in a local similarity
     * (-0.021 to +0.015 measured).
     */
    public static final double SAFETY_MARGIN = 0.02;

    private final String scale;
    private final int people;
    private final int photos;
    private final double[] genuine;
    private final double[] impostor;
    private final int unscored;
    private final long enrolledUsers;

    Report(String scale, int people, int photos, List<Double> genuine, List<Double> impostor, int unscored) {
      this.scale = scale;
      this.people = people;
      this.photos = photos;
      this.genuine = genuine.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      this.impostor = impostor.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      this.unscored = unscored;
      this.enrolledUsers = DEFAULT_ENROLLED_USERS;
    }

    private Report(Report other, long enrolledUsers) {
      this.scale = other.scale;
      this.people = other.people;
      this.photos = other.photos;
      this.genuine = other.genuine;
      this.impostor = other.impostor;
      this.unscored = other.unscored;
      this.enrolledUsers = enrolledUsers;
    }

    /**
     * Returns this report for a deployment expected to hold {@code enrolledUsers} users: the
     * duplicate threshold, its bounds and the policy then target {@link
     * #TARGET_FALSE_FLAG_RATE_PER_REGISTRATION} per registration over that many comparisons.
     *
     * @param enrolledUsers the expected number of enrolled users, at least 1
     * @return a report with the same scores
     * @throws IllegalArgumentException if {@code enrolledUsers} is below 1
     */
    public Report forEnrolledUsers(long enrolledUsers) {
      if (enrolledUsers < 1) {
        throw new IllegalArgumentException("enrolledUsers must be at least 1: " + enrolledUsers);
      }
      return new Report(this, enrolledUsers);
    }

    /**
     * Returns the expected number of enrolled users the duplicate threshold is for.
     *
     * @return the number, {@link #DEFAULT_ENROLLED_USERS} unless set by {@link #forEnrolledUsers}
     */
    public long enrolledUsers() {
      return enrolledUsers;
    }

    /**
     * Returns the per-pair false-match rate the duplicate threshold targets: {@link
     * #TARGET_FALSE_FLAG_RATE_PER_REGISTRATION} spread over {@link #enrolledUsers()} comparisons.
     *
     * @return the per-pair rate, about {@code 1e-2 / N}
     */
    public double duplicateTargetPerPair() {
      return perPairRate(TARGET_FALSE_FLAG_RATE_PER_REGISTRATION, enrolledUsers);
    }

    /**
     * Returns the lowest threshold at which this set shows a false-match rate of at most {@code
     * target}: where the one-sided 95 % upper bound of the measured rate, not just the rate, is
     * within the target. Empty when no threshold does, as with fewer than about {@code 3 / target}
     * impostor pairs (rule of three).
     *
     * @param target the per-pair false-match rate
     * @return the threshold (a similarity ratio), or empty
     */
    public OptionalDouble thresholdShowing(double target) {
      int n = impostor.length;
      if (n == 0 || clopperPearsonUpper(0, n, 0.05) > target) {
        return OptionalDouble.empty();
      }
      // The bound grows with the number of impostors accepted: find the most it can accept.
      int lo = 0;
      int hi = Math.min(n - 1, (int) Math.floor(target * n));
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (clopperPearsonUpper(mid, n, 0.05) <= target) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      return OptionalDouble.of(Math.min(1, Math.nextUp(impostor[n - 1 - lo]) + 0.005));
    }

    /**
     * Tells whether this set shows the duplicate target ({@link #duplicateTargetPerPair()}): see
     * {@link #thresholdShowing}. It needs at least about {@code 3 / target} impostor pairs, about
     * 300,000 for 1,000 users.
     *
     * @return {@code true} if the set supports a duplicate threshold for the target
     */
    public boolean duplicateTargetShown() {
      return thresholdShowing(duplicateTargetPerPair()).isPresent();
    }

    /**
     * Returns the duplicate threshold this run supports: the threshold showing {@link
     * #duplicateTargetPerPair()} when the set can ({@link #duplicateTargetShown()}), no more
     * lenient than the login threshold; when it cannot, the login threshold itself, since the set
     * supports no more lenient one.
     *
     * @return the threshold (a similarity ratio)
     */
    public double duplicateThreshold() {
      double login = loginThreshold();
      OptionalDouble shown = thresholdShowing(duplicateTargetPerPair());
      return shown.isPresent() ? Math.min(login, shown.getAsDouble()) : login;
    }

    /**
     * Returns the one-sided 95 % upper bound of the share of registrations the duplicate search
     * would wrongly flag at a threshold over {@link #enrolledUsers()} users: the per-pair bound
     * ({@link #falseMatchRateUpperBound}) spread over that many comparisons.
     *
     * @param threshold a similarity ratio
     * @return the bound, 0..1
     */
    public double falseFlagRatePerRegistrationUpperBound(double threshold) {
      return perRegistrationRate(falseMatchRateUpperBound(threshold), enrolledUsers);
    }

    /**
     * Returns the genuine scores, ascending.
     *
     * @return a copy
     */
    public double[] genuineScores() {
      return genuine.clone();
    }

    /**
     * Returns the impostor scores, ascending.
     *
     * @return a copy
     */
    public double[] impostorScores() {
      return impostor.clone();
    }

    /**
     * Returns the share of impostor pairs at or above a threshold.
     *
     * @param threshold a similarity ratio
     * @return the false-match rate
     */
    public double falseMatchRate(double threshold) {
      return impostor.length == 0 ? 0 : (double) atOrAbove(impostor, threshold) / impostor.length;
    }

    /**
     * Returns the share of genuine pairs below a threshold.
     *
     * @param threshold a similarity ratio
     * @return the false non-match rate
     */
    public double falseNonMatchRate(double threshold) {
      return genuine.length == 0 ? 0 : (double) (genuine.length - atOrAbove(genuine, threshold)) / genuine.length;
    }

    private static int atOrAbove(double[] sorted, double t) {
      int lo = 0;
      int hi = sorted.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (sorted[mid] < t) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return sorted.length - lo;
    }

    /**
     * Returns the equal-error rate and its threshold: where the false-match and false non-match
     * rates are closest, scanning every observed score.
     *
     * @return {rate, threshold}
     */
    public double[] equalErrorRate() {
      double best = Double.MAX_VALUE;
      double[] out = {0, 0};
      for (double t : candidates()) {
        double fmr = falseMatchRate(t);
        double fnmr = falseNonMatchRate(t);
        if (Math.abs(fmr - fnmr) < best) {
          best = Math.abs(fmr - fnmr);
          out = new double[] {(fmr + fnmr) / 2, t};
        }
      }
      return out;
    }

    private double[] candidates() {
      double[] all = new double[genuine.length + impostor.length + 1];
      System.arraycopy(genuine, 0, all, 0, genuine.length);
      System.arraycopy(impostor, 0, all, genuine.length, impostor.length);
      all[all.length - 1] = 1;
      Arrays.sort(all);
      return all;
    }

    /**
     * Returns the lowest threshold whose measured false-match rate is at most {@code target}: just
     * above the highest impostor score that must be refused.
     *
     * @param target the false-match rate
     * @return the threshold (a similarity ratio)
     */
    public double thresholdAt(double target) {
      int allowed = (int) Math.floor(target * impostor.length);
      if (impostor.length == 0) {
        return 0;
      }
      // Refuse all but the `allowed` highest impostor scores.
      int index = impostor.length - 1 - allowed;
      if (index < 0) {
        return 0;
      }
      return Math.min(1, Math.nextUp(impostor[index]) + 0.005);
    }

    /**
     * Returns the one-sided 95 % upper confidence bound of the false-match rate at a threshold
     * (Clopper-Pearson; with no false match it is about {@code 3 / n}, the rule of three).
     *
     * @param threshold a similarity ratio
     * @return the bound
     */
    public double falseMatchRateUpperBound(double threshold) {
      return clopperPearsonUpper(atOrAbove(impostor, threshold), impostor.length, 0.05);
    }

    /**
     * Returns the one-sided 95 % upper confidence bound of the false non-match rate at a
     * threshold.
     *
     * @param threshold a similarity ratio
     * @return the bound
     */
    public double falseNonMatchRateUpperBound(double threshold) {
      return clopperPearsonUpper(genuine.length - atOrAbove(genuine, threshold), genuine.length, 0.05);
    }

    /**
     * Returns the exact binomial (Clopper-Pearson) upper bound: the {@code p} at which {@code k} or
     * fewer events in {@code n} trials have probability {@code alpha}.
     */
    static double clopperPearsonUpper(int k, int n, double alpha) {
      if (n == 0) {
        return 1;
      }
      if (k >= n) {
        return 1;
      }
      double lo = (double) k / n;
      double hi = 1;
      for (int it = 0; it < 100; it++) {
        double mid = (lo + hi) / 2;
        if (binomialCdf(k, n, mid) > alpha) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      return hi;
    }

    private static double binomialCdf(int k, int n, double p) {
      if (p <= 0) {
        return 1;
      }
      if (p >= 1) {
        return k >= n ? 1 : 0;
      }
      double logTerm = n * Math.log1p(-p); // i = 0
      double sum = Math.exp(logTerm);
      for (int i = 1; i <= k; i++) {
        logTerm += Math.log((double) (n - i + 1) / i) + Math.log(p) - Math.log1p(-p);
        sum += Math.exp(logTerm);
      }
      return Math.min(1, sum);
    }

    /**
     * Returns the login threshold this run supports: the threshold for a measured false-match rate
     * of 1e-3; when the set is too small to show that rate (its 95 % upper bound stays above
     * 1e-3, as it does below about 3,000 impostor pairs), no less than {@link #SAFETY_MARGIN} above
     * the highest impostor score, so that no stranger measured comes near.
     *
     * @return the threshold (a similarity ratio)
     */
    public double loginThreshold() {
      double t = thresholdAt(1e-3);
      if (falseMatchRateUpperBound(t) > 1e-3 && impostor.length > 0) {
        t = Math.max(t, impostor[impostor.length - 1] + SAFETY_MARGIN);
      }
      return Math.min(1, t);
    }

    /**
     * Returns the policy this run supports: login and ID match at {@link #loginThreshold()},
     * identify 0.02 above it, and duplicates at {@link #duplicateThreshold()} (per registration,
     * for {@link #enrolledUsers()} users), on top of {@code base} (its quality gate and other
     * settings), with this run's scale.
     *
     * @param base the policy to take everything else from
     * @return the policy
     */
    public VerificationPolicy policy(VerificationPolicy base) {
      double login = loginThreshold();
      double duplicate = duplicateThreshold();
      return VerificationPolicy.builder()
          .from(base)
          .loginThreshold(Similarity.ofRatio(login, scale))
          .idMatchThreshold(Similarity.ofRatio(login, scale))
          .identifyThreshold(Similarity.ofRatio(Math.min(1, login + 0.02), scale))
          .duplicateThreshold(Similarity.ofRatio(duplicate, scale))
          // The base's review band is on another scale. None is proposed: the band is searched 1:N,
          // so a per-pair stranger rate r in it flags about N x r of registrations for review.
          .duplicateReviewThreshold(java.util.Optional.empty())
          .belowFloorAllowed(true)
          .scale(scale)
          .build();
    }

    /**
     * Writes {@link #policy} for the local engine's calibrated policy as a properties file that
     * {@link VerificationPolicy#fromProperties} reads, with the evidence in comments.
     *
     * @param file the file
     * @param base the policy to take everything else from
     * @throws UncheckedIOException if it cannot be written
     */
    public void writePolicy(Path file, VerificationPolicy base) {
      VerificationPolicy policy = policy(base);
      Properties props = policy.toProperties();
      StringBuilder comments = new StringBuilder();
      comments.append("idv calibrate: ").append(people).append(" people, ").append(photos)
          .append(" photos, ").append(genuine.length).append(" genuine and ").append(impostor.length)
          .append(" impostor pairs.\n");
      double login = policy.loginThreshold().ratio();
      comments.append(String.format(Locale.ROOT,
          "login %.4f: measured false-match rate %.2g (95%% upper bound %.2g), false non-match %.3f%n",
          login, falseMatchRate(login), falseMatchRateUpperBound(login), falseNonMatchRate(login)));
      comments.append(duplicateLine()).append('\n');
      comments.append("A small set proves little: see the bounds. Recalibrate on your own population.");
      try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        props.store(w, comments.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Returns the report as text: counts, distributions, equal-error rate, thresholds with bounds,
     * and a threshold sweep.
     *
     * @return the text
     */
    public String summary() {
      StringBuilder s = new StringBuilder();
      s.append(String.format(Locale.ROOT,
          "scale %s: %d people, %d photos; %d genuine pairs, %d impostor pairs; %d pairs without a face%n",
          scale, people, photos, genuine.length, impostor.length, unscored));
      s.append("genuine  ").append(describe(genuine)).append('\n');
      s.append("impostor ").append(describe(impostor)).append('\n');
      double[] eer = equalErrorRate();
      s.append(String.format(Locale.ROOT, "equal-error rate %.3f at similarity %.4f%n", eer[0], eer[1]));
      for (double target : TARGET_FALSE_MATCH_RATES) {
        double t = thresholdAt(target);
        double bound = falseMatchRateUpperBound(t);
        s.append(String.format(Locale.ROOT,
            "false-match rate %.0e: threshold %.4f -> measured FMR %.2g (95%% upper bound %.2g)%s, FNMR %.3f (upper bound %.3f)%n",
            target, t, falseMatchRate(t), bound,
            bound > target
                ? " - NOT shown: the bound is above the target; showing " + target + " needs at least "
                    + (long) Math.ceil(3 / target) + " impostor pairs (rule of three)"
                : "",
            falseNonMatchRate(t), falseNonMatchRateUpperBound(t)));
      }
      s.append(String.format(Locale.ROOT, "login threshold for the policy: %.4f%s%n", loginThreshold(),
          falseMatchRateUpperBound(thresholdAt(1e-3)) > 1e-3
              ? " (the set cannot show 1e-3, so " + SAFETY_MARGIN + " above the highest impostor score)"
              : ""));
      s.append(duplicateLine()).append('\n');
      s.append(String.format(Locale.ROOT,
          "threshold  FMR        FMR 95%% up  flagged/registration 95%% up (N=%d)  FNMR     accepted genuine  accepted impostors%n",
          enrolledUsers));
      for (double t = 0.40; t <= 0.801; t += 0.025) {
        s.append(String.format(Locale.ROOT, "%.3f      %-10.3g %-11.3g %-37.3g %-8.3f %d / %d           %d / %d%n",
            t, falseMatchRate(t), falseMatchRateUpperBound(t), falseFlagRatePerRegistrationUpperBound(t),
            falseNonMatchRate(t), atOrAbove(genuine, t), genuine.length, atOrAbove(impostor, t), impostor.length));
      }
      return s.toString();
    }

    /** The duplicate threshold, what it targets and what this set shows of it, in one line. */
    private String duplicateLine() {
      double perPair = duplicateTargetPerPair();
      double chosen = duplicateThreshold();
      String head = String.format(Locale.ROOT,
          "duplicate search over %d enrolled users: target %.0e false flags per registration = %.2g per pair",
          enrolledUsers, TARGET_FALSE_FLAG_RATE_PER_REGISTRATION, perPair);
      if (duplicateTargetShown()) {
        return head + String.format(Locale.ROOT,
            ": threshold %.4f (per-pair FMR 95%% upper bound %.2g, flagged registrations 95%% upper bound %.2g)",
            chosen, falseMatchRateUpperBound(chosen), falseFlagRatePerRegistrationUpperBound(chosen));
      }
      return head + String.format(Locale.ROOT,
          " - NOT shown: %d impostor pairs bound the per-pair rate only below %.2g (95%%), so at %d users up to"
              + " %.3g%% of registrations could be flagged at threshold %.4f; showing the target needs at least %d"
              + " impostor pairs (rule of three). The policy keeps duplicates at the login threshold %.4f: the set"
              + " supports no more lenient one.",
          impostor.length, falseMatchRateUpperBound(chosen), enrolledUsers,
          100 * falseFlagRatePerRegistrationUpperBound(chosen), chosen, (long) Math.ceil(3 / perPair), chosen);
    }

    private static String describe(double[] v) {
      if (v.length == 0) {
        return "none";
      }
      return String.format(Locale.ROOT, "n=%d min %.4f p5 %.4f median %.4f p95 %.4f max %.4f",
          v.length, v[0], v[(int) (0.05 * (v.length - 1))], v[(v.length - 1) / 2],
          v[(int) (0.95 * (v.length - 1))], v[v.length - 1]);
    }

    /**
     * Draws the chart: left, the genuine (green) and impostor (red) score histograms with the
     * policy's login (solid) and duplicate (dashed) thresholds; right, the DET curve (false
     * non-match rate against false-match rate, both on log axes) with the two thresholds marked.
     *
     * @param file the PNG to write
     * @param base the policy whose thresholds to mark (as {@link #policy} makes them)
     * @throws UncheckedIOException if it cannot be written
     */
    public void writeChart(Path file, VerificationPolicy base) {
      int w = 1200;
      int h = 520;
      BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      VerificationPolicy policy = policy(base);
      double login = policy.loginThreshold().ratio();
      double duplicate = policy.duplicateThreshold().ratio();
      double[] eer = equalErrorRate();
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(String.format(Locale.ROOT,
          "%s — %d people, %d genuine / %d impostor pairs — EER %.1f%%", scale, people,
          genuine.length, impostor.length, eer[0] * 100), 20, 26);
      drawHistogram(g, 50, 60, 560, 400, login, duplicate, base.loginThreshold().ratio());
      drawDet(g, 700, 60, 440, 400, login, duplicate);
      g.dispose();
      try {
        ImageIO.write(img, "png", file.toFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void drawHistogram(
        Graphics2D g, int x0, int y0, int pw, int ph, double login, double duplicate, double current) {
      double lo = 0;
      double hi = 1;
      if (genuine.length + impostor.length > 0) {
        double min = Math.min(genuine.length > 0 ? genuine[0] : 1, impostor.length > 0 ? impostor[0] : 1);
        double max = Math.max(genuine.length > 0 ? genuine[genuine.length - 1] : 0, impostor.length > 0 ? impostor[impostor.length - 1] : 0);
        lo = Math.max(0, Math.floor(min * 20) / 20);
        hi = Math.min(1, Math.ceil(max * 20) / 20);
        if (hi <= lo) {
          hi = Math.min(1, lo + 0.05);
        }
      }
      int bins = 40;
      double[] gh = histogram(genuine, lo, hi, bins);
      double[] ih = histogram(impostor, lo, hi, bins);
      double top = 0;
      for (int i = 0; i < bins; i++) {
        top = Math.max(top, Math.max(gh[i], ih[i]));
      }
      top = top == 0 ? 1 : top;
      g.setColor(new Color(245, 245, 245));
      g.fillRect(x0, y0, pw, ph);
      double bw = (double) pw / bins;
      for (int i = 0; i < bins; i++) {
        int bx = (int) Math.round(x0 + i * bw);
        int ihgt = (int) Math.round(ih[i] / top * ph);
        int ghgt = (int) Math.round(gh[i] / top * ph);
        g.setColor(new Color(220, 40, 40, 150));
        g.fillRect(bx, y0 + ph - ihgt, (int) Math.ceil(bw), ihgt);
        g.setColor(new Color(30, 150, 60, 150));
        g.fillRect(bx, y0 + ph - ghgt, (int) Math.ceil(bw), ghgt);
      }
      g.setColor(Color.BLACK);
      g.drawRect(x0, y0, pw, ph);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (int i = 0; i <= 4; i++) {
        double v = lo + (hi - lo) * i / 4;
        int x = (int) Math.round(x0 + pw * i / 4.0);
        g.drawLine(x, y0 + ph, x, y0 + ph + 5);
        g.drawString(String.format(Locale.ROOT, "%.2f", v), x - 12, y0 + ph + 20);
      }
      g.drawString("similarity (higher = more alike); bars: share of pairs per bin", x0, y0 + ph + 40);
      if (current >= lo && current <= hi && Math.abs(current - login) > 1e-6) {
        int x = (int) Math.round(x0 + (current - lo) / (hi - lo) * pw);
        g.setColor(Color.GRAY);
        g.drawLine(x, y0, x, y0 + ph);
        g.drawString("current login " + fmt(current), x + 4, y0 + 90);
      }
      markThreshold(g, x0, y0, pw, ph, lo, hi, login, "login " + fmt(login), false);
      markThreshold(g, x0, y0, pw, ph, lo, hi, duplicate, "duplicate " + fmt(duplicate), true);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
      g.setColor(new Color(30, 150, 60));
      g.drawString("same person (" + genuine.length + ")", x0 + 10, y0 + 18);
      g.setColor(new Color(220, 40, 40));
      g.drawString("different people (" + impostor.length + ")", x0 + 10, y0 + 36);
    }

    private static String fmt(double v) {
      return String.format(Locale.ROOT, "%.3f", v);
    }

    private static void markThreshold(Graphics2D g, int x0, int y0, int pw, int ph, double lo, double hi,
        double t, String label, boolean dashed) {
      if (t < lo || t > hi) {
        return;
      }
      int x = (int) Math.round(x0 + (t - lo) / (hi - lo) * pw);
      g.setColor(Color.BLACK);
      g.setStroke(dashed
          ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f)
          : new BasicStroke(2f));
      g.drawLine(x, y0, x, y0 + ph);
      g.setStroke(new BasicStroke(1f));
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      int width = g.getFontMetrics().stringWidth(label);
      g.drawString(label, dashed ? x - width - 4 : x + 4, y0 + (dashed ? 70 : 54));
    }

    private static double[] histogram(double[] v, double lo, double hi, int bins) {
      double[] h = new double[bins];
      for (double x : v) {
        int b = (int) Math.floor((x - lo) / (hi - lo) * bins);
        h[Math.max(0, Math.min(bins - 1, b))]++;
      }
      if (v.length > 0) {
        for (int i = 0; i < bins; i++) {
          h[i] /= v.length;
        }
      }
      return h;
    }

    private void drawDet(Graphics2D g, int x0, int y0, int pw, int ph, double login, double duplicate) {
      double minLog = -4;
      g.setColor(new Color(245, 245, 245));
      g.fillRect(x0, y0, pw, ph);
      g.setColor(Color.BLACK);
      g.drawRect(x0, y0, pw, ph);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (int e = -4; e <= 0; e++) {
        int x = (int) Math.round(x0 + (e - minLog) / -minLog * pw);
        int y = (int) Math.round(y0 + ph - (e - minLog) / -minLog * ph);
        g.setColor(new Color(210, 210, 210));
        g.drawLine(x, y0, x, y0 + ph);
        g.drawLine(x0, y, x0 + pw, y);
        g.setColor(Color.BLACK);
        g.drawString("1e" + e, x - 10, y0 + ph + 18);
        g.drawString("1e" + e, x0 - 34, y + 4);
      }
      g.drawString("false-match rate (strangers accepted), log", x0 + 80, y0 + ph + 38);
      g.drawString("false non-match rate (same person refused), log; 0 is drawn at 1e-4", x0 - 40, y0 - 8);
      double floor = Math.pow(10, minLog);
      int px = -1;
      int py = -1;
      g.setColor(new Color(20, 70, 200));
      g.setStroke(new BasicStroke(2f));
      for (double t : candidates()) {
        double fmr = Math.max(floor, falseMatchRate(t));
        double fnmr = Math.max(floor, falseNonMatchRate(t));
        int x = (int) Math.round(x0 + (Math.log10(fmr) - minLog) / -minLog * pw);
        int y = (int) Math.round(y0 + ph - (Math.log10(fnmr) - minLog) / -minLog * ph);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      g.setStroke(new BasicStroke(1f));
      for (double[] mark : new double[][] {{login, 0}, {duplicate, 1}}) {
        double fmr = Math.max(floor, falseMatchRate(mark[0]));
        double fnmr = Math.max(floor, falseNonMatchRate(mark[0]));
        int x = (int) Math.round(x0 + (Math.log10(fmr) - minLog) / -minLog * pw);
        int y = (int) Math.round(y0 + ph - (Math.log10(fnmr) - minLog) / -minLog * ph);
        g.setColor(Color.BLACK);
        g.fillOval(x - 5, y - 5, 10, 10);
        g.drawString((mark[1] == 0 ? "login" : "duplicate") + String.format(Locale.ROOT,
            " (FMR<=%.2g at 95%%)", falseMatchRateUpperBound(mark[0])), x + 8, y - 6 - (int) mark[1] * 14);
        if (mark[1] == 1) {
          g.drawString(String.format(Locale.ROOT, "  flags <=%.2g of registrations at %d users",
              falseFlagRatePerRegistrationUpperBound(mark[0]), enrolledUsers), x + 8, y + 12);
        }
      }
      // The rule-of-three wall: rates below 3/n cannot be shown with this many impostor pairs.
      if (impostor.length > 0) {
        double wall = Math.min(1, 3.0 / impostor.length);
        int x = (int) Math.round(x0 + (Math.log10(wall) - minLog) / -minLog * pw);
        if (x > x0) {
          g.setColor(new Color(255, 200, 0, 70));
          g.fillRect(x0, y0, x - x0, ph);
          g.setColor(new Color(150, 100, 0));
          g.drawString("unproven: FMR < 3/n", x0 + 6, y0 + 16);
        }
      }
    }
  }
}
