package io.github.idvkit.examples.cli;

import io.github.idvkit.examples.ExitCode;
import io.github.idvkit.examples.SamplePhotos;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code idv samples DIR}. */
@Command(
    name = "samples",
    mixinStandardHelpOptions = true,
    description = {
      "Write the public-domain sample photos to a directory, to try idv with.",
      "The eileen-*.jpg images are DERIVED from eileen-id.png (cropped, re-exposed, rotated):"
          + " they are not second photos of the person."
    })
final class SamplesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The directory; created if missing.")
  Path directory = Path.of("");

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    SamplePhotos.writeTo(directory);
    for (SamplePhotos.Sample sample : SamplePhotos.all()) {
      out.printf(Locale.ROOT, "%-22s %s%n", directory.resolve(sample.fileName()), sample.description());
    }
    out.flush();
    return ExitCode.OK.code();
  }
}
