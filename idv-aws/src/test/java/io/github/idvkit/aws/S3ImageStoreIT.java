package io.github.idvkit.aws;

import io.github.idvkit.spi.ImageStore;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.ImageStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link S3ImageStore} passes the image store contract on real S3, in a bucket of this run. */
@EnabledIfEnvironmentVariable(named = "IDV_AWS_IT", matches = "true")
class S3ImageStoreIT extends ImageStoreContract {

  private static final String BUCKET = RealAws.name("faces");
  private static S3Client client;

  @BeforeAll
  static void createBucket() {
    client = RealAws.s3();
    RealAws.createBucket(client, BUCKET);
  }

  @AfterAll
  static void deleteBucket() {
    if (client != null) {
      RealAws.deleteBucket(client, BUCKET);
      client.close();
    }
  }

  @Override
  protected ImageStore newSubject() {
    return S3ImageStore.builder().s3Client(client).bucket(BUCKET).prefix("it/").build();
  }

  @Override
  protected ContractFaces faces() {
    return ContractFaces.synthetic();
  }
}
