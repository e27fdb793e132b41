package io.github.idvkit.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.examples.ExitCode;
import io.github.idvkit.examples.Run;
import io.github.idvkit.examples.SamplePhotos;
import io.github.idvkit.local.LocalFaceEngine;
import io.github.idvkit.testkit.TestFaces;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IdvTest {

  private static LocalFaceEngine engine;

  @TempDir Path dir;
  private Path photos;
  private Path data;

  @BeforeAll
  static void loadEngine() {
    engine = LocalFaceEngine.builder().intraOpThreads(1).build();
  }

  @AfterAll
  static void closeEngine() {
    engine.close();
  }

  @BeforeEach
  void writeSamples() {
    photos = dir.resolve("photos");
    data = dir.resolve("data");
    SamplePhotos.writeTo(photos);
  }

  private Run idv(String... args) {
    return Run.of(new Idv(), Run.sharing(engine), args);
  }

  private String photo(String name) {
    return photos.resolve(name).toString();
  }

  private String[] local(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--data-dir";
    all[args.length + 1] = data.toString();
    return all;
  }

  @Test
  void flows_onTheLocalProvider_registerLogInIdentifyListAndForget() {
    Run provision = idv(local("provision"));
    assertThat(provision.exitCode()).as(provision.toString()).isZero();
    assertThat(provision.out()).contains("collection  faces  CREATED");

    Run register = idv(local("register", "alice@example.com", photo("eileen-selfie.jpg"), "--id-photo", photo("eileen-id.png")));
    assertThat(register.exitCode()).as(register.toString()).isZero();
    assertThat(register.out()).startsWith("REGISTERED alice@example.com").contains("ID photo  ");

    Run login = idv(local("login", "alice@example.com", photo("eileen-login.jpg")));
    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(login.out()).startsWith("VERIFIED alice@example.com");

    Run stranger = idv(local("login", "alice@example.com", photo("grace.jpg")));
    assertThat(stranger.exitCode()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(stranger.out()).startsWith("NOT_MATCHED alice@example.com");

    Run unknownUser = idv(local("login", "bob@example.com", photo("eileen-login.jpg")));
    assertThat(unknownUser.exitCode()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(unknownUser.out()).startsWith("NOT_REGISTERED");

    Run duplicate = idv(local("register", "mallory@example.com", photo("eileen-again.jpg")));
    assertThat(duplicate.exitCode()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(duplicate.out())
        .startsWith("FACE_ALREADY_REGISTERED mallory@example.com")
        .contains("UserId[#")
        .doesNotContain("alice@example.com");

    Run identify = idv(local("identify", photo("eileen-identify.jpg")));
    assertThat(identify.exitCode()).as(identify.toString()).isZero();
    assertThat(identify.out()).startsWith("IDENTIFIED alice@example.com");

    Run nobody = idv(local("identify", photo("mona.png")));
    assertThat(nobody.exitCode()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(nobody.out()).startsWith("NOT_RECOGNIZED");

    Run list = idv(local("list", "alice@example.com", "mallory@example.com"));
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).contains("alice@example.com: 1 face, 1 image, 1 record").contains("mallory@example.com: nothing stored");

    Run forget = idv(local("forget", "alice@example.com"));
    assertThat(forget.exitCode()).as(forget.toString()).isZero();
    assertThat(forget.out()).contains("deleted   1 face, 1 image, 1 record").contains("left      0 faces, 0 images, 0 records");

    Run again = idv(local("forget", "alice@example.com"));
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).startsWith("NOTHING STORED for alice@example.com");
  }

  @Test
  void register_withAMissingFile_saysSoWithoutAStackTrace() {
    Run run = idv(local("register", "alice", photo("nope.jpg")));

    assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(run.err()).contains("idv register: no such file: ").contains("nope.jpg (the selfie)").doesNotContain("\tat ");
  }

  @Test
  void login_withAFileThatIsNotAnImage_saysSo() throws IOException {
    Path text = Files.writeString(dir.resolve("notes.jpg"), "not a photo");

    Run run = idv(local("login", "alice", text.toString()));

    assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(run.err()).contains("cannot use ").contains("notes.jpg as the selfie: the image is not a JPEG or PNG").doesNotContain("\tat ");
  }

  @Test
  void register_withAPhotoWithoutAFace_saysWhatToDo() throws IOException {
    BufferedImage grey = new BufferedImage(320, 320, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 320; y++) {
      for (int x = 0; x < 320; x++) {
        grey.setRGB(x, y, 0x808080 + (x % 7));
      }
    }
    Path wall = dir.resolve("wall.png");
    ImageIO.write(grey, "png", wall.toFile());

    Run run = idv(local("register", "alice", wall.toString()));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(run.out()).startsWith("NO_FACE alice").contains("no face found (use a photo of one face)");
  }

  @Test
  void register_withABadUserId_isAUsageError() {
    Run run = idv(local("register", " ", photo("eileen-selfie.jpg")));

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(run.err()).contains("idv register: invalid user id");
  }

  @Test
  void usageErrors_exitWithTwoAndAHint() {
    assertThat(idv("login").exitCode()).isEqualTo(ExitCode.USAGE.code());
    Run unknown = idv("bogus");
    assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(unknown.err()).contains("Try 'idv --help'");
    assertThat(idv().exitCode()).isEqualTo(ExitCode.USAGE.code());
  }

  @Test
  void aws_withoutItsResources_namesWhatIsMissing() {
    Run run = idv("login", "alice", photo("eileen-login.jpg"), "--provider", "aws", "--region", "eu-west-1", "--bucket", "faces");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
    assertThat(run.err()).contains("idv login: the aws provider needs --collection (IDV_COLLECTION), --table (IDV_TABLE)");
  }

  @Test
  void aws_withAnInvalidCollectionName_isAUsageError() {
    Run run = idv("list", "alice", "--collection", "no spaces allowed", "--bucket", "faces", "--table", "faces", "--region", "eu-west-1");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.USAGE.code());
    assertThat(run.err()).startsWith("idv list: ").doesNotContain("\tat ");
  }

  @Test
  void enroll_withAMixedDirectory_registersWhatItCanAndExitsWithOne() throws IOException {
    Path batch = Files.createDirectories(dir.resolve("batch"));
    Files.copy(photos.resolve("eileen-selfie.jpg"), batch.resolve("eileen.jpg"));
    Files.copy(photos.resolve("grace.jpg"), batch.resolve("grace.jpg"));
    Files.copy(photos.resolve("eileen-again.jpg"), batch.resolve("impostor.jpg"));
    Files.writeString(batch.resolve("broken.png"), "not a png");
    Files.writeString(batch.resolve("README.txt"), "ignored");

    Run run = idv(local("enroll", batch.toString(), "--progress"));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(run.out())
        .contains("FILE")
        .containsPattern("eileen\\.jpg +eileen +\\d+ +REGISTERED")
        .containsPattern("grace\\.jpg +grace +\\d+ +REGISTERED")
        .containsPattern("impostor\\.jpg +impostor +\\d+ +\\S+% +FACE_ALREADY_REGISTERED as eileen")
        .contains("UNUSABLE: cannot use ")
        .contains("4 photos: 2 registered, 2 not registered; skipped 1 other file");
    assertThat(run.err()).contains("enroll [##############################]   4/4");
  }

  @Test
  void enroll_onTheMemoryProvider_withSyntheticFaces_exitsWithZero() throws IOException {
    Path batch = Files.createDirectories(dir.resolve("synthetic"));
    for (String name : new String[] {"alice", "bob", "carol"}) {
      Files.write(batch.resolve(name + ".png"), TestFaces.subject(name).image(1).bytes());
    }

    Run run = idv("enroll", batch.toString(), "--provider", "memory", "--no-progress");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("3 photos: 3 registered, 0 not registered");
    assertThat(run.err()).contains("memory provider").doesNotContain("enroll [");
  }

  @Test
  void enroll_withAMissingDirectory_isBadInput() {
    Run run = idv(local("enroll", dir.resolve("nowhere").toString()));

    assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(run.err()).contains("idv enroll: no such directory: ");
  }

  @Test
  void samples_writesThePhotos() {
    Run run = idv("samples", dir.resolve("more").toString());

    assertThat(run.exitCode()).isZero();
    assertThat(dir.resolve("more/eileen-id.png")).isRegularFile();
    assertThat(run.out()).contains("DERIVED from eileen-id.png");
  }

  @Test
  void help_listsEveryCommandAndTheExitCodes() {
    Run run = idv("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("provision", "register", "login", "identify", "forget", "list", "enroll", "samples")
        .contains("Exit codes: 0 done; 1 refused");
  }

  @Test
  void help_onEveryCommand_printsThatCommandsUsageAndExitsWithZero() {
    CommandLine root = new CommandLine(new Idv());
    assertThat(root.getSubcommands().keySet())
        .contains("provision", "register", "login", "identify", "forget", "list", "enroll", "reconcile", "samples", "help");

    for (String command : root.getSubcommands().keySet()) {
      if (command.equals("help")) {
        continue;
      }
      Run dashDash = idv(command, "--help");
      Run helpCommand = idv("help", command);

      assertThat(dashDash.exitCode()).as(dashDash.toString()).isZero();
      assertThat(dashDash.out()).as(command).startsWith("Usage: idv " + command + " ");
      assertThat(dashDash.err()).as(command).isEmpty();
      assertThat(helpCommand.exitCode()).as(helpCommand.toString()).isZero();
      assertThat(helpCommand.out()).isEqualTo(dashDash.out());
    }
  }

  @Test
  void globalOptions_beforeTheCommand_areUsedByIt() {
    Run register = idv("--provider", "local", "--data-dir", data.toString(),
        "register", "alice@example.com", photo("eileen-selfie.jpg"));
    Run login = idv("--data-dir", data.toString(), "login", "alice@example.com", photo("eileen-login.jpg"));
    Run afterWins = idv("--provider", "aws", "login", "alice@example.com", photo("eileen-login.jpg"),
        "--provider", "local", "--data-dir", data.toString());

    assertThat(register.exitCode()).as(register.toString()).isZero();
    assertThat(register.out()).startsWith("REGISTERED alice@example.com");
    assertThat(data.resolve("index/faces")).isDirectory();
    assertThat(login.out()).as(login.toString()).startsWith("VERIFIED alice@example.com");
    assertThat(afterWins.out()).as(afterWins.toString()).startsWith("VERIFIED alice@example.com");
  }

  @Test
  void register_withATinyIdPhoto_namesTheIdPhoto() throws IOException {
    Path tiny = dir.resolve("tiny.png");
    ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", tiny.toFile());

    Run idPhoto = idv(local("register", "alice", photo("eileen-selfie.jpg"), "--id-photo", tiny.toString()));
    Run selfie = idv(local("login", "alice", tiny.toString()));

    assertThat(idPhoto.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(idPhoto.err()).contains("cannot use " + tiny + " as the ID photo: it is 1x1 pixels");
    assertThat(selfie.exitCode()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(selfie.err()).contains("as the selfie: it is 1x1 pixels");
  }

  @Test
  void reconcile_onTheLocalProvider_scansThenRepairsOnlyWithYes() throws IOException {
    assertThat(idv(local("register", "alice@example.com", photo("eileen-selfie.jpg"))).exitCode()).isZero();
    try (Stream<Path> records = Files.list(data.resolve("records"))) {
      for (Path journal : records.filter(f -> f.toString().endsWith(".journal")).toList()) {
        Files.delete(journal); // the registration's record is lost: its face and image are orphans
      }
    }

    Run scan = idv(local("reconcile"));
    Run repair = idv(local("reconcile", "--yes"));
    Run again = idv(local("reconcile"));

    assertThat(scan.exitCode()).as(scan.toString()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(scan.out())
        .contains("Found 2 items out of step:")
        .containsPattern("face without record +lf-\\w+ +user alice@example.com")
        .contains("image without record  file:")
        .contains("Not repaired. Run 'idv reconcile --yes'");
    assertThat(repair.exitCode()).as(repair.toString()).isZero();
    assertThat(repair.out()).contains("Repaired: deleted 1 face and 1 image without a record");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("Nothing out of step.");
  }

  @Test
  void reconcile_onTheMemoryProvider_findsNothing() {
    Run run = idv("--provider", "memory", "reconcile");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("Nothing out of step.");
  }

  @Test
  void corruptLocalStore_isAConfigurationErrorThatSaysWhatToDo() throws IOException {
    assertThat(idv(local("register", "alice@example.com", photo("eileen-selfie.jpg"))).exitCode()).isZero();
    try (Stream<Path> index = Files.walk(data.resolve("index"))) {
      for (Path journal : index.filter(f -> f.toString().endsWith(".journal")).toList()) {
        Files.writeString(journal, "this is not an idv journal");
      }
    }

    Run run = idv(local("login", "alice@example.com", photo("eileen-login.jpg")));

    assertThat(run.exitCode()).isEqualTo(ExitCode.CONFIGURATION.code());
    assertThat(run.err())
        .contains("Not an idv journal")
        .contains("restore the data directory from a backup")
        .doesNotContain("try again");
  }

  /**
   * Runs {@code idv} in a new JVM with an empty environment and home directory and the instance
   * metadata service off, so the SDK's default credentials chain finds nothing on any machine.
   */
  @Test
  void aws_withoutCredentials_isAConfigurationErrorNotTryAgain() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    ProcessBuilder process = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        Idv.class.getName(),
        "--provider", "aws", "--region", "eu-west-1", "--collection", "signup-users",
        "--bucket", "signup-faces", "--table", "signup-faces",
        "login", "alice@example.com", photo("eileen-login.jpg"));
    process.environment().clear();
    process.environment().put("HOME", home.toString());
    process.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    Path err = dir.resolve("err.txt");
    process.directory(dir.toFile()).redirectOutput(dir.resolve("out.txt").toFile()).redirectError(err.toFile());

    Process run = process.start();

    assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String message = Files.readString(err);
    assertThat(run.exitValue()).as(message).isEqualTo(ExitCode.CONFIGURATION.code());
    assertThat(message)
        .startsWith("idv login: ")
        .contains("could not load AWS credentials")
        .contains("Unable to load credentials from any of the providers in the chain")
        .contains("AWS_ACCESS_KEY_ID")
        .doesNotContain("try again")
        .doesNotContain("Exception in thread");
  }
}
