package io.github.idvkit.aws;

import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.FaceIndexContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.services.rekognition.RekognitionClient;

/** {@link RekognitionFaceIndex} passes the face index contract on real Rekognition. */
@EnabledIfEnvironmentVariable(named = "IDV_AWS_IT", matches = "true")
class RekognitionFaceIndexIT extends FaceIndexContract {

  private static RekognitionClient client;
  private static ContractFaces photos;
  private RekognitionFaceIndex subject;

  @BeforeAll
  static void connect() {
    photos = RealAws.photos();
    client = RealAws.rekognition();
  }

  @AfterAll
  static void disconnect() {
    if (client != null) {
      client.close();
    }
  }

  @Override
  protected FaceIndex newSubject() {
    subject =
        RekognitionFaceIndex.builder()
            .rekognitionClient(client)
            .collectionId(RealAws.name("collection"))
            .tag("idv-it", RealAws.RUN)
            .build();
    return subject;
  }

  @Override
  protected ContractFaces faces() {
    return photos;
  }

  /** User associations are applied asynchronously (the user is UPDATING for a moment). */
  @Override
  protected void awaitConsistency() {
    RealAws.pause(3000);
  }

  @Override
  protected void cleanUp() {
    subject.deleteCollection();
  }
}
