package io.github.idvkit.testkit;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * A fake port whose failures can be scripted and whose calls are recorded, in the manner of
 * OkHttp's MockWebServer. Every fake of this module is one.
 *
 * <pre>{@code
 * FakeFaceDetector detector = FakeFaceDetector.create();
 * detector.faults().failNext(Fault.throttled());
 * ... run the code under test ...
 * Call call = detector.takeCall();
 * assertThat(call.operation()).isEqualTo("detect");
 * }</pre>
 */
public interface ScriptableFake {

  /**
   * Returns this fake's failure script.
   *
   * @return the script
   */
  Faults faults();

  /**
   * Returns every call received so far, oldest first, taken or not.
   *
   * @return the calls
   */
  List<Call> calls();

  /**
   * Returns every call of {@code operation} received so far, oldest first.
   *
   * @param operation the operation, for example {@code "index"}
   * @return the calls
   */
  default List<Call> calls(String operation) {
    return calls().stream().filter(call -> call.operation().equals(operation)).toList();
  }

  /**
   * Returns the oldest call not taken yet, and marks it taken.
   *
   * @return the call
   * @throws NoSuchElementException if every call was taken
   */
  Call takeCall();
}
