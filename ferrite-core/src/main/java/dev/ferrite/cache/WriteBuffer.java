package dev.ferrite.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The bounded buffer of writes waiting to be applied to the eviction policy: a multi-producer,
 * single-consumer ring with per-slot sequence numbers (Dmitry Vyukov's bounded queue, one
 * consumer). Unlike reads, writes are never dropped: when the ring is full the writer takes the
 * eviction lock and drains it itself, which is what bounds the size overshoot.
 */
final class WriteBuffer {
  private static final VarHandle TAIL;
  private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);

  static {
    try {
      TAIL = MethodHandles.lookup().findVarHandle(WriteBuffer.class, "tail", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Object[] items;
  private final long[] seq;
  private final int mask;
  private long p01, p02, p03, p04, p05, p06, p07;
  private volatile long tail;
  private long p11, p12, p13, p14, p15, p16, p17;
  /** Consumer index; only the eviction lock's holder touches it. */
  private long head;

  WriteBuffer(int capacity) {
    int n = Integer.highestOneBit(Math.max(2, capacity) - 1) << 1;
    items = new Object[n];
    seq = new long[n];
    for (int i = 0; i < n; i++) {
      seq[i] = i;
    }
    mask = n - 1;
  }

  int capacity() {
    return items.length;
  }

  /** Adds {@code e} unless the ring is full; never waits. */
  boolean offer(Object e) {
    for (;;) {
      long t = tail;
      int i = (int) t & mask;
      long s = (long) SEQ.getAcquire(seq, i);
      if (s == t) {
        if (TAIL.compareAndSet(this, t, t + 1)) {
          items[i] = e;
          SEQ.setRelease(seq, i, t + 1);
          return true;
        }
      } else if (s < t) {
        return false; // the slot still holds the previous lap's item: full
      }
      Thread.onSpinWait();
    }
  }

  /** Takes the oldest published item, or null; consumer only. */
  Object poll() {
    long h = head;
    int i = (int) h & mask;
    if ((long) SEQ.getAcquire(seq, i) != h + 1) {
      return null;
    }
    Object e = items[i];
    items[i] = null;
    SEQ.setRelease(seq, i, h + items.length);
    head = h + 1;
    return e;
  }

  /** {@return whether the consumer has items to take (racy; a hint)} */
  boolean isEmpty() {
    return (long) SEQ.getAcquire(seq, (int) head & mask) != head + 1;
  }
}
