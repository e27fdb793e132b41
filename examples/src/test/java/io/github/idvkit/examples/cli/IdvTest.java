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
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        .startsWith("ALREADY_REGISTERED mallory@example.com")
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
        .containsPattern("impostor\\.jpg +impostor +\\d+ +\\S+% +ALREADY_REGISTERED as UserId\\[#")
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
}
