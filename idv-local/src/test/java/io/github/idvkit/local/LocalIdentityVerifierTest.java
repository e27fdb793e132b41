package io.github.idvkit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.idvkit.ForgetResult;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.LoginDecision;
import io.github.idvkit.LoginResult;
import io.github.idvkit.RegisterDecision;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.VerificationPolicy;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.local.internal.AtomicFiles;
import io.github.idvkit.local.internal.Journal;
import io.github.idvkit.local.internal.ShardedJournal;
import io.github.idvkit.spi.ImageKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on real photos: register, log in, refuse strangers, survive a restart, forget. */
class LocalIdentityVerifierTest {

  @TempDir Path dir;

  private IdentityVerifier verifier() {
    return LocalIdentityVerifier.builder().dataDirectory(dir).engine(SharedLocalEngine.get()).build();
  }

  @Test
  void registerThenLogin_samePersonInAnotherPhoto_isVerified() {
    try (IdentityVerifier idv = verifier()) {
      RegisterResult registered =
          idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA()));

      LoginResult login =
          idv.login(req -> req.userId("alice@example.com").selfie(RealFaces.personAAgain()));

      assertThat(registered.decision()).isEqualTo(RegisterDecision.REGISTERED);
      assertThat(login.decision()).isEqualTo(LoginDecision.VERIFIED);
      assertThat(login.matchedFace()).isEqualTo(registered.faceId());
    }
  }

  @Test
  void login_differentPerson_isNotVerified() {
    try (IdentityVerifier idv = verifier()) {
      idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA()));
      idv.register(req -> req.userId("grace").selfie(TestPhotos.GRACE_HOPPER.image()));

      for (TestPhotos stranger : TestPhotos.values()) {
        LoginResult login = idv.login(req -> req.userId("alice@example.com").selfie(stranger.image()));

        assertThat(login.verified()).as(stranger.fileName()).isFalse();
        assertThat(login.decision()).as(stranger.fileName()).isIn(LoginDecision.NOT_MATCHED, LoginDecision.LOW_QUALITY);
      }
    }
  }

  @Test
  void register_addFaceOfTheSamePerson_keepsTwoFaces_andAStrangerCannotAddOne() {
    try (IdentityVerifier idv = verifier()) {
      idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA()));

      RegisterResult added =
          idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personAAgain()).addFace(true));
      RegisterResult stranger =
          idv.register(req -> req.userId("alice@example.com").selfie(TestPhotos.GRACE_HOPPER.image()).addFace(true));

      assertThat(added.decision()).isEqualTo(RegisterDecision.REGISTERED);
      assertThat(stranger.decision()).isEqualTo(RegisterDecision.USER_NOT_MATCHED);
      assertThat(idv.login(req -> req.userId("alice@example.com").selfie(RealFaces.personAAgain())).matchedFace())
          .isEqualTo(added.faceId());
    }
  }

  @Test
  void register_samePersonTwice_isAlreadyRegistered() {
    try (IdentityVerifier idv = verifier()) {
      idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA()));

      RegisterResult again = idv.register(req -> req.userId("alice-2").selfie(RealFaces.personAAgain()));

      assertThat(again.decision()).isEqualTo(RegisterDecision.FACE_ALREADY_REGISTERED);
      assertThat(again.existingUser()).contains(UserId.of("alice@example.com"));
    }
  }

  @Test
  void register_withMatchingIdPhoto_isRegistered_andWithAStrangersIdPhoto_isRefused() {
    try (IdentityVerifier idv = verifier()) {
      RegisterResult matching =
          idv.register(
              req -> req.userId("alice").selfie(RealFaces.personAAgain()).idPhoto(RealFaces.personA()));
      RegisterResult stranger =
          idv.register(
              req -> req.userId("mona").selfie(TestPhotos.MONA_LISA.image()).idPhoto(TestPhotos.ASTRONAUT.image()));

      assertThat(matching.decision()).isEqualTo(RegisterDecision.REGISTERED);
      assertThat(stranger.decision()).isEqualTo(RegisterDecision.ID_NOT_MATCHED);
    }
  }

  @Test
  void login_afterRestart_stillVerifies() {
    try (IdentityVerifier idv = verifier()) {
      idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA()));
    }

    try (IdentityVerifier idv = verifier()) {
      assertThat(idv.login(req -> req.userId("alice@example.com").selfie(RealFaces.personAAgain())).decision())
          .isEqualTo(LoginDecision.VERIFIED);
    }
  }

  @Test
  void forget_leavesNothingBehind() throws Exception {
    try (IdentityVerifier idv = verifier()) {
      idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA()));

      ForgetResult receipt = idv.forget(UserId.of("alice@example.com"));

      assertThat(receipt.deletedFaces()).hasSize(1);
      assertThat(receipt.deletedImages()).isEqualTo(1);
      assertThat(receipt.deletedRecords()).isEqualTo(1);
      assertThat(idv.login(req -> req.userId("alice@example.com").selfie(RealFaces.personAAgain())).decision())
          .isEqualTo(LoginDecision.NOT_REGISTERED);
    }
    try (var files = Files.walk(dir.resolve("images"))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void encryptionKey_storesNothingReadableAndStillVerifiesAfterRestart() throws Exception {
    javax.crypto.SecretKey key = new javax.crypto.spec.SecretKeySpec(new byte[32], "AES");
    try (IdentityVerifier idv =
        LocalIdentityVerifier.builder().dataDirectory(dir).engine(SharedLocalEngine.get()).encryptionKey(key).build()) {
      assertThat(idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA())).decision())
          .isEqualTo(RegisterDecision.REGISTERED);
    }

    try (var files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(content).as(file.toString()).doesNotContain("alice@example.com").doesNotContain("JFIF");
      }
    }
    try (IdentityVerifier idv =
        LocalIdentityVerifier.builder().dataDirectory(dir).engine(SharedLocalEngine.get()).encryptionKey(key).build()) {
      assertThat(idv.login(req -> req.userId("alice@example.com").selfie(RealFaces.personAAgain())).decision())
          .isEqualTo(LoginDecision.VERIFIED);
    }
  }

  @Test
  void registerAndLogin_decodeAndDetectEachSelfieOnce() {
    try (IdentityVerifier idv = verifier()) {
      long before = SharedLocalEngine.get().engine().analysesComputed();

      idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA()).idPhoto(RealFaces.personAAgain()));
      long afterRegister = SharedLocalEngine.get().engine().analysesComputed();
      idv.login(req -> req.userId("alice@example.com").selfie(TestPhotos.MONA_LISA.image()));

      assertThat(afterRegister - before).as("selfie and ID photo").isLessThanOrEqualTo(2);
      assertThat(SharedLocalEngine.get().engine().analysesComputed() - afterRegister).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void build_withoutDataDirectory_throws() {
    assertThatThrownBy(() -> LocalIdentityVerifier.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dataDirectory");
  }

  @Test
  void calibratedPolicy_optsInBelowTheFloorAndKeepsStrangersOut() {
    VerificationPolicy policy = LocalIdentityVerifier.calibratedPolicy();

    assertThat(policy.belowFloorAllowed()).isTrue();
    assertThat(policy.loginThreshold().ratio()).isEqualTo(LocalSimilarity.MATCH_SIMILARITY);
    assertThat(LocalSimilarity.distance(policy.identifyThreshold())).isLessThan(LocalSimilarity.MATCH_DISTANCE);
    assertThat(LocalSimilarity.distance(policy.duplicateThreshold())).isGreaterThan(LocalSimilarity.MATCH_DISTANCE);
    assertThat(policy.identificationEnabled()).isFalse();
  }

  @Test
  void close_withProvidedEngine_doesNotCloseEngine() {
    verifier().close();

    assertThat(SharedLocalEngine.get().toString()).contains("closed=false");
  }

  private static final UserId ZOE = UserId.of("zoë.ålund+idv@example.com");

  private static IdentityVerifier verifierOn(Path data) {
    return LocalIdentityVerifier.builder().dataDirectory(data).engine(SharedLocalEngine.get()).build();
  }

  private static List<Path> walk(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.sorted().toList();
    }
  }

  @Test
  void forget_oneOfTwoUsers_leavesNoByteOfThatUserAndTheOtherStillLogsInAfterRestart() throws Exception {
    Path data = dir.resolve("data");
    Remnants zoe;
    String zoeHash;
    try (IdentityVerifier idv = verifierOn(data)) {
      FaceId zoeFace = idv.register(req -> req.userId(ZOE.value()).selfie(TestPhotos.ASTRONAUT.image())).faceId().orElseThrow();
      assertThat(idv.register(req -> req.userId("grace").selfie(TestPhotos.GRACE_HOPPER.image())).decision())
          .isEqualTo(RegisterDecision.REGISTERED);
      // the descriptor the index stored: the engine's enrolment descriptor of the stored image
      Path image = data.resolve("images").resolve(ImageKeys.key(ZOE, zoeFace));
      float[] descriptor =
          SharedLocalEngine.get().engine().analyze(FaceImage.fromBytes(Files.readAllBytes(image))).enrolmentDescriptor(0);
      zoeHash = ImageKeys.userPrefix(ZOE).split("/")[1];
      zoe = Remnants.of().user(ZOE).text("face id", zoeFace.value()).text("user hash", zoeHash).descriptor(descriptor);
      assertThat(zoe.foundIn(data)) // the scan sees the descriptor, the ids and the record
          .anyMatch(f -> f.contains("faces-") && f.contains("descriptor"))
          .anyMatch(f -> f.contains("records-") && f.contains("user id"));

      ForgetResult receipt = idv.forget(ZOE);

      assertThat(receipt.deletedFaces()).containsExactly(zoeFace);
      assertThat(receipt.deletedImages()).isEqualTo(1);
      assertThat(receipt.deletedRecords()).isEqualTo(1);
      assertThat(zoe.foundIn(data)).isEmpty(); // at once, not at some later compaction
    }

    assertThat(zoe.foundIn(data)).isEmpty();
    assertThat(walk(data)).noneMatch(p -> p.toString().contains(zoeHash));
    assertThat(Remnants.of().text("user id", "grace").foundIn(data)).isNotEmpty();
    try (IdentityVerifier idv = verifierOn(data)) {
      assertThat(idv.login(req -> req.userId("grace").selfie(TestPhotos.GRACE_HOPPER.image())).decision())
          .isEqualTo(LoginDecision.VERIFIED);
      assertThat(idv.login(req -> req.userId(ZOE.value()).selfie(TestPhotos.ASTRONAUT.image())).decision())
          .isEqualTo(LoginDecision.NOT_REGISTERED);
    }
  }

  @Test
  void build_afterACrashMidRewrite_loadsCleanlyAndDeletesTheTemporaryFiles() throws Exception {
    Path data = dir.resolve("data");
    try (IdentityVerifier idv = verifierOn(data)) {
      idv.register(req -> req.userId("grace").selfie(TestPhotos.GRACE_HOPPER.image()));
    }
    UserId grace = UserId.of("grace");
    Path faces = ShardedJournal.shardFile(data.resolve("index/faces/faces.journal"), ShardedJournal.shardOf(grace));
    Path records = ShardedJournal.shardFile(data.resolve("records/records.journal"), ShardedJournal.shardOf(grace));
    for (Path journal : List.of(faces, records)) { // rewrites that crashed before their rename
      byte[] bytes = Files.readAllBytes(journal);
      Files.write(Journal.temporaryFile(journal), Arrays.copyOf(bytes, bytes.length / 2));
    }
    Files.write(data.resolve("index/faces/.collection.properties.5eed.tmp"), new byte[] {'x'});

    try (IdentityVerifier idv = verifierOn(data)) {
      assertThat(idv.login(req -> req.userId("grace").selfie(TestPhotos.GRACE_HOPPER.image())).decision())
          .isEqualTo(LoginDecision.VERIFIED);
    }

    assertThat(walk(data)).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
  }

  private static boolean ownerOnly(Path path) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
      return perms.stream().allMatch(p -> p.name().startsWith("OWNER_"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void build_onPosixFileSystem_createsEveryFileAndDirectoryOwnerOnly() throws Exception {
    assumeTrue(AtomicFiles.isPosix(dir), "This file system has no POSIX permissions; nothing to check");
    Path data = dir.resolve("data");

    try (IdentityVerifier idv = verifierOn(data)) {
      idv.register(req -> req.userId("grace").selfie(TestPhotos.GRACE_HOPPER.image()));
      idv.register(req -> req.userId(ZOE.value()).selfie(TestPhotos.ASTRONAUT.image()));
      idv.forget(ZOE);
    }

    List<Path> paths = walk(data);
    assertThat(paths).hasSizeGreaterThan(10).allMatch(LocalIdentityVerifierTest::ownerOnly);
    assertThat(Files.getPosixFilePermissions(data)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void build_onDataOfAnEarlierVersion_makesItsJournalsAndDirectoriesOwnerOnly() throws Exception {
    assumeTrue(AtomicFiles.isPosix(dir), "This file system has no POSIX permissions; nothing to check");
    Path data = dir.resolve("data");
    try (IdentityVerifier idv = verifierOn(data)) {
      idv.register(req -> req.userId("grace").selfie(TestPhotos.GRACE_HOPPER.image()));
    }
    for (Path p : walk(data)) { // what earlier versions left: 0644 files, 0755 directories
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
    }

    try (IdentityVerifier idv = verifierOn(data)) {
      assertThat(idv.login(req -> req.userId("grace").selfie(TestPhotos.GRACE_HOPPER.image())).decision())
          .isEqualTo(LoginDecision.VERIFIED);
    }

    // Everything but the data directory itself (its mode is the caller's) and the images below
    // images/faces, which are not walked on open but sit in an owner-only directory now.
    Path images = data.resolve("images/faces");
    assertThat(walk(data))
        .filteredOn(p -> !p.equals(data) && !(p.startsWith(images) && !p.equals(images)))
        .hasSizeGreaterThan(8)
        .allMatch(LocalIdentityVerifierTest::ownerOnly);
  }
}
