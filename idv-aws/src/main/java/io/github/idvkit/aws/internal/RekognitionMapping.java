package io.github.idvkit.aws.internal;

import io.github.idvkit.BoundingBox;
import io.github.idvkit.DetectedFace;
import io.github.idvkit.FaceAttribute;
import io.github.idvkit.FaceImage;
import io.github.idvkit.ImageSource;
import io.github.idvkit.Pose;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.Similarity;
import io.github.idvkit.StoredImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.rekognition.model.Attribute;
import software.amazon.awssdk.services.rekognition.model.EyeOpen;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.FaceOccluded;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.IndexFacesResponse;
import software.amazon.awssdk.services.rekognition.model.Reason;
import software.amazon.awssdk.services.rekognition.model.S3Object;
import software.amazon.awssdk.services.rekognition.model.UnindexedFace;
import software.amazon.awssdk.services.rekognition.model.Sunglasses;

/**
 * Maps between Rekognition's model and idv's values, once: percentages become ratios, boxes keep
 * Rekognition's ratio form, unmeasured facts stay absent. Not API.
 */
public final class RekognitionMapping {

  /** The provider name idv records for Rekognition. */
  public static final String PROVIDER = "rekognition";

  /** The score scale of Rekognition's similarities, which every similarity mapped here names. */
  public static final String SCALE = "aws:rekognition/percent";

  /**
   * The face attributes idv asks {@code DetectFaces} and {@code IndexFaces} for: the default set
   * (box, confidence, pose, quality, landmarks) and the three the quality gate reads. Not {@code
   * ALL}: AWS documents that more attributes may take longer, and idv reads no other.
   */
  public static final List<Attribute> GATE_ATTRIBUTES =
      List.of(Attribute.DEFAULT, Attribute.EYES_OPEN, Attribute.SUNGLASSES, Attribute.FACE_OCCLUDED);

  private static final Comparator<DetectedFace> LARGEST_FIRST =
      Comparator.comparingDouble((DetectedFace f) -> f.box().area()).reversed();

  private RekognitionMapping() {}

  /**
   * The Rekognition image for bytes or an {@code s3://bucket/key} reference; {@link
   * IllegalArgumentException} for a stored image of another scheme.
   */
  public static Image image(ImageSource source) {
    if (source instanceof FaceImage face) {
      return Image.builder().bytes(SdkBytes.fromByteBuffer(face.asByteBuffer())).build();
    }
    S3Location location = S3Location.of((StoredImage) source);
    return Image.builder()
        .s3Object(S3Object.builder().bucket(location.bucket()).name(location.key()).build())
        .build();
  }

  /** Maps a Rekognition box. */
  public static BoundingBox box(software.amazon.awssdk.services.rekognition.model.BoundingBox box) {
    return BoundingBox.of(
        orZero(box.left()), orZero(box.top()), orZero(box.width()), orZero(box.height()));
  }

  /** Maps a face detail, measured on an image of {@code width} x {@code height} pixels (0 if unknown). */
  public static DetectedFace face(FaceDetail detail, int width, int height) {
    BoundingBox box = box(detail.boundingBox());
    DetectedFace.Builder face =
        DetectedFace.builder()
            .box(box)
            .confidence(detail.confidence() == null ? OptionalDouble.empty() : OptionalDouble.of(ratio(detail.confidence())))
            .sizePixels(
                (int) Math.round(Math.max(0, Math.min(box.width() * width, box.height() * height))));
    if (detail.quality() != null) {
      if (detail.quality().brightness() != null) {
        face.brightness(ratio(detail.quality().brightness()));
      }
      if (detail.quality().sharpness() != null) {
        face.sharpness(ratio(detail.quality().sharpness()));
      }
    }
    var pose = detail.pose();
    if (pose != null && pose.yaw() != null && pose.pitch() != null && pose.roll() != null) {
      face.pose(Pose.of(angle(pose.yaw()), angle(pose.pitch()), angle(pose.roll())));
    }
    return face.eyesOpen(attribute(detail.eyesOpen(), EyeOpen::value, EyeOpen::confidence))
        .sunglasses(attribute(detail.sunglasses(), Sunglasses::value, Sunglasses::confidence))
        .occluded(attribute(detail.faceOccluded(), FaceOccluded::value, FaceOccluded::confidence))
        .build();
  }

  /** A yes/no answer, if given; without a confidence when Rekognition gave none (optional in AWS's model). */
  private static <A> Optional<FaceAttribute> attribute(
      @Nullable A answer, Function<A, @Nullable Boolean> value, Function<A, @Nullable Float> confidence) {
    Boolean yes = answer == null ? null : value.apply(answer);
    if (yes == null) {
      return Optional.empty();
    }
    Float percent = confidence.apply(answer);
    return Optional.of(percent == null || percent.isNaN() ? FaceAttribute.of(yes) : FaceAttribute.of(yes, ratio(percent)));
  }

