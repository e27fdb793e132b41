package io.github.idvkit;

import org.immutables.value.Value;

/** The head's rotation, in degrees: yaw (left/right), pitch (up/down) and roll (tilt). */
@Value.Immutable
public interface Pose {

  /** Rotation around the vertical axis, in degrees, -180 to 180. */
  double yaw();

  /** Rotation around the horizontal axis, in degrees, -180 to 180. */
  double pitch();

  /** Rotation in the image plane, in degrees, -180 to 180. */
  double roll();

  /** Checks the angles are in range. */
  @Value.Check
  default void check() {
    for (double angle : new double[] {yaw(), pitch(), roll()}) {
      if (!(angle >= -180 && angle <= 180)) {
        throw new IllegalArgumentException("Pose angles must be in [-180, 180], got " + angle);
      }
    }
  }

  /**
   * Returns a pose.
   *
   * @param yaw degrees
   * @param pitch degrees
   * @param roll degrees
   * @return the pose
   */
  static Pose of(double yaw, double pitch, double roll) {
    return builder().yaw(yaw).pitch(pitch).roll(roll).build();
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link Pose}. */
  final class Builder extends ImmutablePose.Builder {}
}
