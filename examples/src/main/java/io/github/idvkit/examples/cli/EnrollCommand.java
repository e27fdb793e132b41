package io.github.idvkit.examples.cli;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceImage;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.ImageSource;
import io.github.idvkit.InvalidImageException;
import io.github.idvkit.ProviderException;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.examples.Backend;
import io.github.idvkit.examples.CommandFailure;
import io.github.idvkit.examples.ExitCode;
import io.github.idvkit.examples.Outcomes;
import io.github.idvkit.examples.Photos;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code idv enroll DIR [--id-photos DIR]}. */
@Command(
    name = "enroll",
    mixinStandardHelpOptions = true,
    description = {
      "Register every photo (.jpg, .jpeg, .png) in a directory, one user per file: the user id is the"
          + " file name without its extension.",
      "Shows a progress bar, then a summary table; exits with 1 if any photo was not registered."
          + " Repeating an enrolment is safe: a photo registered before is reported, not stored again."
    })
final class EnrollCommand extends VerifierCommand {

  @Parameters(index = "0", paramLabel = "DIR", description = "The directory of selfies.")
  Path directory = Path.of("");

  @Option(
      names = "--id-photos",
      paramLabel = "DIR",
      description = "A directory of ID photos with the same file names (any of .jpg, .jpeg, .png);"
          + " each selfie is checked against its ID photo, and a selfie without one fails.")
  @Nullable Path idPhotos;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Draw the progress bar (default: only when the terminal is interactive).")
  @Nullable Boolean progress;

  /** One row of the summary. */
  private record Row(String file, String user, String result, String score, long millis, boolean registered) {}

  @Override
  public Integer call() {
    if (!Files.isDirectory(directory)) {
      throw new CommandFailure(ExitCode.BAD_INPUT, "no such directory: " + directory);
    }
    if (idPhotos != null && !Files.isDirectory(idPhotos)) {
      throw new CommandFailure(ExitCode.BAD_INPUT, "no such directory: " + idPhotos + " (--id-photos)");
    }
    List<Path> photos = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      files.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .sorted()
          .forEach(f -> (isPhotoName(f) ? photos : skipped).add(f));
    } catch (IOException e) {
      throw new CommandFailure(ExitCode.BAD_INPUT, "cannot read the directory " + directory + ": " + e.getMessage(), e);
    }
    if (photos.isEmpty()) {
      throw new CommandFailure(ExitCode.BAD_INPUT, "no .jpg, .jpeg or .png files in " + directory);
    }

