package io.github.idvkit.internal;

import io.github.idvkit.DetectedFace;
import io.github.idvkit.FaceAttribute;
import io.github.idvkit.Pose;
import io.github.idvkit.QualityGate;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.spi.FaceFact;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/** Holds detected faces against a {@link QualityGate}. Not API. */
public final class QualityEvaluator {

  private QualityEvaluator() {}

  /**
   * Returns the issues that fail the gate, empty if the faces pass: {@code NO_FACE} and {@code
   * MULTIPLE_FACES} alone, else every failed check of the single face.
   */
  public static Set<QualityIssue> evaluate(List<DetectedFace> faces, QualityGate gate) {
    if (faces.isEmpty()) {
      return EnumSet.of(QualityIssue.NO_FACE);
    }
    if (faces.size() > 1) {
      return EnumSet.of(QualityIssue.MULTIPLE_FACES);
    }
    DetectedFace face = faces.get(0);
    Set<FaceFact> checked = requiredFacts(gate);
    Set<QualityIssue> issues = EnumSet.noneOf(QualityIssue.class);
    measured(face.confidence(), gate, issues).ifPresent(confidence -> {
      if (confidence < gate.minConfidence()) {
        issues.add(QualityIssue.LOW_CONFIDENCE);
      }
    });
    if (face.sizePixels() < gate.minFaceSizePixels()) {
      issues.add(QualityIssue.FACE_TOO_SMALL);
    }
    if (checked.contains(FaceFact.BRIGHTNESS)) {
      measured(face.brightness(), gate, issues).ifPresent(brightness -> {
        if (brightness < gate.minBrightness()) {
          issues.add(QualityIssue.TOO_DARK);
        } else if (brightness > gate.maxBrightness()) {
          issues.add(QualityIssue.TOO_BRIGHT);
        }
      });
    }
    if (checked.contains(FaceFact.SHARPNESS)) {
      measured(face.sharpness(), gate, issues).ifPresent(sharpness -> {
        if (sharpness < gate.minSharpness()) {
          issues.add(QualityIssue.BLURRY);
        }
      });
    }
    Optional<Pose> pose = face.pose();
    if (checked.contains(FaceFact.POSE) && pose.isPresent()) {
      Pose p = pose.get();
      if (Math.abs(p.yaw()) > gate.maxYaw()
          || Math.abs(p.pitch()) > gate.maxPitch()
          || Math.abs(p.roll()) > gate.maxRoll()) {
        issues.add(QualityIssue.POSE);
      }
    } else if (checked.contains(FaceFact.POSE) && gate.requireMeasured()) {
      issues.add(QualityIssue.NOT_MEASURED);
    }
    if (gate.requireEyesOpen()
        && says(face.eyesOpen(), false, gate, issues)) {
      issues.add(QualityIssue.EYES_CLOSED);
    }
    if (gate.rejectSunglasses() && says(face.sunglasses(), true, gate, issues)) {
      issues.add(QualityIssue.SUNGLASSES);
    }
    if (gate.rejectOccluded() && says(face.occluded(), true, gate, issues)) {
      issues.add(QualityIssue.OCCLUDED);
    }
    return issues;
  }

  /**
   * Returns the facts beyond box, size and confidence that {@code gate} checks on a face.
   *
   * @param gate the gate
   * @return the facts it needs measured
   */
  public static Set<FaceFact> requiredFacts(QualityGate gate) {
    Set<FaceFact> facts = EnumSet.noneOf(FaceFact.class);
    if (gate.minBrightness() > 0 || gate.maxBrightness() < 1) {
      facts.add(FaceFact.BRIGHTNESS);
    }
    if (gate.minSharpness() > 0) {
      facts.add(FaceFact.SHARPNESS);
    }
    if (gate.maxYaw() < 180 || gate.maxPitch() < 180 || gate.maxRoll() < 180) {
      facts.add(FaceFact.POSE);
    }
    if (gate.requireEyesOpen()) {
      facts.add(FaceFact.EYES_OPEN);
    }
    if (gate.rejectSunglasses()) {
      facts.add(FaceFact.SUNGLASSES);
    }
    if (gate.rejectOccluded()) {
      facts.add(FaceFact.OCCLUSION);
    }
    return facts;
  }

  /**
   * Tells whether a call that reports {@code reported} for every face can decide {@code gate}
   * alone, so no separate detection is needed.
   *
   * @param reported the facts a port says a call reports
   * @param gate the gate
   * @return whether the call's report suffices
   */
  public static boolean suffices(Set<FaceFact> reported, QualityGate gate) {
    return reported.contains(FaceFact.EVERY_FACE) && reported.containsAll(requiredFacts(gate));
  }

  /**
   * Tells whether every fact {@code gate} checks was measured on every face, so the faces can be
   * gated without asking a detector. Face count, box and size are always measured.
   */
  public static boolean measuresAll(List<DetectedFace> faces, QualityGate gate) {
    for (DetectedFace face : faces) {
      boolean brightness = gate.minBrightness() > 0 || gate.maxBrightness() < 1;
      boolean pose = gate.maxYaw() < 180 || gate.maxPitch() < 180 || gate.maxRoll() < 180;
      if ((gate.minConfidence() > 0 && face.confidence().isEmpty())
          || (brightness && face.brightness().isEmpty())
          || (gate.minSharpness() > 0 && face.sharpness().isEmpty())
          || (pose && face.pose().isEmpty())
          || (gate.requireEyesOpen() && face.eyesOpen().isEmpty())
          || (gate.rejectSunglasses() && face.sunglasses().isEmpty())
          || (gate.rejectOccluded() && face.occluded().isEmpty())) {
        return false;
      }
    }
    return true;
  }

  private static Optional<Double> measured(
      OptionalDouble value, QualityGate gate, Set<QualityIssue> issues) {
    if (value.isPresent()) {
      return Optional.of(value.getAsDouble());
    }
    if (gate.requireMeasured()) {
      issues.add(QualityIssue.NOT_MEASURED);
    }
    return Optional.empty();
  }

  private static boolean says(
      Optional<FaceAttribute> attribute, boolean unwanted, QualityGate gate, Set<QualityIssue> issues) {
    if (attribute.isEmpty() || attribute.get().confidence().isEmpty()) {
      // An answer without a confidence cannot be held against the gate's attribute confidence.
      if (gate.requireMeasured()) {
        issues.add(QualityIssue.NOT_MEASURED);
      }
      return false;
    }
    FaceAttribute a = attribute.get();
    return a.value() == unwanted && a.confidence().getAsDouble() >= gate.attributeConfidence();
  }
}
