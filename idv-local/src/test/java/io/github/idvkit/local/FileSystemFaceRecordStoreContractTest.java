package io.github.idvkit.local;

import io.github.idvkit.local.internal.AtomicFiles;
import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.testkit.contract.FaceRecordStoreContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The file-system record store passes the record store contract, each test in a fresh directory. */
class FileSystemFaceRecordStoreContractTest extends FaceRecordStoreContract {

  private Path dir;
  private FileSystemFaceRecordStore store;

  @Override
  protected FaceRecordStore newSubject() {
    try {
      dir = Files.createTempDirectory("idv-records");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    store = FileSystemFaceRecordStore.builder().directory(dir).build();
    return store;
  }

  @Override
  protected void cleanUp() {
    store.close();
    try {
      AtomicFiles.deleteTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
