package io.github.idvkit.aws;

import io.github.idvkit.FaceImage;
import io.github.idvkit.StoredImage;
import io.github.idvkit.spi.ImageStore;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.ImageStoreContract;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** {@link S3ImageStore} passes the image store contract on s3proxy. */
class S3ImageStoreContractTest extends ImageStoreContract {

  @RegisterExtension static final LocalS3Extension S3 = new LocalS3Extension();

  private static final String BUCKET = "contract-" + UUID.randomUUID();
  private static S3Client client;
  private S3ImageStore subject;

  @BeforeAll
  static void createBucket() {
    client = S3.client();
    client.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @Override
  protected ImageStore newSubject() {
    subject = S3ImageStore.builder().s3Client(client).bucket(BUCKET).prefix("contract/").build();
    return subject;
  }

  @Override
  protected ContractFaces faces() {
    return ContractFaces.synthetic();
  }

  /** Another application's object in the shared bucket, below the store's prefix. */
  @Override
  protected Optional<StoredImage> addForeignObject(String key, FaceImage image) {
    client.putObject(b -> b.bucket(BUCKET).key("contract/" + key), RequestBody.fromBytes(image.bytes()));
    return Optional.of(StoredImage.of("s3://" + BUCKET + "/contract/" + key));
  }

  @Override
  protected boolean foreignObjectExists(StoredImage reference) {
    try {
      client.headObject(b -> b.bucket(BUCKET).key(reference.uri().getPath().substring(1)));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  @Override
  protected void cleanUp() {
  }
}
