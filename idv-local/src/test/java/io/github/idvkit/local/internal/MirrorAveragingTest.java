package io.github.idvkit.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.idvkit.local.RealFaces;
import io.github.idvkit.local.TestPhotos;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Enrolled faces average the descriptor of the chip and of its mirror image (the shipped model's
 * {@code embedding.mirrorAverage=enrolment}); probes stay single.
 */
class MirrorAveragingTest {

  @Test
  void mirror_flipsEveryRowAndKeepsEachPixelsChannels() {
    float[] chip = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}; // 2x2 pixels, RGB

    float[] mirrored = Descriptors.mirror(chip, 2);

    assertThat(mirrored).containsExactly(4, 5, 6, 1, 2, 3, 10, 11, 12, 7, 8, 9);
    assertThat(Descriptors.mirror(mirrored, 2)).containsExactly(chip);
  }

  @Test
  void enrolmentDescriptor_isTheMeanOfTheChipsAndItsMirrorsDescriptors_probeStaysSingle()
      throws Exception {
    FaceEngine engine = SharedEngine.get();
    Analysis analysis = engine.analyze(TestPhotos.ASTRONAUT.image());
    FaceDetection face = analysis.faces().get(0).detection();
    DescriptorSpec spec = engine.descriptor();
    float[] chip = FaceAligner.chip(analysis.image(), face, spec.template(), spec.inputSize());
    List<float[]> both = engine.embedChips(List.of(chip, Descriptors.mirror(chip, spec.inputSize())));

    float[] enrolled = analysis.enrolmentDescriptor(0);

    assertThat(spec.mirrorAverage()).isEqualTo(DescriptorSpec.MIRROR_ENROLMENT);
    assertThat(analysis.descriptor(0)).containsExactly(both.get(0), within(1e-5f));
    for (int i = 0; i < enrolled.length; i++) {
      assertThat(enrolled[i]).isCloseTo((both.get(0)[i] + both.get(1)[i]) / 2, within(1e-5f));
    }
    assertThat(analysis.enrolmentDescriptor(0)).isSameAs(enrolled); // computed once
  }

  @Test
  void enrolmentDescriptor_bringsTheKnownSamePersonPairCloser() throws Exception {
    FaceEngine engine = SharedEngine.get();
    Analysis a = engine.analyze(RealFaces.personA());
    Analysis b = engine.analyze(RealFaces.personAAgain());

    double single = Descriptors.distance(a.descriptor(0), b.descriptor(0));
    double probeAgainstEnrolled = Descriptors.distance(a.descriptor(0), b.enrolmentDescriptor(0));

    // measured: 0.400 single, 0.388 against the mirror-averaged enrolled face (AlignmentStudy)
    assertThat(probeAgainstEnrolled).isLessThan(single);
  }

  @Test
  void mirrorAverageAll_averagesEveryDescriptor_andEnrolmentAddsNothing() throws Exception {
    DescriptorSpec d = DescriptorSpec.dlib();
    DescriptorSpec all =
        new DescriptorSpec(
            d.name(), d.onnx(), d.sha256(), d.inputName(), d.outputName(), d.inputSize(),
            d.channelsFirst(), d.bgr(), d.mean(), d.std(), d.template(), d.embeddingSize(),
            d.normalize(), d.distanceScale(), d.scale(), d.thresholds(), d.licence(),
            d.nonFacePrototype(), DescriptorSpec.MIRROR_ALL);
    Analysis shipped = SharedEngine.get().analyze(TestPhotos.GRACE_HOPPER.image());
    try (FaceEngine engine = FaceEngine.create(EngineSettings.defaults(), all)) {
      Analysis analysis = engine.analyze(TestPhotos.GRACE_HOPPER.image());

      assertThat(analysis.descriptor(0)).containsExactly(shipped.enrolmentDescriptor(0), within(1e-5f));
      assertThat(analysis.enrolmentDescriptor(0)).isSameAs(analysis.descriptor(0));
    }
  }
}
