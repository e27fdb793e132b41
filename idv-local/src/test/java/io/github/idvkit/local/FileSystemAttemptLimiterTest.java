package io.github.idvkit.local;

import io.github.idvkit.spi.AttemptLimiter;
import io.github.idvkit.testkit.contract.AttemptLimiterContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileSystemAttemptLimiter} passes the attempt-limiter contract, including two limiters on
 * one directory (two app instances on one machine).
 */
class FileSystemAttemptLimiterTest extends AttemptLimiterContract {

  @TempDir Path dir;

  @Override
  protected AttemptLimiter newSubject() {
    return FileSystemAttemptLimiter.create(dir.resolve("attempts"));
  }

  @Override
  protected AttemptLimiter secondInstance() {
    return FileSystemAttemptLimiter.create(dir.resolve("attempts"));
  }
}
