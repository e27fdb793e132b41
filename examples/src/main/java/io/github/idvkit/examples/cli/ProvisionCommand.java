package io.github.idvkit.examples.cli;

import io.github.idvkit.examples.Backend;
import io.github.idvkit.examples.ExitCode;
import picocli.CommandLine.Command;

/** {@code idv provision}. */
@Command(
    name = "provision",
    mixinStandardHelpOptions = true,
    description = {
      "Create what the provider needs, or report that it exists. Safe to repeat.",
      "local: the collection in the data directory. aws: the Rekognition collection and the DynamoDB"
          + " table (the S3 bucket is only checked: create it with your infrastructure code)."
    })
final class ProvisionCommand extends VerifierCommand {

  @Override
  public Integer call() {
    try (Backend backend = openBackend()) {
      Backend.Provisioned provisioned = backend.provision();
      out().println(backend.description());
      provisioned.lines().forEach(line -> out().println("  " + line));
      return finish(out(), provisioned.ready() ? ExitCode.OK : ExitCode.CONFIGURATION);
    }
  }
}
