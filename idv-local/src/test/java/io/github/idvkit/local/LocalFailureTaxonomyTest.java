package io.github.idvkit.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.IdentityVerifier;
import io.github.idvkit.IdvException;
import io.github.idvkit.ProviderException;
import io.github.idvkit.local.internal.CorruptDataException;
import io.github.idvkit.local.internal.LocalFailures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * idv-local's failure taxonomy: what only a person can fix (a damaged or foreign journal, a data
 * directory that is a file, permission denied, a read-only disk, a collection of other models) is
 * a non-retryable {@link ConfigurationException} naming the file and the fix; only what may pass by
 * itself stays a retryable {@link ProviderException}.
 */
class LocalFailureTaxonomyTest {

  @TempDir Path dir;

  private IdentityVerifier verifier() {
    return LocalIdentityVerifier.builder().dataDirectory(dir).engine(SharedLocalEngine.get()).build();
  }

  private static List<Path> journals(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".journal")).toList();
    }
  }

  @Test
  void build_corruptFaceJournal_isConfigurationExceptionNamingTheFileAndTheFix() throws Exception {
    try (IdentityVerifier idv = verifier()) {
      idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA()));
    }
    List<Path> faceJournals = journals(dir.resolve("index"));
    assertThat(faceJournals).isNotEmpty();
    for (Path journal : faceJournals) {
      Files.writeString(journal, "this is not an idv journal at all", StandardCharsets.UTF_8);
    }

    Throwable thrown = catchThrowable(this::verifier);

    assertThat(thrown).isInstanceOf(ConfigurationException.class);
    assertThat(((IdvException) thrown).retryable()).isFalse();
    assertThat(thrown.getMessage())
        .contains("Not an idv journal: " + faceJournals.get(0).toAbsolutePath())
        .contains("restore the data directory from a backup, or move it away")
        .doesNotContain("try again");
  }

  @Test
  void build_corruptRecordJournal_isConfigurationException() throws Exception {
    try (IdentityVerifier idv = verifier()) {
      idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA()));
    }
    List<Path> recordJournals = journals(dir.resolve("records"));
    assertThat(recordJournals).isNotEmpty();
    for (Path journal : recordJournals) {
      Files.write(journal, new byte[64]);
    }

    Throwable thrown = catchThrowable(this::verifier);

    assertThat(thrown).isInstanceOf(ConfigurationException.class).hasMessageContaining("Not an idv journal");
  }

  @Test
  void build_dataDirectoryIsAFile_isConfigurationException() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");

    Throwable thrown = catchThrowable(() ->
        LocalIdentityVerifier.builder().dataDirectory(file).engine(SharedLocalEngine.get()).build());

    assertThat(thrown).isInstanceOf(ConfigurationException.class).hasMessageContaining(file.toString());
  }

  @Test
  void build_collectionOfAnotherModel_isRefused() throws Exception {
    try (IdentityVerifier idv = verifier()) {
      idv.register(req -> req.userId("alice@example.com").selfie(RealFaces.personA()));
    }
    Path properties = dir.resolve("index/faces/collection.properties");
    Files.writeString(properties,
        Files.readString(properties).replaceAll("modelVersion=.*", "modelVersion=another-model"));

    Throwable thrown = catchThrowable(this::verifier);

    assertThat(thrown).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("was made by model another-model, not " + SharedLocalEngine.get().modelVersion())
        .hasMessageContaining("collection.properties");
  }

  @Test
  void failed_setUpProblems_areConfigurationExceptions() {
    List<Exception> setUp = List.of(
        new CorruptDataException("Not an idv journal: /data/index/faces/faces-00.journal"),
        new AccessDeniedException("/data/records"),
        new NotDirectoryException("/data/images"),
        new FileSystemException("/data/records/x", null, "Read-only file system"));

    for (Exception cause : setUp) {
      IdvException translated = LocalFailures.failed("OpenCollection", cause);

      assertThat(translated).as(cause.toString()).isInstanceOf(ConfigurationException.class).hasCause(cause);
      assertThat(translated.retryable()).isFalse();
    }
  }

  @Test
  void failed_transientProblems_stayRetryable() {
    IdvException full = LocalFailures.failed(
        "PutImage", new FileSystemException("/data/images/x", null, "No space left on device"));
    IdvException io = LocalFailures.failed("OpenRecords", new IOException("Input/output error"));

    assertThat(full).isInstanceOf(ProviderException.class);
    assertThat(full.retryable()).isTrue();
    assertThat(io.retryable()).isTrue();
  }
}
