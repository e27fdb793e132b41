package io.github.idvkit;

import org.immutables.value.Value;

/** A request to find who a selfie shows, without a claimed identity (1:N). */
@Value.Immutable
public interface IdentifyRequest {

  /** The live selfie. */
  FaceImage selfie();

  /**
   * Returns a request for {@code selfie}.
   *
   * @param selfie the selfie
   * @return the request
   */
  static IdentifyRequest of(FaceImage selfie) {
    return builder().selfie(selfie).build();
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link IdentifyRequest}. */
  final class Builder extends ImmutableIdentifyRequest.Builder {}
}
