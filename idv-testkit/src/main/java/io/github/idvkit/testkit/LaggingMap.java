package io.github.idvkit.testkit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A map whose writes become visible to reads later, for {@link Faults#lag(int)}: every put or
 * removal is a version stamped with the read number from which readers see it. The latest
 * version ({@link #latest}) is what conditional writes check, as in a store with consistent
 * writes and eventually consistent reads. Thread-safe; keys keep their first insertion order.
 */
final class LaggingMap<K, V> {

  private record Version<V>(@Nullable V value, long visibleFrom) {}

  private final Map<K, Deque<Version<V>>> versions = new LinkedHashMap<>();

  synchronized Optional<V> latest(K key) {
    Deque<Version<V>> deque = versions.get(key);
    return deque == null ? Optional.empty() : Optional.ofNullable(deque.peekLast().value());
  }

  synchronized List<V> latestValues() {
    List<V> values = new ArrayList<>();
    for (Deque<Version<V>> deque : versions.values()) {
      V value = deque.peekLast().value();
      if (value != null) {
        values.add(value);
      }
    }
    return values;
  }

  synchronized void put(K key, V value, long visibleFrom) {
    versions.computeIfAbsent(key, k -> new ArrayDeque<>()).add(new Version<>(value, visibleFrom));
  }

  /** Removes {@code key}; returns whether it had a value. */
  synchronized boolean remove(K key, long visibleFrom) {
    Deque<Version<V>> deque = versions.get(key);
    if (deque == null || deque.peekLast().value() == null) {
      return false;
    }
    deque.add(new Version<>(null, visibleFrom));
    return true;
  }

  synchronized Optional<V> visible(K key, long read) {
    return Optional.ofNullable(visibleValue(key, read));
  }

  synchronized List<V> visibleValues(long read) {
    List<V> values = new ArrayList<>();
    for (K key : new ArrayList<>(versions.keySet())) {
      V value = visibleValue(key, read);
      if (value != null) {
        values.add(value);
      }
    }
    return values;
  }

  synchronized void clear() {
    versions.clear();
  }

  private @Nullable V visibleValue(K key, long read) {
    Deque<Version<V>> deque = versions.get(key);
    if (deque == null) {
      return null;
    }
    Version<V> seen = null;
    for (Iterator<Version<V>> it = deque.descendingIterator(); it.hasNext(); ) {
      Version<V> version = it.next();
      if (version.visibleFrom() <= read) {
        seen = version;
        break;
      }
    }
    if (seen == null) {
      return null;
    }
    // Versions older than the one seen can never be seen again: reads only move forward.
    while (deque.peekFirst() != seen) {
      deque.pollFirst();
    }
    if (deque.size() == 1 && seen.value() == null) {
      versions.remove(key);
    }
    return seen.value();
  }
}
