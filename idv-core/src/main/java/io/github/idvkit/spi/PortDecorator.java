package io.github.idvkit.spi;

/**
 * Wraps the five provider ports of a verifier as it is built, to observe or adapt every provider
 * call without changing the provider: metrics, tracing, auditing, test probes.
 *
 * <pre>{@code
 * IdentityVerifier idv = LocalIdentityVerifier.builder()
 *     .dataDirectory(dir)
 *     .decoratePorts(ObservedPorts.decorator(observationRegistry, "local"))
 *     .build();
 * }</pre>
 *
 * <p>Each method receives the port the provider built and returns the port the verifier uses: the
 * same one, or a wrapper that delegates to it. A wrapper must keep the port's contract (what it
 * returns, what it throws, its thread-safety); it must not close the wrapped port, which the
 * verifier and its provider close as before. Methods are called once per built verifier, on the
 * building thread. A face index wrapper extends {@link ForwardingFaceIndex}: {@link FaceIndex} has
 * default methods whose answer must come from the wrapped index (a wrapper that implements the
 * interface directly answers them with the defaults, and on Rekognition's Users API no face would
 * ever be associated with its user).
 */
public interface PortDecorator {

  /**
   * Wraps the face detector.
   *
   * @param faceDetector the provider's detector
   * @return the detector the verifier uses
   */
  FaceDetector faceDetector(FaceDetector faceDetector);

  /**
   * Wraps the face comparer.
   *
   * @param faceComparer the provider's comparer
   * @return the comparer the verifier uses
   */
  FaceComparer faceComparer(FaceComparer faceComparer);

  /**
   * Wraps the face index.
   *
   * @param faceIndex the provider's index
   * @return the index the verifier uses
   */
  FaceIndex faceIndex(FaceIndex faceIndex);

  /**
   * Wraps the image store.
   *
   * @param imageStore the provider's store
   * @return the store the verifier uses
   */
  ImageStore imageStore(ImageStore imageStore);

  /**
   * Wraps the face record store.
   *
   * @param faceRecordStore the provider's store
   * @return the store the verifier uses
   */
  FaceRecordStore faceRecordStore(FaceRecordStore faceRecordStore);
}
