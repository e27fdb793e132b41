package io.github.idvkit.local;

import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.local.internal.AtomicFiles;
import io.github.idvkit.spi.FaceComparer;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.FaceComparerContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** The local comparer passes the comparer contract on real photos, reading stored sources from disk. */
class LocalFaceComparerContractTest extends FaceComparerContract {

  private Path dir;
  private FileSystemImageStore store;

  @Override
  protected FaceComparer newSubject() {
    try {
      dir = Files.createTempDirectory("idv-comparer");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    store = FileSystemImageStore.builder().directory(dir).build();
    return LocalFaceComparer.builder().engine(SharedLocalEngine.get()).imageStore(store).build();
  }

  @Override
  protected ContractFaces faces() {
    return RealFaces.contractFaces();
  }

  @Override
  protected StoredImage store(FaceImage image) {
    return store.put(UserId.of("id-photos"), FaceId.of(UUID.randomUUID().toString()), image);
  }

  @Override
  protected StoredImage missingStoredImage() {
    return new StoredImage(dir.resolve("faces/0000/none.jpg").toUri());
  }

  @Override
  protected void cleanUp() {
    try {
      AtomicFiles.deleteTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
