package io.github.idvkit.spring.boot;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of idv in a Spring Boot application, under {@code idv.*}. */
@ConfigurationProperties(prefix = "idv")
public class IdvProperties {

  /** Which provider the IdentityVerifier bean runs on. */
  public enum ProviderName {
    /** The offline engine (idv-local): no account, no network. */
    LOCAL,
    /** Amazon Rekognition, S3 and DynamoDB (idv-aws). */
    AWS,
    /** The in-memory fakes (idv-testkit), for tests and demos of code that uses idv. */
    MEMORY
  }

  /** Named policies. */
  public enum PolicyPreset {
    /** The provider's own default: the calibrated policy for local, high-security otherwise. */
    PROVIDER_DEFAULT,
    /** Thresholds of 99 % and the strict quality gate. */
    HIGH_SECURITY,
    /** Thresholds of 95 % and the standard quality gate. */
    STANDARD
  }

  /** Whether to auto-configure the IdentityVerifier bean. */
  private boolean enabled = true;

  /** The provider: local (offline engine), aws or memory (in-memory fakes). */
  private ProviderName provider = ProviderName.LOCAL;

  private final Policy policy = new Policy();

  private final Local local = new Local();

  private final Aws aws = new Aws();

  private final Observations observations = new Observations();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public ProviderName getProvider() {
    return provider;
  }

  public void setProvider(ProviderName provider) {
    this.provider = provider;
  }

  public Policy getPolicy() {
    return policy;
  }

  public Local getLocal() {
    return local;
  }

  public Aws getAws() {
    return aws;
  }

  public Observations getObservations() {
    return observations;
  }

  /** The decision policy; thresholds are similarity ratios in [0, 1] on the provider's scale. */
  public static class Policy {

    /** The policy to start from; the thresholds below override its values. */
    private PolicyPreset preset = PolicyPreset.PROVIDER_DEFAULT;

    /** The similarity a login needs with the claimed user, as a ratio in [0, 1]. */
    private @Nullable Double loginThreshold;

    /** The similarity the selfie needs with the ID photo at registration, as a ratio in [0, 1]. */
    private @Nullable Double idMatchThreshold;

    /** The similarity from which a registration is a duplicate of another user, in [0, 1]. */
    private @Nullable Double duplicateThreshold;

    /** The similarity identify needs with the best user, as a ratio in [0, 1]. */
    private @Nullable Double identifyThreshold;

    /** How far the best user must beat the best other user to be identified, in [0, 1). */
    private @Nullable Double identifyMargin;

    /** Whether identify (1:N, without a claimed identity) is allowed. */
    private boolean identificationEnabled = false;

    /** Whether thresholds below the 90 % floor are allowed (for a provider's own calibrated scale). */
    private @Nullable Boolean belowFloorAllowed;

    public PolicyPreset getPreset() {
      return preset;
    }

    public void setPreset(PolicyPreset preset) {
      this.preset = preset;
    }

    public @Nullable Double getLoginThreshold() {
      return loginThreshold;
    }

    public void setLoginThreshold(@Nullable Double loginThreshold) {
      this.loginThreshold = loginThreshold;
    }

    public @Nullable Double getIdMatchThreshold() {
      return idMatchThreshold;
    }

    public void setIdMatchThreshold(@Nullable Double idMatchThreshold) {
      this.idMatchThreshold = idMatchThreshold;
    }

    public @Nullable Double getDuplicateThreshold() {
      return duplicateThreshold;
    }

    public void setDuplicateThreshold(@Nullable Double duplicateThreshold) {
      this.duplicateThreshold = duplicateThreshold;
    }

    public @Nullable Double getIdentifyThreshold() {
      return identifyThreshold;
    }

    public void setIdentifyThreshold(@Nullable Double identifyThreshold) {
      this.identifyThreshold = identifyThreshold;
    }

    public @Nullable Double getIdentifyMargin() {
      return identifyMargin;
    }

    public void setIdentifyMargin(@Nullable Double identifyMargin) {
      this.identifyMargin = identifyMargin;
    }

    public boolean isIdentificationEnabled() {
      return identificationEnabled;
    }

    public void setIdentificationEnabled(boolean identificationEnabled) {
      this.identificationEnabled = identificationEnabled;
    }

    public @Nullable Boolean getBelowFloorAllowed() {
      return belowFloorAllowed;
    }

    public void setBelowFloorAllowed(@Nullable Boolean belowFloorAllowed) {
      this.belowFloorAllowed = belowFloorAllowed;
    }
  }

  /** The offline provider (idv-local). */
  public static class Local {

    /** The directory that holds the index, images and records; created if missing. */
    private Path dataDirectory = Path.of("idv-data");

    /** The face collection's id inside the data directory. */
    private String collectionId = "faces";

    /** ONNX Runtime threads per inference. */
    private int intraOpThreads = 1;

    public Path getDataDirectory() {
      return dataDirectory;
    }

    public void setDataDirectory(Path dataDirectory) {
      this.dataDirectory = dataDirectory;
    }

    public String getCollectionId() {
      return collectionId;
    }

    public void setCollectionId(String collectionId) {
      this.collectionId = collectionId;
    }

    public int getIntraOpThreads() {
      return intraOpThreads;
    }

    public void setIntraOpThreads(int intraOpThreads) {
      this.intraOpThreads = intraOpThreads;
    }
  }

  /** The AWS provider (idv-aws). */
  public static class Aws {

    /** The AWS region, e.g. eu-west-1; the SDK's default chain when unset. */
    private @Nullable String region;

    /** The Rekognition collection id. */
    private @Nullable String collectionId;

    /** The S3 bucket that holds normalised selfies. */
    private @Nullable String bucket;

    /** The DynamoDB table that holds face records. */
    private @Nullable String tableName;

    /** A key prefix for images in the bucket. */
    private String imagePrefix = "";

    /** A KMS key id for SSE-KMS; SSE-S3 when unset. */
    private @Nullable String kmsKeyId;

    /** Whether to use Rekognition's Users API (several faces per user). */
    private boolean usersApi = true;

    /** Whether to create the collection and table at startup if they are missing. */
    private boolean provisionOnStartup = false;

    public @Nullable String getRegion() {
      return region;
    }

    public void setRegion(@Nullable String region) {
      this.region = region;
    }

    public @Nullable String getCollectionId() {
      return collectionId;
    }

    public void setCollectionId(@Nullable String collectionId) {
      this.collectionId = collectionId;
    }

    public @Nullable String getBucket() {
      return bucket;
    }

    public void setBucket(@Nullable String bucket) {
      this.bucket = bucket;
    }

    public @Nullable String getTableName() {
      return tableName;
    }

    public void setTableName(@Nullable String tableName) {
      this.tableName = tableName;
    }

    public String getImagePrefix() {
      return imagePrefix;
    }

    public void setImagePrefix(String imagePrefix) {
      this.imagePrefix = imagePrefix;
    }

    public @Nullable String getKmsKeyId() {
      return kmsKeyId;
    }

    public void setKmsKeyId(@Nullable String kmsKeyId) {
      this.kmsKeyId = kmsKeyId;
    }

    public boolean isUsersApi() {
      return usersApi;
    }

    public void setUsersApi(boolean usersApi) {
      this.usersApi = usersApi;
    }

    public boolean isProvisionOnStartup() {
      return provisionOnStartup;
    }

    public void setProvisionOnStartup(boolean provisionOnStartup) {
      this.provisionOnStartup = provisionOnStartup;
    }
  }

  /** Micrometer observations. */
  public static class Observations {

    /** Whether flows and provider calls are observed when an ObservationRegistry bean exists. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
