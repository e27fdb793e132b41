package io.github.idvkit.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.github.idvkit.FaceId;
import io.github.idvkit.ProviderException;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.IndexResult;
import io.github.idvkit.testkit.TestFaces;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.AssociateFacesRequest;
import software.amazon.awssdk.services.rekognition.model.AssociateFacesResponse;
import software.amazon.awssdk.services.rekognition.model.CreateUserRequest;
import software.amazon.awssdk.services.rekognition.model.CreateUserResponse;
import software.amazon.awssdk.services.rekognition.model.FaceRecord;
import software.amazon.awssdk.services.rekognition.model.IndexFacesRequest;
import software.amazon.awssdk.services.rekognition.model.IndexFacesResponse;
import software.amazon.awssdk.services.rekognition.model.UnsuccessfulFaceAssociation;

/**
 * {@code AssociateFaces} reports per face: only an unsuccessful entry naming the indexed face fails
 * it. Replays response shapes the API reference documents through a stubbed client (the local
 * endpoint never names a face that was not asked for).
 */
class AssociateFacesResultTest {

  private static final String FACE = "11111111-1111-1111-1111-111111111111";
  private static final String OTHER = "22222222-2222-2222-2222-222222222222";

  private final UserId alice = UserId.of("alice@example.com");
  private RekognitionClient client;
  private RekognitionFaceIndex index;

  @BeforeEach
  void stub() {
    client = mock(RekognitionClient.class, withSettings().defaultAnswer(CALLS_REAL_METHODS));
    doReturn(IndexFacesResponse.builder()
            .faceRecords(FaceRecord.builder().face(f -> f.faceId(FACE)).build())
            .faceModelVersion("7.0").build())
        .when(client).indexFaces(any(IndexFacesRequest.class));
    doReturn(CreateUserResponse.builder().build()).when(client).createUser(any(CreateUserRequest.class));
    index = RekognitionFaceIndex.builder().rekognitionClient(client).collectionId("users").build();
  }

  @Test
  void associate_unsuccessfulEntryNamingAnotherFace_associatesThisFace() {
    associateAnswers(UnsuccessfulFaceAssociation.builder().faceId(OTHER)
        .reasonsWithStrings("ASSOCIATED_TO_A_DIFFERENT_USER").build());

    IndexResult result = index.index(alice, TestFaces.subject("alice").image(1));
    index.associate(alice, result.indexed().orElseThrow().faceId());

    assertThat(result.indexed()).hasValueSatisfying(f -> assertThat(f.faceId().value()).isEqualTo(FACE));
  }

  @Test
  void associate_unsuccessfulEntryNamingThisFace_failsWithItsReasons() {
    associateAnswers(UnsuccessfulFaceAssociation.builder().faceId(FACE)
        .reasonsWithStrings("LOW_MATCH_CONFIDENCE", "ASSOCIATED_TO_A_DIFFERENT_USER").build());
    FaceId face = index.index(alice, TestFaces.subject("alice").image(1)).indexed().orElseThrow().faceId();

    assertThatThrownBy(() -> index.associate(alice, face))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining(FACE)
        .hasMessageContaining("LOW_MATCH_CONFIDENCE")
        .hasMessageContaining("ASSOCIATED_TO_A_DIFFERENT_USER")
        .hasMessageNotContaining("alice@example.com");
  }

  private void associateAnswers(UnsuccessfulFaceAssociation unsuccessful) {
    doReturn(AssociateFacesResponse.builder().unsuccessfulFaceAssociations(unsuccessful).build())
        .when(client).associateFaces(any(AssociateFacesRequest.class));
  }
}
