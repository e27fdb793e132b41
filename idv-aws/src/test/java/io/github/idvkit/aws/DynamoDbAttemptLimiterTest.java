package io.github.idvkit.aws;

import io.github.idvkit.spi.AttemptLimiter;
import io.github.idvkit.testkit.contract.AttemptLimiterContract;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link DynamoDbAttemptLimiter} passes the attempt-limiter contract on dynalite, including two
 * limiters with their own clients on one table (two app instances).
 */
class DynamoDbAttemptLimiterTest extends AttemptLimiterContract {

  @RegisterExtension static final DynaliteExtension DYNAMO = new DynaliteExtension();

  private static DynamoDbClient client;
  private static DynamoDbClient otherClient;
  private DynamoDbAttemptLimiter subject;
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
  protected AttemptLimiter newSubject() {
    tableName = "attempts-" + UUID.randomUUID();
    subject = DynamoDbAttemptLimiter.builder().dynamoDbClient(client).tableName(tableName).build();
    subject.createTableIfMissing();
    return subject;
  }

  @Override
  protected AttemptLimiter secondInstance() {
    return DynamoDbAttemptLimiter.builder().dynamoDbClient(otherClient).tableName(tableName).build();
  }

  @Override
  protected void cleanUp() {
    subject.deleteTable();
  }
}
