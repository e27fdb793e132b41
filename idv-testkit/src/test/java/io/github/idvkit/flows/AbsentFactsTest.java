package io.github.idvkit.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idvkit.ExecutionMode;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.RegisterResult;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.CollectionInfo;
import io.github.idvkit.spi.Consistency;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.spi.FaceRecord;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.spi.IndexedFace;
import io.github.idvkit.spi.SearchResult;
import io.github.idvkit.testkit.TestFaces;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Facts a provider did not report stay absent in what core writes (DESIGN.md §10). */
class AbsentFactsTest {

  @Test
  void register_indexReportsNoFaceDetail_recordHasNoConfidence() {
    try (Rig rig = new Rig(ExecutionMode.SEQUENTIAL);
        IdentityVerifier idv = IdentityVerifier.builder()
            .faceDetector(rig.detector).faceComparer(rig.comparer)
            .faceIndex(new WithoutFaceDetail(rig.index))
            .imageStore(rig.images).faceRecordStore(rig.records)
            .policy(rig.verifier.policy()).clock(Rig.CLOCK).build()) {

      RegisterResult result = idv.register(r -> r.userId("alice").selfie(TestFaces.subject("alice").image(1)));

      FaceRecord record = rig.records.findByFace(result.faceId().orElseThrow()).orElseThrow();
      assertThat(record.confidence()).as("no confidence was measured, so none is written").isEmpty();
    }
  }

  @Test
  void register_indexReportsFaceDetail_recordKeepsItsConfidence() {
    try (Rig rig = new Rig(ExecutionMode.SEQUENTIAL)) {

      RegisterResult result =
          rig.verifier.register(r -> r.userId("alice").selfie(TestFaces.subject("alice").image(1)));

      FaceRecord record = rig.records.findByFace(result.faceId().orElseThrow()).orElseThrow();
      assertThat(record.confidence()).isPresent();
    }
  }

  /** An index whose indexed faces carry no face detail, as a provider may report them. */
  private record WithoutFaceDetail(FaceIndex delegate) implements FaceIndex {
    @Override
    public IndexResult index(UserId user, FaceImage image) {
      IndexResult result = delegate.index(user, image);
      return result.indexed()
          .map(face -> IndexResult.of(IndexedFace.builder().faceId(face.faceId()).userId(face.userId())
              .provider(face.provider()).collectionId(face.collectionId()).modelVersion(face.modelVersion())
              .build()))
          .orElse(result);
    }

    @Override
    public Optional<CollectionInfo> describeCollection() {
      return delegate.describeCollection();
    }

    @Override
    public CollectionInfo createCollection() {
      return delegate.createCollection();
    }

    @Override
    public boolean deleteCollection() {
      return delegate.deleteCollection();
    }

    @Override
    public SearchResult search(FaceImage probe, int maxUsers) {
      return delegate.search(probe, maxUsers);
    }

    @Override
    public List<IndexedFace> listFaces(UserId user) {
      return delegate.listFaces(user);
    }

    @Override
    public Stream<IndexedFace> listAllFaces() {
      return delegate.listAllFaces();
    }

    @Override
    public Consistency consistency() {
      return delegate.consistency();
    }

    @Override
    public Set<FaceId> deleteFaces(UserId user, Collection<FaceId> faceIds) {
      return delegate.deleteFaces(user, faceIds);
    }
  }
}
