package io.github.idvkit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceId;
import io.github.idvkit.QualityIssue;
import io.github.idvkit.UserId;
import io.github.idvkit.local.internal.ShardedJournal;
import io.github.idvkit.spi.CollectionInfo;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.spi.Consistency;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.SearchResult;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFaceIndexTest {

  private static final UserId ALICE = UserId.of("alice@example.com");
  private static final UserId BOB = UserId.of("bob@example.com");

  @TempDir Path dir;

  private LocalFaceIndex index;

  private LocalFaceIndex open() {
    index = LocalFaceIndex.builder().engine(SharedLocalEngine.get()).directory(dir).collectionId("users").build();
    return index;
  }

  /** Returns the journal file that holds a user's faces. */
  private Path journalOf(UserId user) {
    return ShardedJournal.shardFile(dir.resolve("users").resolve("faces.journal"), ShardedJournal.shardOf(user));
  }

  @AfterEach
  void closeIndex() {
    if (index != null) {
      index.close();
    }
  }

  @Test
  void describeCollection_missing_isEmptyAndOtherCallsThrow() {
    LocalFaceIndex idx = open();

    assertThat(idx.describeCollection()).isEmpty();
    assertThatThrownBy(() -> idx.listFaces(ALICE)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> idx.search(TestPhotos.ASTRONAUT.image(), 3))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> idx.index(ALICE, TestPhotos.ASTRONAUT.image()))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void createCollection_twice_changesNothing() {
    LocalFaceIndex idx = open();

    CollectionInfo first = idx.createCollection();
    idx.index(ALICE, TestPhotos.ASTRONAUT.image());
    CollectionInfo second = idx.createCollection();

    assertThat(first.faceCount()).isZero();
    assertThat(second.faceCount()).isEqualTo(1);
    assertThat(second.modelVersion()).contains(SharedLocalEngine.get().modelVersion());
    assertThat(second.provider()).isEqualTo("local");
  }

  @Test
  void index_sameImageTwice_returnsTheSameFaceAndStoresOne() {
    LocalFaceIndex idx = open();
    idx.createCollection();

    IndexResult first = idx.index(ALICE, TestPhotos.ASTRONAUT.image());
    IndexResult again = idx.index(ALICE, TestPhotos.ASTRONAUT.image());

    assertThat(again.indexed().orElseThrow().faceId()).isEqualTo(first.indexed().orElseThrow().faceId());
    assertThat(idx.listFaces(ALICE)).hasSize(1);
  }

  @Test
  void index_noFace_storesNothingAndSaysWhy() {
    LocalFaceIndex idx = open();
    idx.createCollection();

    IndexResult result = idx.index(ALICE, RealFaces.noFace());

    assertThat(result.indexed()).isEmpty();
    assertThat(result.notIndexedReasons()).containsExactly(QualityIssue.NO_FACE);
    assertThat(idx.listFaces(ALICE)).isEmpty();
  }

  @Test
  void search_anotherPhotoOfAnEnrolledPerson_ranksThatPersonFirst() {
    LocalFaceIndex idx = open();
    idx.createCollection();
    idx.index(ALICE, RealFaces.personAAgain());
    idx.index(BOB, TestPhotos.GRACE_HOPPER.image());
    idx.index(UserId.of("carol"), TestPhotos.MONA_LISA.image());

    SearchResult result = idx.search(RealFaces.personA(), 10);

    assertThat(result.matches()).hasSize(3);
    assertThat(result.bestMatch().orElseThrow().userId()).isEqualTo(ALICE);
    assertThat(LocalSimilarity.distance(result.matches().get(0).similarity()))
        .isLessThan(LocalSimilarity.MATCH_DISTANCE);
    assertThat(LocalSimilarity.distance(result.matches().get(1).similarity()))
        .isGreaterThan(LocalSimilarity.MATCH_DISTANCE);
    assertThat(result.probeFaces()).hasSize(1);
    assertThat(result.probeFacesComplete()).isTrue();
  }

  @Test
  void search_userWithTwoFaces_isReportedOnceWithTheBestFace() {
    LocalFaceIndex idx = open();
    idx.createCollection();
    IndexedFace near = idx.index(ALICE, RealFaces.personAAgain()).indexed().orElseThrow();
    idx.index(ALICE, TestPhotos.MONA_LISA.image());
    idx.index(BOB, TestPhotos.GRACE_HOPPER.image());

    SearchResult result = idx.search(RealFaces.personA(), 1);

    assertThat(result.matches()).hasSize(1);
    assertThat(result.matches().get(0).userId()).isEqualTo(ALICE);
    assertThat(result.matches().get(0).faceId()).contains(near.faceId());
  }

  @Test
  void search_probeWithoutFace_returnsNoMatches() {
    LocalFaceIndex idx = open();
    idx.createCollection();
    idx.index(ALICE, TestPhotos.ASTRONAUT.image());

    SearchResult result = idx.search(RealFaces.noFace(), 5);

    assertThat(result.matches()).isEmpty();
    assertThat(result.probeFaces()).isEmpty();
  }

  @Test
  void index_thenSearchAtOnce_findsTheFaceAsItsReadAfterWriteDeclarationSays() {
    LocalFaceIndex idx = open();
    idx.createCollection();

    FaceId alice = idx.index(ALICE, RealFaces.personAAgain()).indexed().orElseThrow().faceId();

    assertThat(idx.consistency()).isEqualTo(Consistency.READ_AFTER_WRITE);
    assertThat(idx.search(RealFaces.personA(), 1).bestMatch()).hasValueSatisfying(m -> {
      assertThat(m.userId()).isEqualTo(ALICE);
      assertThat(m.faceId()).contains(alice);
    });
  }

  @Test
  void listAllFaces_streamReadAfterAChange_isTheListingOfWhenItWasMade() {
    LocalFaceIndex idx = open();
    idx.createCollection();
    FaceId alice = idx.index(ALICE, RealFaces.personAAgain()).indexed().orElseThrow().faceId();

    try (Stream<IndexedFace> listing = idx.listAllFaces()) {
      FaceId bob = idx.index(BOB, TestPhotos.GRACE_HOPPER.image()).indexed().orElseThrow().faceId();

      assertThat(listing.map(IndexedFace::faceId).toList()).containsExactly(alice);
      assertThat(idx.listAllFaces().map(IndexedFace::faceId).toList()).containsExactlyInAnyOrder(alice, bob);
    }
  }

  @Test
  void close_thenReopen_keepsEveryFace() {
    LocalFaceIndex idx = open();
    idx.createCollection();
    FaceId alice = idx.index(ALICE, RealFaces.personAAgain()).indexed().orElseThrow().faceId();
    FaceId bob = idx.index(BOB, TestPhotos.GRACE_HOPPER.image()).indexed().orElseThrow().faceId();
    idx.deleteFaces(BOB, List.of(bob));
    idx.close();

    LocalFaceIndex reopened = open();

    assertThat(reopened.describeCollection().orElseThrow().faceCount()).isEqualTo(1);
    assertThat(reopened.listFaces(ALICE)).extracting(IndexedFace::faceId).containsExactly(alice);
    assertThat(reopened.listFaces(ALICE).get(0).face()).isPresent();
    assertThat(reopened.search(RealFaces.personA(), 3).bestMatch().orElseThrow().userId())
        .isEqualTo(ALICE);
  }

  @Test
  void reopen_afterCrashMidWrite_keepsEarlierFaces() throws Exception {
    LocalFaceIndex idx = open();
    idx.createCollection();
    idx.index(ALICE, TestPhotos.ASTRONAUT.image());
    idx.index(BOB, TestPhotos.GRACE_HOPPER.image());
    idx.close();
    Path journal = journalOf(BOB); // Bob's face is the last entry of his journal
    try (RandomAccessFile raf = new RandomAccessFile(journal.toFile(), "rw")) {
      raf.setLength(Files.size(journal) - 100); // the second face was being written
    }

    LocalFaceIndex reopened = open();

    assertThat(reopened.listFaces(ALICE)).hasSize(1);
    assertThat(reopened.listFaces(BOB)).isEmpty();
    assertThat(reopened.index(BOB, TestPhotos.GRACE_HOPPER.image()).indexed()).isPresent();
  }

  @Test
  void deleteFaces_otherUsersAndUnknownIds_areLeftAlone() {
    LocalFaceIndex idx = open();
    idx.createCollection();
    FaceId alice = idx.index(ALICE, TestPhotos.ASTRONAUT.image()).indexed().orElseThrow().faceId();

    assertThat(idx.deleteFaces(BOB, List.of(alice, FaceId.of("nope")))).isEmpty();
    assertThat(idx.deleteFaces(ALICE, List.of(alice, FaceId.of("nope")))).containsExactly(alice);
    assertThat(idx.deleteFaces(ALICE, List.of(alice))).isEmpty();
    assertThat(idx.listFaces(ALICE)).isEmpty();
  }

  @Test
  void deleteCollection_removesEverything() {
    LocalFaceIndex idx = open();
    idx.createCollection();
    idx.index(ALICE, TestPhotos.ASTRONAUT.image());

    assertThat(idx.deleteCollection()).isTrue();
    assertThat(idx.deleteCollection()).isFalse();
    assertThat(idx.describeCollection()).isEmpty();
    assertThat(dir.resolve("users")).doesNotExist();
  }

  @Test
  void open_collectionOfAnotherModel_throwsConfigurationException() throws Exception {
    LocalFaceIndex idx = open();
    idx.createCollection();
    idx.close();
    Path properties = dir.resolve("users").resolve("collection.properties");
    Files.writeString(
        properties, Files.readString(properties).replaceAll("modelVersion=.*", "modelVersion=other-model"));

    LocalFaceIndex reopened = open();

    assertThat(reopened.describeCollection().orElseThrow().modelVersion()).contains("other-model");
    assertThatThrownBy(() -> reopened.search(TestPhotos.ASTRONAUT.image(), 3))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("other-model");
  }

  @Test
  void createCollection_existingCollectionOfAnotherModel_throwsConfigurationException() throws Exception {
    LocalFaceIndex idx = open();
    idx.createCollection();
    idx.index(ALICE, TestPhotos.ASTRONAUT.image());
    idx.close();
    Path properties = dir.resolve("users").resolve("collection.properties");
    Files.writeString(
        properties, Files.readString(properties).replaceAll("modelVersion=.*", "modelVersion=other-model"));

    LocalFaceIndex reopened = open();

    assertThatThrownBy(reopened::createCollection)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("was made by model other-model");
    assertThatThrownBy(() -> reopened.listFaces(ALICE)).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void journal_holdsNoImageBytes() throws Exception {
    LocalFaceIndex idx = open();
    idx.createCollection();
    idx.index(ALICE, TestPhotos.ASTRONAUT.image());

    assertThat(Files.size(journalOf(ALICE))).isLessThan(1000);
    assertThat(Set.copyOf(List.of(Files.list(dir.resolve("users")).map(p -> p.getFileName().toString()).toArray())))
        .containsExactlyInAnyOrder("collection.properties", journalOf(ALICE).getFileName().toString(), ".lock");
  }

  private static javax.crypto.SecretKey key(int seed) {
    byte[] k = new byte[32];
    java.util.Arrays.fill(k, (byte) seed);
    return new javax.crypto.spec.SecretKeySpec(k, "AES");
  }

  private LocalFaceIndex openEncrypted(javax.crypto.SecretKey key) {
    index =
        LocalFaceIndex.builder().engine(SharedLocalEngine.get()).directory(dir).collectionId("users")
            .encryptionKey(key).build();
    return index;
  }

  @Test
  void encryptionKey_journalHoldsNoPlainUserIdAndReopensOnlyWithTheKey() throws Exception {
    LocalFaceIndex idx = openEncrypted(key(1));
    idx.createCollection();
    idx.index(ALICE, TestPhotos.ASTRONAUT.image());
    idx.close();
    Path journal = journalOf(ALICE);
    long size = Files.size(journal);

    assertThat(new String(Files.readAllBytes(journal), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("alice@example.com");
    LocalFaceIndex wrong = openEncrypted(key(2));
    assertThatThrownBy(() -> wrong.listFaces(ALICE))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("cannot be decrypted");
    wrong.close();
    LocalFaceIndex plain = open();
    assertThatThrownBy(() -> plain.listFaces(ALICE))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("encrypted");
    plain.close();
    assertThat(Files.size(journal)).isEqualTo(size); // a wrong key never truncates the journal
    LocalFaceIndex right = openEncrypted(key(1));
    assertThat(right.listFaces(ALICE)).hasSize(1);
    assertThat(right.search(TestPhotos.ASTRONAUT.image(), 1).bestMatch().orElseThrow().userId())
        .isEqualTo(ALICE);
  }

  @Test
  void open_directoryInUseByAnotherIndex_throwsConfigurationException() {
    LocalFaceIndex first = open();
    first.createCollection();
    LocalFaceIndex second =
        LocalFaceIndex.builder().engine(SharedLocalEngine.get()).directory(dir).collectionId("users").build();
    try {
      assertThatThrownBy(() -> second.listFaces(ALICE))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("in use");
      first.close();

      assertThat(second.listFaces(ALICE)).isEmpty();
    } finally {
      second.close();
    }
  }
}
