package io.github.idvkit.aws;

import io.github.idvkit.spi.LivenessSessionStore;
import io.github.idvkit.testkit.contract.LivenessSessionStoreContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link DynamoDbLivenessSessionStore} passes the session-store contract on dynalite, including two
 * stores with their own clients on one table (two app instances).
 */
class DynamoDbLivenessSessionStoreTest extends LivenessSessionStoreContract {

  @RegisterExtension static final DynaliteExtension DYNAMO = new DynaliteExtension();

  private static DynamoDbClient client;
  private static DynamoDbClient otherClient;
  private DynamoDbAttemptLimiter table;
  private String tableName;

  @BeforeAll
  static void createClients() {
    client = DYNAMO.client();
    otherClient = DYNAMO.client();
  }

  @AfterAll
  static void closeClients() {
    client.close();
    otherClient.close();
  }

  @Override
  protected LivenessSessionStore newSubject() {
    tableName = "liveness-" + UUID.randomUUID();
    table = DynamoDbAttemptLimiter.builder().dynamoDbClient(client).tableName(tableName).build();
    table.createTableIfMissing();
    return DynamoDbLivenessSessionStore.create(client, tableName);
  }

  @Override
  protected LivenessSessionStore secondInstance() {
    return DynamoDbLivenessSessionStore.create(otherClient, tableName);
  }

  @Override
  protected void cleanUp() {
    table.deleteTable();
  }
}
