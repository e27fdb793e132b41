package io.github.idvkit.spi;

import io.github.idvkit.DetectedFace;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What {@link FaceIndex#search} found: the matching users, and what the provider saw in the probe.
 *
 * <p>A provider that sees every face of the probe while searching (Rekognition's {@code
 * SearchUsersByImage} reports searched and unsearched faces; the in-memory and offline indexes
 * detect first) reports them in {@link #probeFaces()} and sets {@link #probeFacesComplete()}. Facts
 * the search did not measure stay absent, as in {@link FaceDetector}. When the faces carry every
 * fact the login gate checks, core gates the selfie on them and skips a separate detection call.
 */
@Value.Immutable
public interface SearchResult {

  /** The matching users, one per user, highest similarity first. */
  List<FaceMatch> matches();

  /** The faces seen in the probe, largest first; the first is the one searched. */
  List<DetectedFace> probeFaces();

  /** Whether {@link #probeFaces()} lists every face of the probe (whatever facts each carries). */
  boolean probeFacesComplete();

  /** The face model of the collection, if the provider reports it. */
  Optional<String> modelVersion();

  /**
   * Returns the best match, if any.
   *
   * @return the first match
   */
  default Optional<FaceMatch> bestMatch() {
    return matches().stream().findFirst();
  }

  /** Checks matches are ordered and unique per user. */
  @Value.Check
  default void check() {
    for (int i = 1; i < matches().size(); i++) {
      if (matches().get(i).similarity().compareTo(matches().get(i - 1).similarity()) > 0) {
        throw new IllegalArgumentException("Matches must be ordered by similarity, highest first");
      }
    }
    if (matches().stream().map(FaceMatch::userId).distinct().count() != matches().size()) {
      throw new IllegalArgumentException("A search reports each user at most once");
    }
  }

  /**
   * Returns a new builder.
   *
   * @return the builder
   */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link SearchResult}. */
  final class Builder extends ImmutableSearchResult.Builder {}
}
