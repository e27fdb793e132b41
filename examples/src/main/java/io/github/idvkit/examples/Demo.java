package io.github.idvkit.examples;

import io.github.idvkit.FaceImage;
import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentifyDecision;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.LoginResult;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.Similarity;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The demo the README's first command runs: register a user against an ID photo, log in, reject a
 * stranger, refuse a duplicate registration, identify, forget, and read back from the stores that
 * nothing is left.
 *
 * <p>By default it runs offline on the local provider with public-domain portraits ({@link
 * SamplePhotos}) in a temporary data directory that it deletes at the end. With {@code --memory} it
 * runs on idv-testkit's fakes and synthetic faces; with {@code --collection}, {@code --bucket} and
 * {@code --table} (and {@code --region}) it runs on AWS and forgets its users at the end.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Registers a user against an ID photo, logs in, rejects a stranger, refuses a duplicate,"
          + " identifies, forgets, and shows that nothing is left.",
      "Runs offline on the local provider unless told otherwise."
    })
public final class Demo implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ProviderOptions provider;

  @Option(names = "--memory", description = "Run on the in-memory provider with synthetic test faces.")
  boolean memory;

  /**
   * Runs the demo.
   *
   * @param args {@code --help} for the options
   */
  public static void main(String... args) {
    Launcher.main(new Demo(), args);
  }

  @Override
  public Integer call() {
    if (memory) {
      provider.provider(Backend.Kind.MEMORY);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Backend backend = provider.open(true)) {
      boolean asExpected = new Tour(backend, Cast.of(backend.kind()), out).run();
      if (backend.temporary()) {
        out.println("The temporary data directory is deleted now.");
      }
      out.flush();
      return asExpected ? 0 : ExitCode.REFUSED.code();
    }
  }

  /** The people and photos of the tour. */
  record Cast(
      String person,
      String stranger,
      String unknown,
      FaceImage idPhoto,
      FaceImage selfie,
      FaceImage loginSelfie,
      FaceImage duplicateSelfie,
      FaceImage identifySelfie,
      FaceImage strangerFace,
      FaceImage unknownFace,
      List<String> notes) {

    static Cast of(Backend.Kind kind) {
      if (kind == Backend.Kind.MEMORY) {
        TestSubject alice = TestFaces.subject("alice");
        return new Cast(
            "alice", "mallory's face", "carol", alice.image(1), alice.image(2), alice.image(3),
            alice.image(4), alice.image(5), TestFaces.subject("mallory").image(1),
            TestFaces.subject("carol").image(1),
            List.of(
                "synthetic test faces from idv-testkit: the fakes read who an image shows from its",
                "pixels and report declared scores; nothing here is measured"));
      }
      return new Cast(
          "eileen", "Grace Hopper's portrait", "the Mona Lisa",
          SamplePhotos.idPhoto().image(), SamplePhotos.selfie().image(),
          SamplePhotos.loginSelfie().image(), SamplePhotos.duplicateSelfie().image(),
          SamplePhotos.identifySelfie().image(), SamplePhotos.stranger().image(),
          SamplePhotos.painting().image(),
          List.of(
              "public-domain portraits (examples/src/main/resources/io/github/idvkit/examples/photos/",
              "PROVENANCE.md): NASA's Eileen Collins (ID photo), the U.S. Navy's Grace Hopper",
              "(stranger), the Mona Lisa (unknown face). Eileen's selfies are DERIVED from her ID",
              "photo (cropped, re-exposed, rotated, re-encoded): they show the flows on real photos,",
              "not how well the model recognises one person across two different photos."));
    }
  }

  /** Runs the steps and prints them. */
  static final class Tour {
    private final Backend backend;
    private final Cast cast;
    private final PrintWriter out;
    private final VerificationPolicy policy;
    private final UserId person;
    private final UserId impostor = UserId.of("mallory@example.com");
    private final List<String> surprises = new ArrayList<>();
    private Duration total = Duration.ZERO;

    Tour(Backend backend, Cast cast, PrintWriter out) {
      this.backend = backend;
      this.cast = cast;
      this.out = out;
      this.policy = backend.policy();
      this.person = UserId.of(cast.person() + "@example.com");
    }

    boolean run() {
      header();
      IdentityVerifier idv = backend.open();
      boolean closed = false;
      try {
        RegisterResult registered = step("register " + cast.person() + " with a selfie and an ID photo", () -> idv.register(req -> req
            .userId(person).selfie(cast.selfie()).idPhoto(cast.idPhoto())));
        expect(registered.decision() == RegisterDecision.REGISTERED, "registration", registered.decision());
        result(registered.decision() + ", selfie vs ID photo " + Outcomes.versus(registered.idSimilarity(), policy.idMatchThreshold())
            + registered.faceId().map(f -> ", face " + f).orElse(""));
        awaitAssociation(idv);

        LoginResult login = step("log in as " + cast.person() + " with another selfie", () -> idv.login(req -> req
            .userId(person).selfie(cast.loginSelfie())));
        expect(login.verified(), "login", login.decision());
        result(login.decision() + ", " + Outcomes.versus(login.similarity(), policy.loginThreshold()));

        LoginResult stranger = step("log in as " + cast.person() + " with " + cast.stranger(), () -> idv.login(req -> req
            .userId(person).selfie(cast.strangerFace())));
        expect(stranger.decision() == LoginDecision.NOT_MATCHED, "stranger's login", stranger.decision());
        result(stranger.decision() + ", " + Outcomes.versus(stranger.similarity(), policy.loginThreshold()));

        RegisterResult duplicate = step("register " + cast.person() + "'s face again as mallory", () -> idv.register(req -> req
            .userId(impostor).selfie(cast.duplicateSelfie())));
        expect(duplicate.decision() == RegisterDecision.FACE_ALREADY_REGISTERED, "second registration", duplicate.decision());
        result(duplicate.decision() + duplicate.existingUser().map(u -> ", the face belongs to " + name(u)).orElse("")
            + ", " + Outcomes.versus(duplicate.duplicateSimilarity(), policy.duplicateThreshold()) + "; nothing stored");

        IdentifyResult identified = step("identify " + cast.person() + " without a claimed identity", () -> idv.identify(req -> req
            .selfie(cast.identifySelfie())));
        expect(identified.identified() && identified.userId().equals(Optional.of(person)), "identification", identified.decision());
        result(identified.decision() + identified.userId().map(u -> " " + name(u)).orElse("") + ", "
            + Outcomes.versus(identified.similarity(), policy.identifyThreshold()) + ", runner-up "
            + identified.runnerUpSimilarity().map(Similarity::toString).orElse("none"));

        IdentifyResult unknown = step("identify " + cast.unknown(), () -> idv.identify(req -> req.selfie(cast.unknownFace())));
        expect(unknown.decision() == IdentifyDecision.NOT_RECOGNIZED, "unknown face", unknown.decision());
        result(unknown.decision() + ", best match " + Outcomes.versus(unknown.similarity(), policy.identifyThreshold()));

        ForgetResult forgotten = step("forget " + cast.person(), () -> idv.forget(person));
        result("deleted " + Holdings.plural(forgotten.deletedFaces().size(), "face") + ", "
            + Holdings.plural(forgotten.deletedImages(), "image") + ", "
            + Holdings.plural(forgotten.deletedRecords(), "record"));

        idv.close(); // a local data directory is used by one store at a time: release it first
        closed = true;
        Holdings left = step("read back what is stored for " + cast.person(), () -> backend.holdings(person));
        expect(left.isEmpty(), "forget", left.counts());
        long files = backend.imageFilesOnDisk();
        result(left.counts() + (files >= 0 ? "; " + Holdings.plural(files, "file") + " under images/" : ""));
        List<java.nio.file.Path> naming = backend.filesNaming(person);
        if (!naming.isEmpty()) {
          out.println("       but " + naming.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(" and "))
              + " still name " + cast.person());
        }
      } finally {
        if (!closed) {
          idv.close();
        }
        if (backend.kind() == Backend.Kind.AWS) {
          cleanUpAws();
        }
      }
      out.println();
      out.printf(Locale.ROOT, "8 steps in %s (the first call of a JVM includes its warm-up).%n", millis(total));
      if (!surprises.isEmpty()) {
        out.println("Not as expected: " + String.join("; ", surprises));
      }
      return surprises.isEmpty();
    }

    private void header() {
      out.println("idv demo on the " + backend.description());
      out.println("  data:   " + backend.storage());
      if (backend.kind() == Backend.Kind.LOCAL) {
        out.println("  models: " + backend.modelVersion() + ", loaded in " + millis(backend.startup()));
        out.printf(Locale.ROOT,
            "  policy: calibrated for this engine: ID match and login >= %s, duplicate >= %s,%n"
                + "          identify >= %s and %.0f points ahead of the runner-up%n"
                + "          (its own scale, similarity = 1 - descriptor distance / 1.2; not Rekognition's)%n",
            policy.idMatchThreshold(), policy.duplicateThreshold(), policy.identifyThreshold(),
            policy.identifyMargin() * 100);
      } else {
        out.printf(Locale.ROOT, "  policy: ID match, login, duplicate and identify >= %s%n", policy.loginThreshold());
      }
      out.println("  photos: " + String.join(System.lineSeparator() + "          ", cast.notes()));
      out.println();
    }

    /** On AWS a new face joins its Rekognition user asynchronously; wait until a login finds it. */
    private void awaitAssociation(IdentityVerifier idv) {
      if (backend.kind() != Backend.Kind.AWS) {
        return;
      }
      long started = System.nanoTime();
      for (int attempt = 0; attempt < 20; attempt++) {
        LoginResult probe = idv.login(req -> req.userId(person).selfie(cast.selfie()));
        if (probe.decision() != LoginDecision.NOT_REGISTERED) {
          break;
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      out.printf(Locale.ROOT, "    (waited %s for Rekognition to associate the new face with its user)%n",
          millis(Duration.ofNanos(System.nanoTime() - started)));
    }

    private void cleanUpAws() {
      try (IdentityVerifier idv = backend.open()) {
        idv.forget(person);
        idv.forget(impostor);
      }
      out.println("    (forgot the demo's users; the collection, table and bucket stay)");
    }

    private <T> T step(String title, Supplier<T> action) {
      long started = System.nanoTime();
      T result = action.get();
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      total = total.plus(took);
      out.printf(Locale.ROOT, "%-58s %9s%n", title, millis(took));
      return result;
    }

    private void result(String text) {
      out.println("    -> " + text);
    }

    private void expect(boolean condition, String what, Object got) {
      if (!condition) {
        surprises.add(what + " gave " + got);
      }
    }

    private String name(UserId user) {
      if (user.equals(person)) {
        return cast.person();
      }
      return user.equals(impostor) ? "mallory" : user.toString();
    }

    private static String millis(Duration duration) {
      double ms = duration.toNanos() / 1e6;
      return ms >= 2_000
          ? String.format(Locale.ROOT, "%.1f s", ms / 1000)
          : String.format(Locale.ROOT, "%.0f ms", ms);
    }
  }
}
