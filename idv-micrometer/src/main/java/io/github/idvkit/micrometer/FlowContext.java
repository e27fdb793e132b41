package io.github.idvkit.micrometer;

import io.github.idvkit.Flow;
import io.github.idvkit.QualityIssue;
import io.micrometer.observation.Observation;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an {@code idv.flow} observation knows: the flow, the provider and, once the flow returns,
 * its decision, quality issues and the model version. It holds no user id, image or score.
 */
public final class FlowContext extends Observation.Context {

  private final Flow flow;
  private final String provider;
  private @Nullable String decision;
  private final Set<QualityIssue> qualityIssues = EnumSet.noneOf(QualityIssue.class);
  private @Nullable String modelVersion;

  /**
   * Creates the context of one flow.
   *
   * @param flow the flow
   * @param provider the provider's name
   */
  public FlowContext(Flow flow, String provider) {
    this.flow = Objects.requireNonNull(flow, "flow");
    this.provider = Objects.requireNonNull(provider, "provider");
  }

  /**
   * Returns the flow.
   *
   * @return the flow
   */
  public Flow flow() {
    return flow;
  }

  /**
   * Returns the provider's name.
   *
   * @return the name
   */
  public String provider() {
    return provider;
  }

  /**
   * Returns the decision code, absent while the flow runs or when it threw.
   *
   * @return the decision
   */
  public Optional<String> decision() {
    return Optional.ofNullable(decision);
  }

  /**
   * Returns the quality issues of the decision, in the order of {@link QualityIssue}.
   *
   * @return the issues
   */
  public Set<QualityIssue> qualityIssues() {
    return Set.copyOf(qualityIssues);
  }

  /**
   * Returns the face model version a provider call reported during the flow.
   *
   * @return the version
   */
  public Optional<String> modelVersion() {
    return Optional.ofNullable(modelVersion);
  }

  void decided(String decision, Collection<QualityIssue> issues) {
    this.decision = decision;
    this.qualityIssues.addAll(issues);
  }

  void modelVersion(String modelVersion) {
    if (this.modelVersion == null) {
      this.modelVersion = modelVersion;
    }
  }
}