    boolean drawBar = progress != null ? progress : System.console() != null;
    List<Row> rows = new ArrayList<>();
    try (Backend backend = openBackend();
        IdentityVerifier idv = backend.open()) {
      for (int i = 0; i < photos.size(); i++) {
        Path photo = photos.get(i);
        if (drawBar) {
          bar(err(), i, photos.size(), photo.getFileName().toString());
        }
        rows.add(enrol(idv, photo));
      }
      if (drawBar) {
        bar(err(), photos.size(), photos.size(), "done");
        err().println();
        err().flush();
      }
    }
    return summary(rows, skipped);
  }

  private Row enrol(IdentityVerifier idv, Path photo) {
    String file = photo.getFileName().toString();
    String name = stem(file);
    long started = System.nanoTime();
    try {
      UserId user = user(name);
      FaceImage selfie = photo(photo, "selfie");
      ImageSource id = null;
      if (idPhotos != null) {
        Path idFile = idPhotoFor(name).orElseThrow(() -> new CommandFailure(ExitCode.BAD_INPUT,
            "no ID photo " + name + ".{jpg,jpeg,png} in " + idPhotos));
        id = photo(idFile, "ID photo");
      }
      ImageSource idPhoto = id;
      RegisterResult result = idv.register(req -> {
        req.userId(user).selfie(selfie);
        if (idPhoto != null) {
          req.idPhoto(idPhoto);
        }
      });
      return new Row(file, name, describe(result, idv.policy()), score(result), elapsed(started), result.registered());
    } catch (CommandFailure e) {
      return new Row(file, name, "UNUSABLE: " + e.getMessage(), "", elapsed(started), false);
    } catch (InvalidImageException e) {
      return new Row(file, name, "UNUSABLE: " + e.getMessage(), "", elapsed(started), false);
    } catch (ConfigurationException e) {
      throw e; // the provider is not set up: every other photo would fail the same way
    } catch (ProviderException e) {
      return new Row(file, name, "FAILED: " + e.getMessage(), "", elapsed(started), false);
    }
  }

  private static String describe(RegisterResult result, VerificationPolicy policy) {
    String decision = result.decision().name() + (result.replayed() ? " (earlier)" : "");
    return switch (result.decision()) {
      case REGISTERED -> decision;
      case FACE_ALREADY_REGISTERED -> decision + " as " + result.existingUser().map(UserId::value).orElse("another user");
      case DUPLICATE_SUSPECTED -> decision + ": resembles " + result.existingUser().map(UserId::value).orElse("another user");
      case USER_ALREADY_REGISTERED, REGISTRATION_IN_PROGRESS, USER_NOT_MATCHED -> decision;
      case ID_NOT_MATCHED -> decision + " (" + Outcomes.versus(result.idSimilarity(), policy.idMatchThreshold()) + ")";
      case ID_PHOTO_NO_FACE, ID_PHOTO_MULTIPLE_FACES -> decision;
      case LIVENESS_FAILED, LIVENESS_EXPIRED, LIVENESS_ALREADY_USED, LIVENESS_NOT_FOUND, LIVENESS_NOT_FOR_USER -> decision;
      case LOCKED_OUT -> decision + ", retry in " + result.retryAfter().map(d -> d.toSeconds() + " s").orElse("a while");
      case NO_FACE, MULTIPLE_FACES, LOW_QUALITY -> decision + ": " + Outcomes.photoProblem(result.decision(), result.qualityIssues());
    };
  }

  private static String score(RegisterResult result) {
    return switch (result.decision()) {
      case FACE_ALREADY_REGISTERED, DUPLICATE_SUSPECTED -> result.duplicateSimilarity().map(Object::toString).orElse("");
      default -> result.idSimilarity().map(s -> "ID " + s).orElse("");
    };
  }

  private int summary(List<Row> rows, List<Path> skipped) {
    PrintWriter out = out();
    int fileWidth = Math.max(4, rows.stream().mapToInt(r -> r.file().length()).max().orElse(4));
    int userWidth = Math.max(4, rows.stream().mapToInt(r -> r.user().length()).max().orElse(4));
    String format = "%-" + fileWidth + "s  %-" + userWidth + "s  %7s  %-9s  %s%n";
    out.printf(Locale.ROOT, format, "FILE", "USER", "MS", "SCORE", "RESULT");
    for (Row row : rows) {
      out.printf(Locale.ROOT, format, row.file(), row.user(), row.millis(), row.score(), row.result());
    }
    long registered = rows.stream().filter(Row::registered).count();
    long failed = rows.size() - registered;
    out.printf(Locale.ROOT, "%n%d photo%s: %d registered, %d not registered%s%n",
        rows.size(), rows.size() == 1 ? "" : "s", registered, failed,
        skipped.isEmpty() ? "" : "; skipped " + skipped.size() + " other file" + (skipped.size() == 1 ? "" : "s")
            + " (not .jpg, .jpeg or .png)");
    out.flush();
    return (failed == 0 ? ExitCode.OK : ExitCode.REFUSED).code();
  }

  private Optional<Path> idPhotoFor(String name) {
    for (String extension : List.of(".jpg", ".jpeg", ".png", ".JPG", ".JPEG", ".PNG")) {
      Path candidate = java.util.Objects.requireNonNull(idPhotos).resolve(name + extension);
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static void bar(PrintWriter err, int done, int total, String current) {
    int width = 30;
    int filled = total == 0 ? width : done * width / total;
    String label = current.length() > 30 ? current.substring(0, 27) + "..." : current;
    err.printf(Locale.ROOT, "\renroll [%s%s] %3d/%d  %-30s", "#".repeat(filled), ".".repeat(width - filled), done, total, label);
    err.flush();
  }

  private static boolean isPhotoName(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
  }

  private static String stem(String file) {
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  private static long elapsed(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
