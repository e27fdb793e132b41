package io.github.idvkit.testkit;

import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentifyResult;
import io.github.idvkit.LoginResult;
import io.github.idvkit.RegisterResult;

/** Words results the way the assertions' failure messages need: decision first, then why. */
final class Describing {

  private Describing() {}

  static String register(RegisterResult r) {
    StringBuilder s = new StringBuilder().append(r.decision());
    if (!r.qualityIssues().isEmpty()) {
      s.append(" with quality issues ").append(r.qualityIssues());
    }
    r.idSimilarity().ifPresent(v -> s.append(", ID photo similarity ").append(v));
    r.existingUser().ifPresent(u -> s.append(", face of ").append(u));
    r.duplicateSimilarity().ifPresent(v -> s.append(", closest registered user at ").append(v));
    r.faceId().ifPresent(f -> s.append(", face ").append(f));
    if (r.replayed()) {
      s.append(", replayed");
    }
    return s.append(" (user ").append(r.userId()).append(')').toString();
  }

  static String login(LoginResult r) {
    StringBuilder s = new StringBuilder().append(r.decision());
    if (!r.qualityIssues().isEmpty()) {
      s.append(" with quality issues ").append(r.qualityIssues());
    }
    s.append(", similarity ").append(r.similarity().map(Object::toString).orElse("none"));
    return s.append(" (user ").append(r.userId()).append(')').toString();
  }

  static String identify(IdentifyResult r) {
    StringBuilder s = new StringBuilder().append(r.decision());
    r.userId().ifPresent(u -> s.append(" as ").append(u));
    if (!r.qualityIssues().isEmpty()) {
      s.append(" with quality issues ").append(r.qualityIssues());
    }
    r.similarity().ifPresent(v -> s.append(", best ").append(v));
    r.runnerUpSimilarity().ifPresent(v -> s.append(", runner-up ").append(v));
    return s.toString();
  }

  static String forget(ForgetResult r) {
    return r.deletedFaces().size() + " face(s), " + r.deletedImages() + " image(s), "
        + r.deletedRecords() + " record(s) erased (user " + r.userId() + ")";
  }
}
