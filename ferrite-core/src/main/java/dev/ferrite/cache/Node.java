package dev.ferrite.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One cache entry. The key is final; the value, weight and write time change in place, only
 * inside a {@code ConcurrentHashMap.compute} on the entry's key (so under its bin lock); the
 * access time is written by readers (opaque: a lost update only makes an entry look older).
 * The policy fields (queue links, queue, policyWeight) belong to the eviction lock.
 */
final class Node<K, V> {
  static final byte NONE = 0;
  static final byte WINDOW = 1;
  static final byte PROBATION = 2;
  static final byte PROTECTED = 3;

  private static final VarHandle ACCESS_TIME;
  private static final VarHandle RETIRED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      ACCESS_TIME = l.findVarHandle(Node.class, "accessTime", long.class);
      RETIRED = l.findVarHandle(Node.class, "retired", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final K key;
  volatile V value;
  volatile int weight;
  volatile long writeTime;
  private long accessTime;
  /** Set once the node has left the map (it is never re-inserted). */
  private volatile boolean retired;

  // ---- owned by the eviction lock ----
  Node<K, V> prev;
  Node<K, V> next;
  Node<K, V> writePrev;
  Node<K, V> writeNext;
  byte queue = NONE;
  boolean inWriteQueue;
  int policyWeight;
  int sketchHash;

  Node(K key, V value, int weight, long now) {
    this.key = key;
    this.value = value;
    this.weight = weight;
    this.writeTime = now;
    this.accessTime = now;
  }

  long accessTime() {
    return (long) ACCESS_TIME.getOpaque(this);
  }

  void setAccessTime(long now) {
    ACCESS_TIME.setOpaque(this, now);
  }

  boolean isRetired() {
    return retired;
  }

  /** Marks the node as removed from the map; returns false if it already was. */
  boolean retire() {
    return RETIRED.compareAndSet(this, false, true);
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
