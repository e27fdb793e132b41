package io.github.idvkit.aws;

import io.github.idvkit.spi.FaceDetector;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.FaceDetectorContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.services.rekognition.RekognitionClient;

/** {@link RekognitionFaceDetector} passes the detector contract on real Rekognition. */
@EnabledIfEnvironmentVariable(named = "IDV_AWS_IT", matches = "true")
class RekognitionFaceDetectorIT extends FaceDetectorContract {

  private static RekognitionClient client;
  private static ContractFaces photos;

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
  protected FaceDetector newSubject() {
    return RekognitionFaceDetector.builder().rekognitionClient(client).build();
  }

  @Override
  protected ContractFaces faces() {
    return photos;
  }
}
