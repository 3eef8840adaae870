package dev.ferrite.cache.blackbox;

import dev.ferrite.cache.RemovalCause;
import dev.ferrite.cache.RemovalListener;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A removal listener that records what it hears. */
final class Removals<K, V> implements RemovalListener<K, V> {
  record Event<K, V>(K key, V value, RemovalCause cause) {}

  final ConcurrentLinkedQueue<Event<K, V>> events = new ConcurrentLinkedQueue<>();

  @Override
  public void onRemoval(K key, V value, RemovalCause cause) {
    events.add(new Event<>(key, value, cause));
  }

  List<Event<K, V>> all() {
    return List.copyOf(events);
  }

  long count(RemovalCause cause) {
    return events.stream().filter(e -> e.cause() == cause).count();
  }
}
