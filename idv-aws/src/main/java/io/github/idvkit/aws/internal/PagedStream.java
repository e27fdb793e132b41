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
   * Returns the items of a paginator, lazily.
   *
   * @param provider the provider, for example {@code "s3"}
   * @param operation the paged operation, for example {@code "ListObjectsV2"}
   * @param resource a safe description of the resource
   * @param items starts the paginator and returns its item iterator (no call is made until the
   *     iterator is asked for its first item)
   * @param <T> the item type
   * @return the items, read page by page
   * @throws io.github.idvkit.IdvException the translated failure of the first page
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
