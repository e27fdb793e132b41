package io.github.idvkit.aws;

import io.github.idvkit.spi.FaceDetector;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.FaceDetectorContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.rekognition.RekognitionClient;

/** {@link RekognitionFaceDetector} passes the detector contract on the local endpoint. */
class RekognitionFaceDetectorTest extends FaceDetectorContract {

  private static RekognitionEndpoint endpoint;
  private static RekognitionClient client;

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
  protected FaceDetector newSubject() {
    return RekognitionFaceDetector.builder().rekognitionClient(client).build();
  }

  @Override
  protected ContractFaces faces() {
    return ContractFaces.synthetic();
  }
}
