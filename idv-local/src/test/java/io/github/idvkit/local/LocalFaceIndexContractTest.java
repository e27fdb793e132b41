package io.github.idvkit.local;

import io.github.idvkit.local.internal.AtomicFiles;
import io.github.idvkit.spi.FaceIndex;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.FaceIndexContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The local index passes the index contract on real photos, each test in a fresh directory. */
class LocalFaceIndexContractTest extends FaceIndexContract {

  private Path dir;
  private LocalFaceIndex index;

  @Override
  protected FaceIndex newSubject() {
    try {
      dir = Files.createTempDirectory("idv-index");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    index = LocalFaceIndex.builder().engine(SharedLocalEngine.get()).directory(dir).build();
    return index;
  }

  @Override
  protected ContractFaces faces() {
    return RealFaces.contractFaces();
  }

  @Override
  protected void cleanUp() {
    index.close();
    try {
      AtomicFiles.deleteTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
