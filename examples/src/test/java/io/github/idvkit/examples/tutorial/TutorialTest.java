package io.github.idvkit.examples.tutorial;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.examples.ExitCode;
import io.github.idvkit.examples.Run;
import io.github.idvkit.examples.SamplePhotos;
import io.github.idvkit.local.LocalFaceEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TutorialTest {

  private static LocalFaceEngine engine;

  @BeforeAll
  static void loadEngine() {
    engine = LocalFaceEngine.builder().intraOpThreads(1).build();
  }

  @AfterAll
  static void closeEngine() {
    engine.close();
  }

  @Test
  void steps_runInTheTutorialsOrder_onOneDataDirectory(@TempDir Path data) {
    String[] dataDir = {"--data-dir", data.toString()};

    Run create = Run.of(new CreateCollection(), Run.sharing(engine), dataDir);
    assertThat(create.exitCode()).as(create.toString()).isZero();
    assertThat(create.out()).contains("collection  faces  CREATED").contains("Ready: run RegisterUser next.");

    Run register = Run.of(new RegisterUser(), Run.sharing(engine), dataDir);
    assertThat(register.exitCode()).as(register.toString()).isZero();
    assertThat(register.out())
        .containsPattern("DetectFaces +one face that passes the quality gate +yes")
        .containsPattern("CompareFaces +the selfie matches the ID photo +yes, \\S+% >= 62.50%")
        .containsPattern("SearchFacesByImage +the face is registered already +no \\(a match >= 58.33% would be a duplicate\\)")
        .containsPattern("IndexFaces +index the face +face lf-")
        .containsPattern("S3 \\+ DynamoDB +store the image and the face record +file:///")
        .containsPattern("REGISTERED in \\d+ ms")
        .doesNotContain("eileen@example.com");

    Run login = Run.of(new LoginUser(), Run.sharing(engine), dataDir);
    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(login.out())
        .containsPattern("-> VERIFIED in \\d+ ms")
        .containsPattern("-> NOT_MATCHED in \\d+ ms");

    Run forget = Run.of(new ForgetUser(), Run.sharing(engine), dataDir);
    assertThat(forget.exitCode()).as(forget.toString()).isZero();
    assertThat(forget.out()).contains("deleted  1 face, 1 image, 1 record").contains("left     0 faces, 0 images, 0 records");
  }

  @Test
  void registerUser_withAStrangersIdPhoto_isRefusedAndStoresNothing(@TempDir Path data) {
    Path photos = data.resolve("photos");
    SamplePhotos.writeTo(photos);

    Run run = Run.of(new RegisterUser(), Run.sharing(engine), "carol@example.com",
        photos.resolve("grace.jpg").toString(), "--id-photo", photos.resolve("eileen-id.png").toString(),
        "--data-dir", data.resolve("idv").toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(run.out())
        .containsPattern("CompareFaces +the selfie matches the ID photo +no, \\S+% < 62.50%")
        .containsPattern("SearchFacesByImage +the face is registered already +not reached")
        .contains("nothing stored")
        .contains("ID_NOT_MATCHED in ");
  }

  @Test
  void loginUser_beforeRegistration_saysTheUserHasNoFace(@TempDir Path data) {
    Path photos = data.resolve("photos");
    SamplePhotos.writeTo(photos);

    Run run = Run.of(new LoginUser(), Run.sharing(engine), "dave@example.com",
        photos.resolve("eileen-login.jpg").toString(), "--data-dir", data.resolve("idv").toString());

    assertThat(run.exitCode()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(run.out()).contains("no: the user has no registered face (run RegisterUser)");
  }
}
