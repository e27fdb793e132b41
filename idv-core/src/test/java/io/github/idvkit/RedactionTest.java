package io.github.idvkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.idvkit.spi.CollectionInfo;
import io.github.idvkit.spi.ComparedFace;
import io.github.idvkit.spi.Comparison;
import io.github.idvkit.spi.DetectionResult;
import io.github.idvkit.spi.FaceMatch;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.SearchResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code toString()} of every value of the API and the SPI shows no raw user id, no
 * provider-safe form of it, no application-chosen image key and no image bytes, so values that end up
 * in logs, exception messages or assertion failures leak nothing.
 */
class RedactionTest {

  private static final String RAW_ID = "alice.secret@example.com";
  private static final UserId USER = UserId.of(RAW_ID);
  private static final String ID_PHOTO_KEY = "s3://ids/people/alice.secret@example.com.jpg";
  private static final FaceImage SELFIE = FaceImage.fromBytes(png(120, 90));
  private static final FaceId FACE = FaceId.of("3f1a2b4c-0000-4000-8000-000000000001");
  private static final StoredImage STORED = StoredImage.of("s3://faces/alice.secret/face-1.jpg");
  private static final DetectedFace DETECTED =
      DetectedFace.builder().box(BoundingBox.of(0.1, 0.1, 0.5, 0.5)).confidence(0.99).sizePixels(200).build();

  /** One instance of every value type holding a user id, an image or a reference to one. */
  static Map<String, Object> samples() {
    IndexedFace indexed =
        IndexedFace.builder().faceId(FACE).userId(USER).provider("test").collectionId("users").face(DETECTED).build();
    FaceMatch match = FaceMatch.of(USER, Similarity.ofPercent(99.5), FACE);
    Map<String, Object> samples = new LinkedHashMap<>();
    samples.put("UserId", USER);
    samples.put("FaceImage", SELFIE);
    samples.put("StoredImage", StoredImage.of(ID_PHOTO_KEY));
    samples.put("RegisterRequest", RegisterRequest.builder().userId(USER).selfie(SELFIE)
        .idPhoto(StoredImage.of(ID_PHOTO_KEY)).requestId("req-1").build());
    samples.put("RegisterRequest with an image ID photo",
        RegisterRequest.builder().userId(USER).selfie(SELFIE).idPhoto(SELFIE).build());
    samples.put("RegisterResult", RegisterResult.builder().decision(RegisterDecision.FACE_ALREADY_REGISTERED)
        .userId(USER).requestId("req-1").faceId(FACE).image(STORED).existingUser(USER).build());
    samples.put("LoginRequest", LoginRequest.builder().userId(USER).selfie(SELFIE).build());
    samples.put("LoginResult", LoginResult.builder().decision(LoginDecision.VERIFIED).userId(USER)
        .similarity(Similarity.ofPercent(99.5)).matchedFace(FACE).build());
    samples.put("IdentifyRequest", IdentifyRequest.of(SELFIE));
    samples.put("IdentifyResult", IdentifyResult.builder().decision(IdentifyDecision.IDENTIFIED).userId(USER)
        .similarity(Similarity.ofPercent(99.5)).build());
    samples.put("ForgetRequest", ForgetRequest.of(USER));
    samples.put("ForgetResult", ForgetResult.builder().userId(USER).addDeletedFace(FACE).deletedImages(1)
        .deletedRecords(1).completedAt(Instant.EPOCH).build());
    samples.put("DecisionEvent", DecisionEvent.builder().flow(Flow.LOGIN).decision("VERIFIED").userId(USER)
        .requestId("req-1").decidedAt(Instant.EPOCH).elapsed(Duration.ofMillis(5)).build());
    samples.put("DetectedFace", DETECTED);
    samples.put("FaceRecord", FaceRecord.builder().userId(USER).faceId(FACE).image(STORED).provider("test")
        .collectionId("users").confidence(0.99).requestId("req-1").createdAt(Instant.EPOCH).build());
    samples.put("IndexedFace", indexed);
    samples.put("IndexResult", IndexResult.of(indexed));
    samples.put("FaceMatch", match);
    samples.put("SearchResult", SearchResult.builder().addMatch(match).addProbeFace(DETECTED).probeFacesComplete(true).build());
    samples.put("Comparison", Comparison.builder().sourceFace(BoundingBox.of(0.1, 0.1, 0.5, 0.5))
        .addTargetFace(ComparedFace.of(BoundingBox.of(0.2, 0.2, 0.4, 0.4), Similarity.ofPercent(99))).build());
    samples.put("DetectionResult", DetectionResult.of(List.of(DETECTED)));
    samples.put("ReconciliationReport", ReconciliationReport.builder().addUnrecordedFace(indexed)
        .addUnrecordedImage(StoredImage.of(ID_PHOTO_KEY))
        .addIncompleteRecord(FaceRecord.builder().userId(USER).faceId(FACE).image(STORED).provider("test")
            .collectionId("users").confidence(0.99).requestId("req-1").createdAt(Instant.EPOCH).build())
        .repaired(false).build());
    FaceRecord committedRecord = FaceRecord.builder().userId(USER).faceId(FACE).image(STORED).provider("test")
        .collectionId("users").confidence(0.99).requestId("req-1").createdAt(Instant.EPOCH).build();
    samples.put("RegistrationIntent", io.github.idvkit.spi.RegistrationIntent.builder().userId(USER)
        .requestId("req-1").attemptId("a1").state(io.github.idvkit.spi.RegistrationIntent.State.COMMITTED)
        .startedAt(Instant.EPOCH).updatedAt(Instant.EPOCH).faceId(FACE).image(STORED).record(committedRecord)
        .build());
    samples.put("CollectionInfo", CollectionInfo.builder().provider("test").collectionId("users").faceCount(1).build());
    samples.put("LivenessResult", io.github.idvkit.spi.LivenessResult.builder()
        .sessionId(LivenessSessionId.of("0b4f3c1e-0000-4000-8000-000000000001"))
        .state(io.github.idvkit.spi.LivenessState.SUCCEEDED)
        .confidence(LivenessConfidence.ofPercent(97)).referenceImage(SELFIE).addAuditImage(SELFIE).build());
    samples.put("LivenessSession", io.github.idvkit.spi.LivenessSession.builder()
        .sessionId(LivenessSessionId.of("0b4f3c1e-0000-4000-8000-000000000001"))
        .subject("ab".repeat(32)).flow(Flow.LOGIN).createdAt(Instant.EPOCH).build());
    samples.put("RegisterRequest with a liveness session", RegisterRequest.builder().userId(USER)
        .livenessSession(LivenessSessionId.of("0b4f3c1e-0000-4000-8000-000000000001"))
        .attemptKey("device-1").build());
    return samples;
  }

