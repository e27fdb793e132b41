package io.github.idvkit.local;

import io.github.idvkit.FaceImage;
import io.github.idvkit.StoredImage;
import io.github.idvkit.local.internal.AtomicFiles;
import io.github.idvkit.spi.ImageStore;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.ImageStoreContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/** The file-system image store passes the image store contract, encrypted at rest. */
class FileSystemImageStoreContractTest extends ImageStoreContract {

  private Path dir;

  @Override
  protected ImageStore newSubject() {
    try {
      dir = Files.createTempDirectory("idv-images");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return FileSystemImageStore.builder()
        .directory(dir)
        .encryptionKey(new SecretKeySpec(new byte[16], "AES"))
        .build();
  }

  @Override
  protected ContractFaces faces() {
    return ContractFaces.synthetic();
  }

  /** Another program's file in the store's directory. */
  @Override
  protected Optional<StoredImage> addForeignObject(String key, FaceImage image) {
    try {
      Path file = dir.resolve(key);
      Files.createDirectories(file.getParent());
      Files.write(file, image.bytes());
      return Optional.of(new StoredImage(file.toUri()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected boolean foreignObjectExists(StoredImage reference) {
    return Files.exists(Path.of(reference.uri()));
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
