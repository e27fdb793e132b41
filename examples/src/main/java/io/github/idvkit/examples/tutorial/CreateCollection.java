package io.github.idvkit.examples.tutorial;

import io.github.idvkit.examples.Backend;
import io.github.idvkit.examples.ExitCode;
import io.github.idvkit.examples.Launcher;
import io.github.idvkit.examples.ProviderOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Tutorial step "Creating a Collection", done with idv.
 *
 * <p>The tutorial calls {@code CreateCollection} with a sample tag, and creates a DynamoDB table
 * keyed by face id much later. Here one call, {@code AwsIdentityVerifier.builder()...provision()}
 * (see {@link Backend#provision()}), creates the collection with a tag and the table keyed by user
 * and face (with a face-id index), checks that the bucket exists, and can be repeated safely. On
 * the local provider, the collection is a directory under {@code ./idv-data/index/}.
 */
@Command(
    name = "CreateCollection",
    mixinStandardHelpOptions = true,
    description = "Tutorial step 1: create the face collection (and, on AWS, the record table).")
public final class CreateCollection implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ProviderOptions provider;

  /**
   * Runs the step.
   *
   * @param args {@code --help} for the options
   */
  public static void main(String... args) {
    Launcher.main(new CreateCollection(), args);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Backend backend = provider.open(false)) {
      out.println("Creating a collection (tutorial step 1) on the " + backend.description());
      Backend.Provisioned provisioned = backend.provision();
      provisioned.lines().forEach(line -> out.println("  " + line));
      out.println(provisioned.ready() ? "Ready: run RegisterUser next." : "Not ready: see above.");
      out.flush();
      return (provisioned.ready() ? ExitCode.OK : ExitCode.CONFIGURATION).code();
    }
  }
}