  static Set<String> sampleNames() {
    return samples().keySet();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sampleNames")
  void toString_anyValue_showsNoIdNoKeyAndNoImageBytes(String name) {
    Object value = samples().get(name);

    String text = value.toString();

    assertThat(text)
        .doesNotContain(RAW_ID)
        .doesNotContain("alice.secret")
        .doesNotContain(USER.providerSafe())
        .doesNotContain("people/")
        .doesNotContain(Base64.getEncoder().encodeToString(SELFIE.bytes()).substring(0, 16))
        .doesNotContain(HexFormat.of().formatHex(SELFIE.bytes(), 0, 8));
  }

  /**
   * Every value type of the API and the SPI (every class Immutables generates there) is either
   * checked above or holds nothing to hide; a new value type fails here until it is sorted.
   */
  @Test
  void samples_everyGeneratedValueType_isSampledOrHoldsNothingToHide() {
    Set<String> nothingToHide =
        Set.of("BoundingBox", "FaceAttribute", "ImageLimits", "Pose", "QualityGate", "VerificationPolicy", "ComparedFace",
            "AttemptRecord");
    Set<String> generated =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.idvkit")
            .stream()
            .filter(type -> !type.isAnnotation() && type.getSimpleName().startsWith("Immutable"))
            .map(JavaClass::getSimpleName)
            .map(name -> name.substring("Immutable".length()))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> sampled = samples().keySet().stream().map(name -> name.split(" ")[0]).collect(Collectors.toSet());

    assertThat(generated).isNotEmpty();
    assertThat(generated).allSatisfy(value ->
        assertThat(sampled.contains(value) || nothingToHide.contains(value))
            .as("%s has a redaction sample or is listed as holding nothing to hide", value)
            .isTrue());
  }

  @Test
  void toString_storedImage_keepsSchemeAndStoreAndFingerprintsTheRest() {
    StoredImage image = StoredImage.of(ID_PHOTO_KEY);

    assertThat(image.toString()).matches("StoredImage\\[s3://ids/…#[0-9a-f]{8}]");
    assertThat(image.toString()).isEqualTo(StoredImage.of(ID_PHOTO_KEY).toString());
    assertThat(image.toString()).isNotEqualTo(StoredImage.of("s3://ids/people/bob.jpg").toString());
    assertThat(image.uri().toString()).isEqualTo(ID_PHOTO_KEY);
  }

  private static byte[] png(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, x * 2 << 16 | y * 2 << 8 | 0x40);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
