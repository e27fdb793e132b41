package io.github.idvkit.examples;

import io.github.idvkit.local.LocalFaceEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options that choose a provider, shared (as a picocli mixin) by the demo, the tutorial
 * programs and every {@code idv} command. Each option falls back to an environment variable.
 *
 * <p>The provider is, in order: {@code --provider}; {@code IDV_PROVIDER}; {@code aws} if any of
 * {@code --collection}, {@code --bucket} or {@code --table} is given; otherwise {@code local}.
 */
public final class ProviderOptions {

  /** The local data directory when none is given and the program keeps its data. */
  public static final Path DEFAULT_DATA_DIRECTORY = Path.of("idv-data");

  @Spec(Spec.Target.MIXEE)
  @Nullable CommandSpec spec;

  @Option(
      names = "--provider",
      paramLabel = "local|aws|memory",
      description = "Where faces are checked and stored: local (offline, the default), aws or memory."
          + " Env: IDV_PROVIDER.")
  Backend.@Nullable Kind provider;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "local: the data directory (index/, images/, records/). Env: IDV_DATA_DIR.")
  @Nullable Path dataDirectory;

  @Option(names = "--region", paramLabel = "REGION", description = "aws: the region. Env: IDV_AWS_REGION, AWS_REGION.")
  @Nullable String region;

  @Option(names = "--collection", paramLabel = "ID", description = "aws: the Rekognition collection. Env: IDV_COLLECTION.")
  @Nullable String collection;

  @Option(names = "--bucket", paramLabel = "NAME", description = "aws: the S3 bucket for images. Env: IDV_BUCKET.")
  @Nullable String bucket;

  @Option(names = "--table", paramLabel = "NAME", description = "aws: the DynamoDB table for face records. Env: IDV_TABLE.")
  @Nullable String table;

  @Option(names = {"-v", "--verbose"}, description = "Log idv's decisions (DEBUG) and show stack traces of internal errors.")
  void verbose(boolean on) {
    if (on) {
      Launcher.verbose();
    }
  }

  private Map<String, String> environment = System.getenv();
  private @Nullable LocalFaceEngine engine;

  /** Creates the options; picocli fills them in. */
  public ProviderOptions() {}

  /**
   * Reads the fallbacks from this map instead of the process environment (for tests).
   *
   * @param environment the variables
   * @return these options
   */
  public ProviderOptions environment(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
    return this;
  }

  /**
   * Uses this engine for the local provider instead of loading one, and leaves it open (for tests
   * that share one engine).
   *
   * @param engine the engine
   * @return these options
   */
  public ProviderOptions engine(LocalFaceEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
    return this;
  }

  /**
   * Takes every option not given here from {@code outer}: the options a user typed before the
   * subcommand ({@code idv --provider local register ...}) fill in those not typed after it. The
   * engine given to {@code outer} is shared too.
   *
   * @param outer the options of the enclosing command
   * @return these options
   */
  public ProviderOptions inheritFrom(ProviderOptions outer) {
    Objects.requireNonNull(outer, "outer");
    if (provider == null) {
      provider = outer.provider;
    }
    if (dataDirectory == null) {
      dataDirectory = outer.dataDirectory;
    }
    if (region == null) {
      region = outer.region;
    }
    if (collection == null) {
      collection = outer.collection;
    }
    if (bucket == null) {
      bucket = outer.bucket;
    }
    if (table == null) {
      table = outer.table;
    }
    if (engine == null) {
      engine = outer.engine;
    }
    return this;
  }

  /**
   * Chooses the provider.
   *
   * @param kind the provider
   * @return these options
   */
  public ProviderOptions provider(Backend.Kind kind) {
    this.provider = Objects.requireNonNull(kind, "kind");
    return this;
  }

  /**
   * Returns the chosen provider.
   *
   * @return the provider
   * @throws ParameterException if {@code IDV_PROVIDER} names no provider
   */
  public Backend.Kind kind() {
    if (provider != null) {
      return provider;
    }
    String fromEnvironment = environment.get("IDV_PROVIDER");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      try {
        return Backend.Kind.valueOf(fromEnvironment.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw usage("IDV_PROVIDER is '" + fromEnvironment + "'; use local, aws or memory");
      }
    }
    if (collection != null || bucket != null || table != null) {
      return Backend.Kind.AWS;
    }
    return Backend.Kind.LOCAL;
  }

  /**
   * Opens the chosen provider.
   *
   * @param temporaryByDefault whether the local provider uses a new temporary directory (deleted
   *     when the backend closes) when no data directory is given, instead of {@link
   *     #DEFAULT_DATA_DIRECTORY}
   * @return the backend
   * @throws ParameterException if the AWS resources are incomplete
   * @throws io.github.idvkit.ConfigurationException if the local engine cannot load
   */
  public Backend open(boolean temporaryByDefault) {
    return switch (kind()) {
      case LOCAL -> {
        Path given = dataDirectory != null ? dataDirectory : pathFromEnvironment("IDV_DATA_DIR");
        if (given != null) {
          yield Backend.local(given, false, engine);
        }
        if (!temporaryByDefault) {
          yield Backend.local(DEFAULT_DATA_DIRECTORY, false, engine);
        }
        try {
          yield Backend.local(Files.createTempDirectory("idv-demo-"), true, engine);
        } catch (IOException e) {
          throw new UncheckedIOException("Could not create a temporary data directory", e);
        }
      }
      case AWS -> Backend.aws(awsResources());
      case MEMORY -> Backend.memory();
    };
  }

  /**
   * Returns the AWS resources from the options and environment.
   *
   * @return the resources
   * @throws ParameterException if the collection, bucket or table is missing
   */
  public Backend.AwsResources awsResources() {
    String c = valueOrEnvironment(collection, "IDV_COLLECTION");
    String b = valueOrEnvironment(bucket, "IDV_BUCKET");
    String t = valueOrEnvironment(table, "IDV_TABLE");
    List<String> missing = new ArrayList<>();
    if (c == null) {
      missing.add("--collection (IDV_COLLECTION)");
    }
    if (b == null) {
      missing.add("--bucket (IDV_BUCKET)");
    }
    if (t == null) {
      missing.add("--table (IDV_TABLE)");
    }
    if (!missing.isEmpty()) {
      throw usage("the aws provider needs " + String.join(", ", missing));
    }
    String r = valueOrEnvironment(region, "IDV_AWS_REGION");
    if (r == null) {
      r = valueOrEnvironment(null, "AWS_REGION");
    }
    try {
      return new Backend.AwsResources(r, Objects.requireNonNull(c), Objects.requireNonNull(b), Objects.requireNonNull(t));
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private @Nullable String valueOrEnvironment(@Nullable String value, String variable) {
    if (value != null && !value.isBlank()) {
      return value;
    }
    String fromEnvironment = environment.get(variable);
    return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.trim();
  }

  private @Nullable Path pathFromEnvironment(String variable) {
    String value = valueOrEnvironment(null, variable);
    return value == null ? null : Path.of(value);
  }

  private RuntimeException usage(String message) {
    if (spec == null) {
      return new IllegalArgumentException(message);
    }
    return new ParameterException(spec.commandLine(), message);
  }
}
