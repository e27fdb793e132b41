package io.github.idvkit.aws;

import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.testkit.contract.FaceRecordStoreContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@link DynamoDbFaceRecordStore} passes the face record store contract on dynalite. */
class DynamoDbFaceRecordStoreContractTest extends FaceRecordStoreContract {

  @RegisterExtension static final DynaliteExtension DYNAMO = new DynaliteExtension();

  private static DynamoDbClient client;
  private DynamoDbFaceRecordStore subject;

  @BeforeAll
  static void createClient() {
    client = DYNAMO.client();
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @Override
  protected FaceRecordStore newSubject() {
    subject =
        DynamoDbFaceRecordStore.builder()
            .dynamoDbClient(client)
            .tableName("contract-" + UUID.randomUUID())
            .build();
    subject.createTableIfMissing();
    return subject;
  }

  @Override
  protected void cleanUp() {
    subject.deleteTable();
  }
}
