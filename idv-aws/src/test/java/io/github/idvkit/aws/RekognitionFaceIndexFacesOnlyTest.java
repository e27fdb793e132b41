package io.github.idvkit.aws;

import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.FaceIndexContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.rekognition.RekognitionClient;

/** {@link RekognitionFaceIndex} without the Users API (SearchFacesByImage) passes the face index contract on the local endpoint. */
class RekognitionFaceIndexFacesOnlyTest extends FaceIndexContract {

  private static RekognitionEndpoint endpoint;
  private static RekognitionClient client;
  private RekognitionFaceIndex subject;

  @BeforeAll
  static void startEndpoint() {
    endpoint = RekognitionEndpoint.start();
    client = endpoint.client();
  }

  @AfterAll
  static void stopEndpoint() {
    client.close();
    endpoint.close();
  }

  @Override
  protected FaceIndex newSubject() {
    subject =
        RekognitionFaceIndex.builder()
            .rekognitionClient(client)
            .collectionId("contract-" + UUID.randomUUID())
            .usersApi(false)
            .build();
    return subject;
  }

  @Override
  protected ContractFaces faces() {
    return ContractFaces.synthetic();
  }

  @Override
  protected void cleanUp() {
    subject.deleteCollection();
    subject.close();
  }
}
