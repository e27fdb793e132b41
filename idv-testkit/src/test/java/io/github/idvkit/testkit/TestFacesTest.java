package io.github.idvkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.FaceImage;
import io.github.idvkit.ImageFormat;
import io.github.idvkit.ImageLimits;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.Pose;
import io.github.idvkit.Similarity;
import io.github.idvkit.testkit.contract.ContractFaces;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TestFacesTest {

  private static final TestSubject ALICE = TestFaces.subject("alice");

  static Stream<FaceImage> variants() {
    return Stream.of(
        ALICE.image(1),
        ALICE.image(1023),
        TestFaces.subject("bob").image(0),
        ALICE.withSunglasses().image(2),
        ALICE.dark().image(3),
        ALICE.overexposed().image(3),
        ALICE.blurred().image(4),
        ALICE.eyesClosed().image(5),
        ALICE.turned().image(6),
        ALICE.pose(-90, 90, -45).image(6),
        ALICE.small().image(7),
        ALICE.occluded().image(8),
        ALICE.lookalike("mallory", 0.973).image(9),
        TestFaces.noFace(),
        TestFaces.group("alice", "bob"),
        TestFaces.group(2, ALICE.dark(), TestFaces.subject("bob").small(), ALICE.lookalike("eve", 0.5)),
        TestFaces.group("a", "b", "c", "d", "e", "f"));
  }

  @ParameterizedTest
  @MethodSource("variants")
  void read_afterJpegReencodeAtQuality85_returnsSameDeclaration(FaceImage image) throws IOException {
    FaceImage jpeg = reencode(image, 1.0, 0.85f);

    assertThat(TestFaces.read(jpeg)).isEqualTo(TestFaces.read(image)).isPresent();
  }

  @ParameterizedTest
  @MethodSource("variants")
  void read_afterHalfDownscaleAndJpeg_returnsSameDeclaration(FaceImage image) throws IOException {
    FaceImage small = reencode(image, 0.5, 0.85f);

    assertThat(TestFaces.read(small)).isEqualTo(TestFaces.read(image)).isPresent();
  }

  @ParameterizedTest
  @MethodSource("variants")
  void read_afterLowQualityJpegAt40Percent_returnsSameDeclaration(FaceImage image) throws IOException {
    FaceImage poor = reencode(image, 0.4, 0.4f);

    assertThat(TestFaces.read(poor)).isEqualTo(TestFaces.read(image)).isPresent();
  }

  @ParameterizedTest
  @MethodSource("variants")
  void read_afterNormalize_returnsSameDeclaration(FaceImage image) {
    FaceImage normalized = image.normalize(ImageLimits.defaults());

    assertThat(TestFaces.read(normalized)).isEqualTo(TestFaces.read(image)).isPresent();
  }

  @ParameterizedTest
  @MethodSource("variants")
  void read_afterNormalizeThatDownscales_returnsSameDeclaration(FaceImage image) {
    ImageLimits halfSize =
        ImageLimits.builder().maxBytes(5_000_000).maxLongSide(image.width() / 2).minSide(80).build();

    FaceImage normalized = image.normalize(halfSize);

    assertThat(normalized.height()).isEqualTo(image.height() / 2);
    assertThat(TestFaces.read(normalized)).isEqualTo(TestFaces.read(image)).isPresent();
  }

  @Test
  void read_subjectImage_returnsIdentityIndexAndOneFace() {
    TestImage declared = TestFaces.read(ALICE.image(7)).orElseThrow();

    assertThat(declared.index()).isEqualTo(7);
    assertThat(declared.faces()).singleElement().satisfies(face -> {
      assertThat(face.identity()).isEqualTo(ALICE.identity()).hasSize(8);
      assertThat(face.sunglasses() || face.dark() || face.blurred() || face.small()).isFalse();
      assertThat(face.pose()).isEqualTo(Pose.of(0, 0, 0));
      assertThat(face.resembles()).isEmpty();
    });
  }

  @Test
  void read_everyModifier_isDeclared() {
    TestFace face =
        TestFaces.read(ALICE.withSunglasses().dark().blurred().eyesClosed().small().occluded()
                .pose(12, -7, 30).image(1))
            .orElseThrow().faces().get(0);

    assertThat(face.sunglasses()).isTrue();
    assertThat(face.dark()).isTrue();
    assertThat(face.blurred()).isTrue();
    assertThat(face.eyesClosed()).isTrue();
    assertThat(face.small()).isTrue();
    assertThat(face.occluded()).isTrue();
    assertThat(face.overexposed()).isFalse();
    assertThat(face.pose()).isEqualTo(Pose.of(12, -7, 30));
  }

  @Test
  void read_lookalike_declaresResemblanceRoundedToThousandths() {
    TestFace face = TestFaces.read(ALICE.lookalike("mallory", 0.97049).image(1)).orElseThrow().faces().get(0);

    assertThat(face.identity()).isEqualTo(TestFaces.subject("mallory").identity());
    assertThat(face.resembles()).contains(ALICE.identity());
    assertThat(face.resemblance()).contains(Similarity.ofRatio(0.970));
  }

  @Test
  void read_group_declaresFacesLeftToRight() {
    TestImage declared = TestFaces.read(TestFaces.group("alice", "bob")).orElseThrow();

    assertThat(declared.faces()).extracting(TestFace::identity)
        .containsExactly(ALICE.identity(), TestFaces.subject("bob").identity());
    assertThat(declared.faces().get(0).box().left()).isLessThan(declared.faces().get(1).box().left());
  }

  @Test
  void read_noFace_declaresNoFaces() {
    assertThat(TestFaces.read(TestFaces.noFace(4))).hasValueSatisfying(declared -> {
      assertThat(declared.faces()).isEmpty();
      assertThat(declared.index()).isEqualTo(4);
    });
  }

  @Test
  void read_imageWithoutPayload_returnsEmpty() throws IOException {
    BufferedImage photo = new BufferedImage(240, 240, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = photo.createGraphics();
    g.setPaint(new GradientPaint(0, 0, Color.BLACK, 240, 240, Color.WHITE));
    g.fillRect(0, 0, 240, 240);
    g.dispose();

    assertThat(TestFaces.read(png(photo))).isEmpty();
    assertThat(TestFaces.read(ContractFaces.sideBySide(ALICE.image(1), ALICE.image(2)))).isEmpty();
  }

  @Test
  void read_unreadableImage_throwsInvalidImageException() {
    assertThatThrownBy(() -> TestFaces.read(ContractFaces.unreadable()))
        .isInstanceOf(InvalidImageException.class);
  }

  @Test
  void image_sameSubjectAndIndex_givesSameBytes() {
    assertThat(TestFaces.subject("alice").image(3)).isEqualTo(ALICE.image(3));
    assertThat(ALICE.image(3)).isNotEqualTo(ALICE.image(4));
    assertThat(ALICE.image(3)).isNotEqualTo(ALICE.dark().image(3));
  }

  @Test
  void image_anySubject_isSmallPngOf240Pixels() {
    FaceImage image = ALICE.image(1);
    FaceImage group = TestFaces.group("alice", "bob", "carol");

    assertThat(image.format()).isEqualTo(ImageFormat.PNG);
    assertThat(image.width()).isEqualTo(240);
    assertThat(image.height()).isEqualTo(240);
    assertThat(image.size()).isLessThan(30_000);
    assertThat(group.width()).isEqualTo(720);
  }

  @Test
  void image_indexOutOfRange_isRefused() {
    assertThatThrownBy(() -> ALICE.image(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ALICE.image(TestFaces.MAX_INDEX + 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void group_tooManyOrNoFaces_isRefused() {
    assertThatThrownBy(() -> TestFaces.group("a", "b", "c", "d", "e", "f", "g"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TestFaces.group(new String[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lookalike_ofItself_isRefused() {
    assertThatThrownBy(() -> ALICE.lookalike("alice", 0.9)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ALICE.lookalike("bob", 1.2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pose_outOfRange_isRefused() {
    assertThatThrownBy(() -> ALICE.pose(91, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void subject_blankName_isRefused() {
    assertThatThrownBy(() -> TestFaces.subject(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void subject_toString_namesModifiers() {
    assertThat(ALICE.dark().withSunglasses().toString()).isEqualTo("TestSubject[alice, sunglasses, dark]");
  }

  @Test
  void subjects_differentNames_haveDifferentIdentities() {
    List<String> identities =
        Stream.of("alice", "bob", "carol", "dave", "mallory").map(n -> TestFaces.subject(n).identity()).toList();

    assertThat(identities).doesNotHaveDuplicates();
  }

  static FaceImage reencode(FaceImage image, double scale, float quality) throws IOException {
    BufferedImage source = ImageIO.read(new MemoryCacheImageInputStream(image.asInputStream()));
    int width = (int) Math.round(source.getWidth() * scale);
    int height = (int) Math.round(source.getHeight() * scale);
    BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(source, 0, 0, width, height, null);
    g.dispose();
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(scaled, null, null), param);
    } finally {
      writer.dispose();
    }
    return FaceImage.fromBytes(bytes.toByteArray());
  }

  private static FaceImage png(BufferedImage image) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageIO.write(image, "png", out);
    }
    return FaceImage.fromBytes(bytes.toByteArray());
  }
}
