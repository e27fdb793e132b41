package io.github.idvkit.aws;

import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.testkit.contract.FaceRecordStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link DynamoDbFaceRecordStore} passes the face record store contract on real DynamoDB, in one
 * table of this run (tables take seconds to create, so the tests share it; users are new per
 * test).
 */
@EnabledIfEnvironmentVariable(named = "IDV_AWS_IT", matches = "true")
class DynamoDbFaceRecordStoreIT extends FaceRecordStoreContract {

  private static DynamoDbClient client;
  private static DynamoDbFaceRecordStore store;

  @BeforeAll
  static void createTable() {
    client = RealAws.dynamoDb();
    store =
        DynamoDbFaceRecordStore.builder()
            .dynamoDbClient(client)
            .tableName(RealAws.name("records"))
            .build();
    store.createTableIfMissing();
  }

  @AfterAll
  static void deleteTable() {
    if (store != null) {
      store.deleteTable();
    }
    if (client != null) {
      client.close();
    }
  }

  @Override
  protected FaceRecordStore newSubject() {
    return store;
  }

  /** {@code findByFace} reads the global secondary index, which DynamoDB updates asynchronously. */
  @Override
  protected void awaitConsistency() {
    RealAws.pause(1500);
  }
}
