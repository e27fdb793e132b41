package io.github.idvkit.testkit;

import io.github.idvkit.spi.FaceRecordStore;
import io.github.idvkit.testkit.contract.FaceRecordStoreContract;

class InMemoryFaceRecordStoreTest extends FaceRecordStoreContract {

  @Override
  protected FaceRecordStore newSubject() {
    return InMemoryFaceRecordStore.create();
  }
}
