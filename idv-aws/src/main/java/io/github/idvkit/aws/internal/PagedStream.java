package io.github.idvkit.aws.internal;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Turns an AWS SDK paginator into a lazy {@link Stream} that translates the SDK's exceptions. Not
 * API.
 *
 * <p>The first page is fetched when the stream is made, so a missing resource or denied access
 * fails the call that asked for the listing; later pages are fetched as the stream is read, and a
 * failure there surfaces from the stream's terminal operation as the same {@code IdvException}.
 */
public final class PagedStream {

  private PagedStream() {}

  /**
   * Returns the items of a paginator, read page by page; {@code items} starts the paginator (no
   * call is made until its iterator is asked for the first item). The first page's failure is
   * thrown here, translated as {@link AwsExceptionTranslator#call} does.
   */
  public static <T> Stream<T> of(
      String provider, String operation, String resource, Supplier<Iterator<T>> items) {
    Iterator<T> pages = AwsExceptionTranslator.call(provider, operation, resource, items);
    AwsExceptionTranslator.call(provider, operation, resource, pages::hasNext);
    Iterator<T> translated =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return AwsExceptionTranslator.call(provider, operation, resource, pages::hasNext);
          }

          @Override
          public T next() {
            return AwsExceptionTranslator.call(provider, operation, resource, pages::next);
          }
        };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(translated, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }
}
