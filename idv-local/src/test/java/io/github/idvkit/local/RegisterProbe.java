package io.github.idvkit.local;

import io.github.idvkit.FaceImage;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.RegisterResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Registers each image named on standard input ({@code path<TAB>label} per line) as a new user of
 * a fresh {@link LocalIdentityVerifier} with the shipped policy, and prints the decision and its
 * quality issues: what the flows do with it, normalisation included. Not a test: run it by hand
 * with the classpath of the module's tests.
 */
public final class RegisterProbe {

  private RegisterProbe() {}

  /**
   * Runs the probe.
   *
   * @param args unused
   * @throws Exception if anything fails
   */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("register-probe");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    int n = 0;
    try (IdentityVerifier idv =
        LocalIdentityVerifier.builder().dataDirectory(dir).engine(SharedLocalEngine.get()).build()) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] parts = line.split("\t");
        Path path = Path.of(parts[0]);
        String label = parts.length > 1 ? parts[1] : "-";
        String user = "probe-" + (n++);
        RegisterResult r;
        try {
          r = idv.register(req -> req.userId(user).selfie(FaceImage.fromPath(path)));
        } catch (RuntimeException e) {
          System.out.printf("%s\t%s\tERROR %s%n", label, path.getFileName(), e.getClass().getSimpleName());
          continue;
        }
        System.out.printf("%s\t%s\t%s\t%s%n", label, path.getFileName(), r.decision(), r.qualityIssues());
        if (r.registered()) {
          idv.forget(io.github.idvkit.UserId.of(user));
        }
      }
    }
  }
}