  /** Maps face details, largest first, measured on an image of {@code width} x {@code height} pixels. */
  public static List<DetectedFace> faces(List<FaceDetail> details, int width, int height) {
    return details.stream()
        .filter(RekognitionMapping::hasBox)
        .map(d -> face(d, width, height))
        .sorted(LARGEST_FIRST)
        .toList();
  }

  /**
   * Every face {@code IndexFaces} saw on an image of {@code width} x {@code height} pixels, largest
   * first: the indexed one and the unindexed ones ({@code MaxFaces=1} leaves every other face in
   * {@code UnindexedFaces}, with its details).
   */
  public static List<DetectedFace> indexedImageFaces(IndexFacesResponse response, int width, int height) {
    List<FaceDetail> details = new ArrayList<>();
    response.faceRecords().forEach(record -> details.add(record.faceDetail()));
    response.unindexedFaces().forEach(face -> details.add(face.faceDetail()));
    return faces(details.stream().filter(Objects::nonNull).toList(), width, height);
  }

  /**
   * Says why {@code IndexFaces} indexed no face: {@link QualityIssue#NO_FACE} when it reports no
   * unindexed face, else the reasons of the largest unindexed face (with {@code MaxFaces=1},
   * Rekognition keeps only the largest face, so that is the one the caller meant), each mapped to
   * its own issue: {@code EXCEEDS_MAX_FACES} to {@link QualityIssue#MULTIPLE_FACES}, {@code
   * LOW_FACE_QUALITY} to {@link QualityIssue#LOW_QUALITY}, a reason idv does not know (or none) to
   * {@link QualityIssue#OTHER_PROVIDER_REASON}. Never empty.
   */
  public static Set<QualityIssue> notIndexedReasons(List<UnindexedFace> unindexed) {
    if (unindexed.isEmpty()) {
      return EnumSet.of(QualityIssue.NO_FACE);
    }
    UnindexedFace largest = unindexed.stream()
        .filter(f -> f.faceDetail() != null && hasBox(f.faceDetail()))
        .max(Comparator.comparingDouble(f -> box(f.faceDetail().boundingBox()).area()))
        .orElse(unindexed.get(0));
    Set<QualityIssue> issues = EnumSet.noneOf(QualityIssue.class);
    for (Reason reason : largest.reasons()) {
      issues.add(switch (reason) {
        case EXCEEDS_MAX_FACES -> QualityIssue.MULTIPLE_FACES;
        case EXTREME_POSE -> QualityIssue.POSE;
        case LOW_BRIGHTNESS -> QualityIssue.TOO_DARK;
        case LOW_SHARPNESS -> QualityIssue.BLURRY;
        case LOW_CONFIDENCE -> QualityIssue.LOW_CONFIDENCE;
        case SMALL_BOUNDING_BOX -> QualityIssue.FACE_TOO_SMALL;
        case LOW_FACE_QUALITY -> QualityIssue.LOW_QUALITY;
        case UNKNOWN_TO_SDK_VERSION -> QualityIssue.OTHER_PROVIDER_REASON;
      });
    }
    return issues.isEmpty() ? EnumSet.of(QualityIssue.OTHER_PROVIDER_REASON) : issues;
  }

  /** Maps a Rekognition percentage (0-100) to a ratio (0-1), clamped; absent becomes 0. */
  public static double ratio(@Nullable Float percent) {
    if (percent == null || percent.isNaN()) {
      return 0;
    }
    return Math.max(0, Math.min(1, percent / 100.0));
  }

  /**
   * Maps a Rekognition similarity (0-100, clamped; callers skip a match without one) to a {@link
   * Similarity} on {@link #SCALE}, so that a policy calibrated for another provider's scale is
   * refused at the comparison itself.
   */
  public static Similarity similarity(Float percent) {
    return Similarity.ofPercent(Math.max(0, Math.min(100, percent.doubleValue()))).withScale(SCALE);
  }

  private static boolean hasBox(FaceDetail detail) {
    var box = detail.boundingBox();
    return box != null
        && box.width() != null
        && box.height() != null
        && box.width() > 0
        && box.height() > 0;
  }

  private static double angle(Float degrees) {
    return Math.max(-180, Math.min(180, degrees.doubleValue()));
  }

  private static double orZero(@Nullable Float value) {
    return value == null ? 0 : value.doubleValue();
  }
}
