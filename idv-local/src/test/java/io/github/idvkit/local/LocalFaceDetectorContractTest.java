package io.github.idvkit.local;

import io.github.idvkit.spi.FaceDetector;
import io.github.idvkit.testkit.contract.ContractFaces;
import io.github.idvkit.testkit.contract.FaceDetectorContract;

/** The local detector passes the detector contract on real photos. */
class LocalFaceDetectorContractTest extends FaceDetectorContract {

  @Override
  protected FaceDetector newSubject() {
    return LocalFaceDetector.builder().engine(SharedLocalEngine.get()).build();
  }

  @Override
  protected ContractFaces faces() {
    return RealFaces.contractFaces();
  }
}
