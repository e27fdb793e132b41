/**
 * The abstract contract suites (JUnit 5) every provider of an idv port passes: {@link
 * io.github.idvkit.testkit.contract.FaceDetectorContract}, {@link
 * io.github.idvkit.testkit.contract.FaceComparerContract}, {@link
 * io.github.idvkit.testkit.contract.FaceIndexContract}, {@link
 * io.github.idvkit.testkit.contract.ImageStoreContract} and {@link
 * io.github.idvkit.testkit.contract.FaceRecordStoreContract}.
 *
 * <p>A provider's test extends the suite and supplies the subject under test and its test faces:
 *
 * <pre>{@code
 * class RekognitionFaceIndexIT extends FaceIndexContract {
 *   @Override protected FaceIndex newSubject() { return RekognitionFaceIndex.builder()...build(); }
 *   @Override protected ContractFaces faces() { return ContractFaces.synthetic(); }
 *   @Override protected void cleanUp() { ... delete the collection ... }
 * }
 * }</pre>
 *
 * <p>Each test checks one sentence of the port's Javadoc contract, and checks facts only (the same
 * person scores higher than different people), never values that only one provider gives. Each
 * suite also fails a test whose captured console output holds the bytes of a test image in base64
 * or hex: run with the SLF4J binding at DEBUG for the check to see every log line.
 */
@NullMarked
package io.github.idvkit.testkit.contract;

import org.jspecify.annotations.NullMarked;
