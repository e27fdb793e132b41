package io.github.idvkit.examples.cli;

import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.aws.RekognitionFaceComparer;
import io.github.idvkit.examples.ExitCode;
import io.github.idvkit.local.Calibration;
import io.github.idvkit.local.LocalFaceEngine;
import io.github.idvkit.local.LocalIdentityVerifier;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.RekognitionClientBuilder;

/** {@code idv calibrate DIR}: "what threshold?" answered from your own photos. */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = {
      "Measure a provider on your own photos and write the policy they support.",
      "DIR holds one folder per person (DIR/alice/*.jpg, DIR/bob/*.png, ...). Every pair of photos is"
          + " scored: same folder = same person, different folders = different people.",
      "Prints the score distributions, equal-error rate, thresholds for false-match rates 1e-2 and 1e-3"
          + " with 95%% upper bounds (a small set proves little: with n stranger pairs and no error,"
          + " the rate is only shown to be below about 3/n), and a threshold sweep; writes a chart"
          + " (PNG) and a policy file that VerificationPolicy.fromProperties reads.",
      "The duplicate threshold is per registration: a registration is searched against every enrolled"
          + " user, so it targets 1e-2 wrongly flagged registrations at --enrolled-users users, a per-pair"
          + " rate of about 1e-2/N. A set too small to show that rate says so and keeps duplicates at the"
          + " login threshold.",
      "On a paid provider (aws) it prints the number of calls first and refuses to run without"
          + " --max-calls covering them."
    })
final class CalibrateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "One folder of photos per person.")
  Path directory = Path.of("");

  @Option(names = "--with", paramLabel = "PROVIDER", defaultValue = "local",
      description = "local (default, offline) or aws (Rekognition CompareFaces, one billed call per pair).")
  String with = "local";

  @Option(names = "--max-calls", paramLabel = "N",
      description = "Most provider calls to make; required for aws. Default: no cap for local.")
  long maxCalls = -1;

  @Option(names = "--region", paramLabel = "REGION", description = "AWS region for --with aws.")
  String region = "";

  @Option(names = "--enrolled-users", paramLabel = "N", defaultValue = "1000",
      description = "How many users you expect to enrol: the duplicate search compares a registration with"
          + " each, so the duplicate threshold targets 1e-2 false flags per registration, about 1e-2/N per"
          + " pair. Default: ${DEFAULT-VALUE}")
  long enrolledUsers = Calibration.DEFAULT_ENROLLED_USERS;

  @Option(names = "--chart", paramLabel = "FILE", defaultValue = "calibration.png",
      description = "Where to write the chart (PNG). Default: calibration.png")
  Path chart = Path.of("calibration.png");

  @Option(names = "--policy", paramLabel = "FILE", defaultValue = "calibrated-policy.properties",
      description = "Where to write the policy. Default: calibrated-policy.properties")
  Path policyFile = Path.of("calibrated-policy.properties");

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(directory)) {
      err.println("idv calibrate: " + directory + " is not a directory");
      err.flush();
      return ExitCode.USAGE.code();
    }
    if (enrolledUsers < 1) {
      err.println("idv calibrate: --enrolled-users must be at least 1");
      err.flush();
      return ExitCode.USAGE.code();
    }
    Calibration.Dataset set = Calibration.Dataset.fromDirectory(directory);
    long planned = set.genuinePairs() + set.impostorPairs();
    out.printf(Locale.ROOT, "%d people, %d photos: %d same-person pairs, %d different-person pairs, %d comparisons%n",
        set.people().size(), set.people().values().stream().mapToInt(java.util.List::size).sum(),
        set.genuinePairs(), set.impostorPairs(), planned);
    out.flush();
    boolean aws = with.equalsIgnoreCase("aws");
    if (!aws && !with.equalsIgnoreCase("local")) {
      err.println("idv calibrate: --with must be local or aws");
      err.flush();
      return ExitCode.USAGE.code();
    }
    if (aws && (maxCalls < 0 || maxCalls < planned)) {
      err.printf(Locale.ROOT, "idv calibrate: aws bills one CompareFaces call per pair: %d calls. Pass --max-calls %d"
          + " (or more) to run them.%n", planned, planned);
      err.flush();
      return ExitCode.USAGE.code();
    }
    VerificationPolicy base = aws ? VerificationPolicy.highSecurity() : LocalIdentityVerifier.calibratedPolicy();
    Calibration.Report report;
    try {
      if (aws) {
        RekognitionClientBuilder b = RekognitionClient.builder();
        if (!region.isEmpty()) {
          b.region(Region.of(region));
        }
        try (RekognitionClient rekognition = b.build()) {
          RekognitionFaceComparer comparer = RekognitionFaceComparer.builder().rekognitionClient(rekognition).build();
          report = Calibration.over(comparer, "aws:rekognition/percent").run(set, maxCalls);
        }
      } else {
        try (LocalFaceEngine engine = LocalFaceEngine.create()) {
          report = Calibration.local(engine).run(set, maxCalls < 0 ? Long.MAX_VALUE : maxCalls);
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("idv calibrate: " + e.getMessage());
      err.flush();
      return ExitCode.USAGE.code();
    }
    report = report.forEnrolledUsers(enrolledUsers);
    out.print(report.summary());
    report.writeChart(chart, base);
    report.writePolicy(policyFile, base);
    VerificationPolicy policy = report.policy(base);
    out.printf(Locale.ROOT, "policy: login/ID match %.4f, duplicate %.4f, identify %.4f (scale %s) -> %s%n",
        policy.loginThreshold().ratio(), policy.duplicateThreshold().ratio(), policy.identifyThreshold().ratio(),
        policy.scale().orElse("-"), policyFile);
    out.println("chart: " + chart);
    out.flush();
    return ExitCode.OK.code();
  }
}
