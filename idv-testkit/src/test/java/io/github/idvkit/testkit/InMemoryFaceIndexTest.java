package io.github.idvkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.Consistency;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.SearchResult;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.FaceIndexContract;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryFaceIndexTest extends FaceIndexContract {

  private final InMemoryFaceIndex index = InMemoryFaceIndex.create();
  private final TestSubject alice = TestFaces.subject("alice");
  private final UserId aliceId = UserId.of("alice@example.com");

  private InMemoryFaceIndex subject;

  @Override
  protected FaceIndex newSubject() {
    subject = InMemoryFaceIndex.builder().collectionExists(false).build();
    return subject;
  }

  @Override
  protected Optional<FaceId> addForeignFace(FaceImage image) {
    return Optional.of(subject.addForeignFace(image));
  }

  @Override
  protected boolean foreignFaceExists(FaceId faceId) {
    return subject.foreignFaces().contains(faceId);
  }

  @Test
  void search_userLevel_namesUsersWithoutFaces() {
    InMemoryFaceIndex userLevel = InMemoryFaceIndex.builder().userLevelSearch(true).build();
    FaceId faceId = userLevel.index(aliceId, alice.image(1)).indexed().orElseThrow().faceId();
    userLevel.associate(aliceId, faceId);

    SearchResult result = userLevel.search(alice.image(2), 5);

    assertThat(result.bestMatch().orElseThrow().userId()).isEqualTo(aliceId);
    assertThat(result.bestMatch().orElseThrow().faceId()).isEmpty();
  }

  @Test
  void search_userLevel_countsAFaceOnlyOnceAssociated_searchFacesAtOnceAndByFace() {
    InMemoryFaceIndex userLevel = InMemoryFaceIndex.builder().userLevelSearch(true).build();
    FaceId faceId = userLevel.index(aliceId, alice.image(1)).indexed().orElseThrow().faceId();

    assertThat(userLevel.search(alice.image(2), 5).matches()).isEmpty();
    assertThat(userLevel.searchFaces(alice.image(2), 5).bestMatch().orElseThrow().faceId()).hasValue(faceId);
    assertThat(userLevel.listFaces(aliceId)).extracting(IndexedFace::faceId).containsExactly(faceId);

    userLevel.associate(aliceId, faceId);

    assertThat(userLevel.search(alice.image(2), 5).bestMatch().orElseThrow().userId()).isEqualTo(aliceId);
  }

  @Test
  void consistency_followsTheScriptedLag() {
    assertThat(index.consistency()).isEqualTo(Consistency.READ_AFTER_WRITE);

    index.faults().lag(2);

    assertThat(index.consistency()).isEqualTo(Consistency.EVENTUAL);
  }

  @Override
  protected ContractFaces faces() {
    return ContractFaces.synthetic();
  }

  @Test
  void search_lookalike_reportsDeclaredSimilarity() {
    index.index(aliceId, alice.image(1));

    SearchResult result = index.search(alice.lookalike("mallory", 0.985).image(1), 5);

    assertThat(result.bestMatch().orElseThrow().similarity().ratio()).isEqualTo(0.985);
  }

  @Test
  void search_anyProbe_reportsProbeFacesCompletelyWithModelVersion() {
    SearchResult result = index.search(TestFaces.group("alice", "bob", "carol"), 5);

    assertThat(result.probeFacesComplete()).isTrue();
    assertThat(result.probeFaces()).hasSize(3);
    assertThat(result.modelVersion()).contains(FakeFaceDetector.MODEL_VERSION);
  }

  @Test
  void index_twoIndexes_giveSameFaceIdsInSameOrder() {
    InMemoryFaceIndex other = InMemoryFaceIndex.create();

    FaceId first = index.index(aliceId, alice.image(1)).indexed().orElseThrow().faceId();
    FaceId again = other.index(aliceId, alice.image(1)).indexed().orElseThrow().faceId();

    assertThat(again).isEqualTo(first);
  }

  @Test
  void index_qualityIssues_areIndexedWithTheirFacts() {
    var result = index.index(aliceId, alice.dark().image(1));

    assertThat(result.indexed().orElseThrow().face().orElseThrow().brightness().getAsDouble()).isLessThan(0.1);
  }

  @Test
  void faces_afterIndexAndDelete_showLatestStateWithoutRecordingCalls() {
    FaceId face = index.index(aliceId, alice.image(1)).indexed().orElseThrow().faceId();
    int calls = index.calls().size();

    assertThat(index.faces()).hasSize(1);
    index.deleteFaces(aliceId, List.of(face));
    assertThat(index.faces()).isEmpty();
    assertThat(index.calls()).hasSize(calls + 1);
  }
}
