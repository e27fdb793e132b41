package io.github.idvkit.testkit;

import java.util.List;
import org.immutables.value.Value;

/**
 * One call a fake received: the operation and its arguments, recorded before any scripted fault
 * is applied, so failed calls are recorded too.
 *
 * <p>Arguments are the values passed ({@link io.github.idvkit.FaceImage}, {@link
 * io.github.idvkit.UserId}, ...), whose {@code toString()} never shows image bytes or raw user ids.
 */
@Value.Immutable
public interface Call {

  /** The operation, named after the port's method, for example {@code "index"}. */
  String operation();

  /** The arguments, in the method's order; collections are copied when the call is made. */
  List<Object> arguments();

  /**
   * Returns the first argument of {@code type}.
   *
   * @param type the argument's type
   * @param <T> the type
   * @return the argument
   * @throws IllegalArgumentException if no argument has that type
   */
  default <T> T argument(Class<T> type) {
    return arguments().stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException(
                "The " + operation() + " call has no " + type.getSimpleName() + " argument"));
  }

  /**
   * Returns a call.
   *
   * @param operation the operation
   * @param arguments the arguments
   * @return the call
   */
  static Call of(String operation, List<?> arguments) {
    return ImmutableCall.builder().operation(operation).addAllArguments(arguments).build();
  }
}
