package io.github.idvkit.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.idvkit.FaceImage;
import io.github.idvkit.ImageLimits;
import io.github.idvkit.InvalidImageException.Reason;
import io.github.idvkit.hostile.RandomImages.Generated;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property tests of image normalisation over generated inputs: random sizes, encodings, EXIF
 * orientations and limits, then random damage to the bytes and to the file structure.
 *
 * <p>Each case is generated from its own seed, shown in its name. The seeds are {@code idv.seed}
 * (default 20261127) plus 0, 1, 2...; to replay one case run {@code -Dtest=NormalizationPropertiesTest
 * -Didv.seed=<its seed> -Didv.cases=1}, and {@code -Didv.cases=N} runs N cases per property. The
 * default build runs the first quarter of the deep run's cases (25, 75 and 50: the same seeds every
 * time, so a build never fails by chance); {@code -Didv.deep=true} runs 100, 300 and 200, as
 * before, and a new {@code idv.seed} explores new inputs. Every case has
 * the bounds of {@link HostileImageTest}: {@link HostileImageTest#CPU_BOUND} of CPU, {@link
 * HostileImageTest#ALLOCATION_BOUND} allocated, and {@link HostileImageTest#HANG_BOUND} before it
 * counts as a hang.
 */
class NormalizationPropertiesTest {

  private static final long SEED = Long.getLong("idv.seed", 20261127L);

  static Stream<Long> validSeeds() {
    return seeds(100);
  }

  static Stream<Long> corruptionSeeds() {
    return seeds(300);
  }

  static Stream<Long> structureSeeds() {
    return seeds(200);
  }

  private static Stream<Long> seeds(int deepCases) {
    int cases = Boolean.getBoolean("idv.deep") ? deepCases : deepCases / 4;
    return LongStream.range(0, Integer.getInteger("idv.cases", cases)).mapToObj(i -> SEED + i);
  }

  /**
   * A valid image is rejected as too small exactly when its displayed short side, or that side once
   * the long side is scaled to the limit, is under the minimum; otherwise the output fits every
   * limit, has the displayed proportions, shows the picture the right way up, and is a fixed point.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("validSeeds")
  void normalize_randomValidImage_isUprightScaledAndFits(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Generated input = RandomImages.anyImage(random);
    ImageLimits limits = random.nextInt(4) == 0 ? ImageLimits.rekognition() : RandomImages.limits(random);

    Outcome outcome = measured(() -> FaceImage.fromBytes(input.bytes()).normalize(limits));

    int shortSide = Math.min(input.displayWidth(), input.displayHeight());
    int longSide = Math.max(input.displayWidth(), input.displayHeight());
    double scale = Math.min(1.0, (double) limits.maxLongSide() / longSide);
    long scaledShortSide = Math.round(shortSide * scale);
    String context = input + ", " + limits;
    if (shortSide < limits.minSide() || scaledShortSide < limits.minSide()) {
      assertThat(outcome.rejection()).as(context).isNotNull();
      assertThat(outcome.rejection().reason()).as(context).isEqualTo(Reason.TOO_SMALL);
      return;
    }
    if (outcome.rejection() != null) {
      // Only a byte limit no encoding meets above the minimum side may stop a valid image.
      assertThat(outcome.rejection().reason()).as(context).isEqualTo(Reason.TOO_MANY_BYTES);
      return;
    }
    FaceImage out = outcome.image();
    Outcome.assertValidNormalised(out, limits);
    long expectedWidth = Math.round(input.displayWidth() * scale);
    long expectedHeight = Math.round(input.displayHeight() * scale);
    assertThat((long) out.width()).as(context).isLessThanOrEqualTo(expectedWidth + 1);
    assertThat((long) out.height()).as(context).isLessThanOrEqualTo(expectedHeight + 1);
    // Rounding each side once or twice moves w*H - h*W by at most (W + H): proportions are kept.
    long skew = (long) out.width() * input.displayHeight() - (long) out.height() * input.displayWidth();
    assertThat(Math.abs(skew))
        .as("proportions of " + out + " from " + context)
        .isLessThanOrEqualTo(input.displayWidth() + input.displayHeight());
    if (out.width() >= 32 && out.height() >= 32) {
      assertUpright(out, context);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("corruptionSeeds")
  void normalize_randomlyDamagedBytes_givesValidImageOrInvalidImageException(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Generated input = RandomImages.image(random, 60, 300);
    List<String> damage = new ArrayList<>();
    byte[] damaged = RandomImages.corrupt(input.bytes(), random, damage);
    ImageLimits limits = ImageLimits.rekognition();

    Outcome outcome = measured(() -> FaceImage.fromBytes(damaged).normalize(limits));

    outcome.assertAcceptable(limits, damaged);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("structureSeeds")
  void normalize_rearrangedSegmentsOrChunks_givesValidImageOrInvalidImageException(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Generated input = RandomImages.image(random, 60, 300);
    List<String> edits = new ArrayList<>();
    byte[] rearranged = RandomImages.rearrange(input.bytes(), random, edits);
    ImageLimits limits = ImageLimits.rekognition();

    Outcome outcome = measured(() -> FaceImage.fromBytes(rearranged).normalize(limits));

    outcome.assertAcceptable(limits, rearranged);
  }

  // ---------------------------------------------------------------- helpers

  private static Outcome measured(Callable<FaceImage> work) {
    Outcome outcome = assertTimeoutPreemptively(HostileImageTest.HANG_BOUND, () -> Outcome.of(work));
    assertThat(outcome.cpuTime()).isLessThanOrEqualTo(HostileImageTest.CPU_BOUND);
    assertThat(outcome.allocatedBytes()).isLessThanOrEqualTo(HostileImageTest.ALLOCATION_BOUND);
    return outcome;
  }

  /** The four quadrants of the output have the grey levels of the displayed picture. */
  private static void assertUpright(FaceImage out, String context) {
    BufferedImage decoded;
    try {
      decoded = ImageIO.read(new ByteArrayInputStream(out.bytes()));
    } catch (IOException e) {
      throw new AssertionError("the output does not decode: " + context, e);
    }
    int w = decoded.getWidth();
    int h = decoded.getHeight();
    int[][] centres = {{w / 4, h / 4}, {3 * w / 4, h / 4}, {w / 4, 3 * h / 4}, {3 * w / 4, 3 * h / 4}};
    for (int q = 0; q < 4; q++) {
      int x = centres[q][0];
      int y = centres[q][1];
      int luma =
          isGrey(decoded)
              ? decoded.getRaster().getSample(x, y, 0) * 255 / ((1 << decoded.getColorModel().getComponentSize(0)) - 1)
              : Forge.luma(decoded.getRGB(x, y));
      assertThat(luma)
          .as("quadrant %d of %s", q, context)
          .isCloseTo(RandomImages.QUADRANTS[q], within(45));
    }
  }

  /** Grey samples are display values; Java's getRGB would read them as linear grey. */
  private static boolean isGrey(BufferedImage image) {
    return !(image.getColorModel() instanceof IndexColorModel)
        && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
  }
}
