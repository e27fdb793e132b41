package io.github.idvkit.examples;

import io.github.idvkit.FaceImage;
import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginResult;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.Similarity;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.testkit.InMemoryIdentityVerifier;
import io.github.idvkit.testkit.TestFaces;
import io.github.idvkit.testkit.TestSubject;
import java.io.PrintStream;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The demo the README's first command runs: register a user against an ID photo, log in, reject a
 * stranger, refuse a duplicate registration, identify, forget, and show that nothing is left.
 *
 * <p>It runs on the in-memory provider with synthetic test faces, so it needs no account and no
 * network.
 */
public final class Demo {

  private final PrintStream out;

  Demo(PrintStream out) {
    this.out = out;
  }

  /**
   * Runs the demo.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    new Demo(System.out).run();
  }

  void run() {
    VerificationPolicy policy =
        VerificationPolicy.highSecurity().toBuilder().identificationEnabled(true).build();
    TestSubject alice = TestFaces.subject("alice");
    TestSubject mallory = TestFaces.subject("mallory");
    UserId aliceId = UserId.of("alice@example.com");

    try (InMemoryIdentityVerifier idv = InMemoryIdentityVerifier.builder().policy(policy).build()) {
      idv.faceIndex().createCollection();
      out.println("idv demo: in-memory provider, synthetic test faces, policy highSecurity"
          + " (thresholds " + policy.loginThreshold() + ")");
      out.println();

      RegisterResult registered =
          timed("register alice (selfie + ID photo)", () -> idv.register(req -> req
              .userId(aliceId).selfie(alice.image(1)).idPhoto(alice.image(2))));
      out.printf("    -> %s, ID match %s, face %s%n", registered.decision(),
          show(registered.idSimilarity()), registered.faceId().map(Object::toString).orElse("-"));

      LoginResult login =
          timed("log in as alice with a new selfie", () -> idv.login(req -> req.userId(aliceId).selfie(alice.image(3))));
      out.printf("    -> %s, similarity %s (needs %s)%n", login.decision(), show(login.similarity()),
          policy.loginThreshold());

      LoginResult stranger =
          timed("log in as alice with a stranger's face", () -> idv.login(req -> req.userId(aliceId).selfie(mallory.image(1))));
      out.printf("    -> %s, similarity %s%n", stranger.decision(), show(stranger.similarity()));

      RegisterResult duplicate =
          timed("register alice's face again as mallory", () -> idv.register(req -> req
              .userId("mallory@example.com").selfie(alice.image(4))));
      out.printf("    -> %s (already belongs to %s, similarity %s)%n", duplicate.decision(),
          duplicate.existingUser().map(u -> u.equals(aliceId) ? "alice" : u.toString()).orElse("-"), show(duplicate.duplicateSimilarity()));

      IdentifyResult identified =
          timed("identify a selfie without a claimed identity", () -> idv.identify(req -> req.selfie(alice.image(5))));
      out.printf("    -> %s %s, similarity %s, runner-up %s%n", identified.decision(),
          identified.userId().map(u -> u.equals(aliceId) ? "alice" : u.toString()).orElse(""),
          show(identified.similarity()), show(identified.runnerUpSimilarity()));

      FaceImage noFace = TestFaces.noFace();
      LoginResult empty = timed("log in with a photo without a face", () -> idv.login(req -> req.userId(aliceId).selfie(noFace)));
      out.printf("    -> %s%n", empty.decision());

      ForgetResult forgotten = timed("forget alice", () -> idv.forget(aliceId));
      out.printf("    -> deleted %d face(s), %d image(s), %d record(s)%n", forgotten.deletedFaces().size(),
          forgotten.deletedImages(), forgotten.deletedRecords());
      out.printf("    left behind: %d face(s), %d image(s), %d record(s)%n",
          idv.faceIndex().listFaces(aliceId).size(), idv.imageStore().list(aliceId).size(),
          idv.faceRecordStore().findByUser(aliceId).size());
    }
  }

  private <T> T timed(String step, Supplier<T> action) {
    long started = System.nanoTime();
    T result = action.get();
    out.printf("%-46s %6.1f ms%n", step, (System.nanoTime() - started) / 1e6);
    return result;
  }

  private static String show(Optional<Similarity> similarity) {
    return similarity.map(Similarity::toString).orElse("-");
  }
}
