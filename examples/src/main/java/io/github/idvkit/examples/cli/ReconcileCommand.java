package io.github.idvkit.examples.cli;

import io.github.idvkit.ReconciliationReport;
import io.github.idvkit.Reconciler;
import io.github.idvkit.examples.Backend;
import io.github.idvkit.examples.ExitCode;
import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code idv reconcile [--yes]}. */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description = {
      "Find what a crash left out of step: indexed faces and stored images without a face record"
          + " (a registration that did not finish), and records whose face or image is gone.",
      "Only reads, unless you confirm the repair (asked in a terminal) or give --yes: then it deletes"
          + " those faces and images, and what is left of broken registrations, so those users can"
          + " register again. Run it while nothing else uses the provider.",
      "Exit codes: 0 nothing out of step, or repaired; 1 found but not repaired."
    })
final class ReconcileCommand extends VerifierCommand {

  @Option(names = {"-y", "--yes"}, description = "Repair what is found without asking.")
  boolean yes;

  /** Asks the operator whether to repair; answers no when there is no terminal. */
  Predicate<String> confirmation = ReconcileCommand::askOnConsole;

  @Override
  public Integer call() {
    PrintWriter out = out();
    try (Backend backend = openBackend()) {
      Reconciler reconciler = backend.reconciler();
      out.println(backend.description());
      out.println("  " + backend.storage());
      ReconciliationReport found = reconciler.scan();
      print(out, found);
      if (found.clean()) {
        return finish(out, ExitCode.OK);
      }
      String question = "Delete these " + found.orphanCount() + " item" + (found.orphanCount() == 1 ? "" : "s")
          + " (faces, images and records listed above)? [y/N] ";
      out.flush();
      if (!yes && !confirmation.test(question)) {
        out.println("Not repaired. Run 'idv reconcile --yes' to delete them (or answer y in a terminal).");
        return finish(out, ExitCode.REFUSED);
      }
      ReconciliationReport repaired = reconciler.repair();
      out.println("Repaired: deleted " + repaired.unrecordedFaces().size() + " face"
          + plural(repaired.unrecordedFaces().size()) + " and " + repaired.unrecordedImages().size()
          + " image" + plural(repaired.unrecordedImages().size()) + " without a record, and "
          + repaired.incompleteRecords().size() + " broken registration"
          + plural(repaired.incompleteRecords().size()) + ".");
      return finish(out, ExitCode.OK);
    }
  }

  /** Prints what was found, with the ids an operator can act on (this is their own console). */
  static void print(PrintWriter out, ReconciliationReport report) {
    if (report.clean()) {
      out.println("Nothing out of step.");
      return;
    }
    out.printf(Locale.ROOT, "Found %d item%s out of step:%n", report.orphanCount(), plural(report.orphanCount()));
    report.unrecordedFaces().forEach(face -> out.println(
        "  face without record   " + face.faceId().value() + "  user " + face.userId().value()));
    report.unrecordedImages().forEach(image -> out.println(
        "  image without record  " + image.uri()));
    report.incompleteRecords().forEach(record -> out.println(
        "  broken registration   face " + record.faceId().value() + "  user " + record.userId().value()
            + "  image " + record.image().uri()));
  }

  private static String plural(int n) {
    return n == 1 ? "" : "s";
  }

  private static boolean askOnConsole(String question) {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    String answer = console.readLine("%s", question);
    return answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
  }
}
