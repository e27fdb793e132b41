package io.github.idvkit.spring.boot;

import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.spi.CollectionInfo;
import io.github.idvkit.spi.FaceIndex;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports whether idv can serve: the face collection exists (for the local provider, that also
 * means its models loaded) with its model version and face count, and for AWS that the bucket and
 * table exist. Checks go through the ports' describe calls, never through a flow, and carry no
 * user data.
 */
final class IdvHealthIndicator extends AbstractHealthIndicator {

  private final ObjectProvider<ProviderSetup> provider;
  private final PortCapture capture;
  private final ObjectProvider<IdentityVerifier> verifier;

  IdvHealthIndicator(
      ObjectProvider<ProviderSetup> provider,
      PortCapture capture,
      ObjectProvider<IdentityVerifier> verifier) {
    super("idv health check failed");
    this.provider = provider;
    this.capture = capture;
    this.verifier = verifier;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    verifier.getIfAvailable(); // builds the verifier if it is lazy, so the ports are captured
    ProviderSetup setup = provider.getObject();
    builder.withDetail("provider", setup.name());
    Optional<FaceIndex> index = capture.faceIndex();
    if (index.isEmpty()) {
      builder.unknown().withDetail("reason", "the IdentityVerifier bean was not built by idv's auto-configuration");
      return;
    }
    boolean up = true;
    Optional<CollectionInfo> collection = index.get().describeCollection();
    builder.withDetail("collection", collection.isPresent() ? "present" : "missing");
    if (collection.isPresent()) {
      builder.withDetail("collectionId", collection.get().collectionId());
      builder.withDetail("model", collection.get().modelVersion().orElse("unknown"));
      builder.withDetail("faces", collection.get().faceCount());
    } else {
      up = false;
    }
    for (Map.Entry<String, Boolean> resource : setup.checkResources().entrySet()) {
      builder.withDetail(resource.getKey(), resource.getValue() ? "present" : "missing");
      up &= resource.getValue();
    }
    if (up) {
      builder.up();
    } else {
      builder.down();
    }
  }
}
