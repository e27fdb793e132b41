package io.github.idvkit.benchmarks;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.Attribute;
import software.amazon.awssdk.services.rekognition.model.CompareFacesMatch;
import software.amazon.awssdk.services.rekognition.model.FaceMatch;
import software.amazon.awssdk.services.rekognition.model.FaceRecord;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.QualityFilter;
import software.amazon.awssdk.services.rekognition.model.S3Object;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The baseline: the flows of AWS's "Using Amazon Rekognition for Identity Verification" tutorial
 * (shared/reference), ported to Java on the same SDK clients idv uses. One shared client per service,
 * the tutorial's calls in its order, one after the other, with its parameters and checks:
 *
 * <ul>
 *   <li>register: {@code DetectFaces(ALL)}, exactly one face; {@code CompareFaces} of the ID photo
 *       in S3 (source) with the selfie (target) at {@code SimilarityThreshold=99}, exactly one match;
 *       {@code SearchFacesByImage} at 99 with {@code MaxFaces=1}, no match; {@code IndexFaces}
 *       ({@code ExternalImageId}=photo name, {@code MaxFaces=1}, {@code QualityFilter=AUTO}, {@code
 *       DetectionAttributes=ALL}); the selfie to S3 ({@code upload_file}, a plain {@code PutObject});
 *       a DynamoDB item keyed by {@code FaceID} with {@code ExternalImageID}, {@code ImageURL},
 *       {@code ImageID} and {@code Confidence}.
 *   <li>login: {@code DetectFaces(ALL)}, exactly one face; {@code SearchFacesByImage} at 70 with
 *       {@code MaxFaces=1}. The tutorial logs in whoever matches: it has no claimed user.
 * </ul>
 *
 * <p>Like the tutorial it has no quality checks beyond the face count, no rollback and no
 * idempotency. Thread-safe (the SDK clients are).
 */
final class TutorialFlow {

  private final RekognitionClient rekognition;
  private final S3Client s3;
  private final DynamoDbClient dynamoDb;
  private final String collectionId;
  private final String bucket;
  private final String tableName;

  TutorialFlow(
      RekognitionClient rekognition,
      S3Client s3,
      DynamoDbClient dynamoDb,
      String collectionId,
      String bucket,
      String tableName) {
    this.rekognition = rekognition;
    this.s3 = s3;
    this.dynamoDb = dynamoDb;
    this.collectionId = collectionId;
    this.bucket = bucket;
    this.tableName = tableName;
  }

  /** The tutorial's one-time set-up: the collection and the {@code FaceID}-keyed table. */
  void provision() {
    rekognition.createCollection(b -> b.collectionId(collectionId).tags(Map.of("SampleKey1", "SampleValue1")));
    dynamoDb.createTable(
        b ->
            b.tableName(tableName)
                .keySchema(KeySchemaElement.builder().attributeName("FaceID").keyType(KeyType.HASH).build())
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("FaceID")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .provisionedThroughput(
                    ProvisionedThroughput.builder().readCapacityUnits(10L).writeCapacityUnits(10L).build()));
  }

  /** What a registration decided, as the tutorial's prints would say it. */
  enum RegisterOutcome {
    REGISTERED,
    NOT_ONE_FACE,
    NO_ID_MATCH,
    ALREADY_REGISTERED,
    NOT_INDEXED
  }

  /**
   * Registers a selfie.
   *
   * @param photoName the tutorial's {@code photo}: the external image id and the S3 key
   * @param selfie the selfie's bytes, sent as they are
   * @param idBucket the bucket of the ID photo
   * @param idKey the key of the ID photo
   * @return the outcome
   */
  RegisterOutcome register(String photoName, byte[] selfie, String idBucket, String idKey) {
    SdkBytes bytes = SdkBytes.fromByteArray(selfie);
    Image image = Image.builder().bytes(bytes).build();

    int faces = rekognition.detectFaces(b -> b.image(image).attributes(Attribute.ALL)).faceDetails().size();
    if (faces != 1) {
      return RegisterOutcome.NOT_ONE_FACE;
    }

    List<CompareFacesMatch> idMatches =
        rekognition
            .compareFaces(
                b ->
                    b.similarityThreshold(99f)
                        .sourceImage(
                            Image.builder()
                                .s3Object(S3Object.builder().bucket(idBucket).name(idKey).build())
                                .build())
                        .targetImage(image))
            .faceMatches();
    if (idMatches.size() != 1) {
      return RegisterOutcome.NO_ID_MATCH;
    }

    List<FaceMatch> existing =
        rekognition
            .searchFacesByImage(
                b -> b.collectionId(collectionId).image(image).faceMatchThreshold(99f).maxFaces(1))
            .faceMatches();
    if (!existing.isEmpty()) {
      return RegisterOutcome.ALREADY_REGISTERED;
    }

    List<FaceRecord> records =
        rekognition
            .indexFaces(
                b ->
                    b.collectionId(collectionId)
                        .image(image)
                        .externalImageId(photoName)
                        .maxFaces(1)
                        .qualityFilter(QualityFilter.AUTO)
                        .detectionAttributes(Attribute.ALL))
            .faceRecords();
    if (records.isEmpty()) {
      return RegisterOutcome.NOT_INDEXED;
    }
    var face = records.get(0).face();

    s3.putObject(b -> b.bucket(bucket).key(photoName), RequestBody.fromBytes(selfie));

    String fileUrl = "https://s3.amazonaws.com/" + bucket + "/" + photoName;
    dynamoDb.putItem(
        b ->
            b.tableName(tableName)
                .item(
                    Map.of(
                        "ExternalImageID", AttributeValue.fromS(photoName),
                        "ImageURL", AttributeValue.fromS(fileUrl),
                        "FaceID", AttributeValue.fromS(face.faceId()),
                        "ImageID", AttributeValue.fromS(face.imageId()),
                        "Confidence", AttributeValue.fromN(new BigDecimal(Float.toString(face.confidence())).toPlainString()))));
    return RegisterOutcome.REGISTERED;
  }

  /**
   * Logs in: the matched face id, or empty if the image has not exactly one face or nobody matches
   * at 70.
   *
   * @param selfie the selfie's bytes
   * @return the face id that matched
   */
  Optional<String> login(byte[] selfie) {
    Image image = Image.builder().bytes(SdkBytes.fromByteArray(selfie)).build();
    int faces = rekognition.detectFaces(b -> b.image(image).attributes(Attribute.ALL)).faceDetails().size();
    if (faces != 1) {
      return Optional.empty();
    }
    List<FaceMatch> matches =
        rekognition
            .searchFacesByImage(
                b -> b.collectionId(collectionId).image(image).faceMatchThreshold(70f).maxFaces(1))
            .faceMatches();
    return matches.stream().findFirst().map(match -> match.face().faceId());
  }
}
