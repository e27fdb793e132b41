package io.github.idvkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idvkit.ConfigurationException;
import io.github.idvkit.FaceId;
import io.github.idvkit.FaceImage;
import io.github.idvkit.StoredImage;
import io.github.idvkit.UserId;
import io.github.idvkit.spi.ImageKeys;
import io.github.idvkit.spi.ImageStore;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.ImageStoreContract;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryImageStoreTest extends ImageStoreContract {

  private final UserId alice = UserId.of("alice@example.com");
  private final FaceId face = FaceId.of("face-1");

  private InMemoryImageStore subject;

  @Override
  protected ImageStore newSubject() {
    subject = InMemoryImageStore.create("tenant-images", "idv/");
    return subject;
  }

  @Override
  protected Optional<StoredImage> addForeignObject(String key, FaceImage image) {
    return Optional.of(subject.addForeignObject(key, image));
  }

  @Override
  protected boolean foreignObjectExists(StoredImage reference) {
    return subject.holds(reference);
  }

  @Override
  protected ContractFaces faces() {
    return ContractFaces.synthetic();
  }

  @Test
  void put_defaultStore_returnsMemoryReference() {
    StoredImage reference = InMemoryImageStore.create().put(alice, face, TestFaces.noFace());

    assertThat(reference.uri().toString()).isEqualTo("memory://images/" + ImageKeys.key(alice, face));
  }

  @Test
  void get_referenceOfAnotherStore_throwsConfigurationException() {
    InMemoryImageStore store = InMemoryImageStore.create();

    assertThatThrownBy(() -> store.get(StoredImage.of("s3://bucket/faces/x.jpg")))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> store.get(StoredImage.of("memory://other/faces/x.jpg")))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void create_prefixEscapingItsRoot_isRefused() {
    assertThatThrownBy(() -> InMemoryImageStore.create("images", "../x/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InMemoryImageStore.create("images", "no-slash"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void images_afterPutAndDelete_showLatestState() {
    InMemoryImageStore store = InMemoryImageStore.create();
    StoredImage reference = store.put(alice, face, TestFaces.noFace());

    assertThat(store.images()).containsExactly(reference);
    store.delete(reference);
    assertThat(store.images()).isEmpty();
  }
}
