package dev.ferrite.channel;

import dev.ferrite.internal.Spin;
import dev.ferrite.internal.WaitList;
import dev.ferrite.internal.WaitQueue;
import dev.ferrite.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/** Padding that keeps {@code head} off the cache lines of the fields before it. */
abstract class ArrayCorePad0<T> extends Core<T> {
  long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** The receivers' index. */
abstract class ArrayCoreHead<T> extends ArrayCorePad0<T> {
  volatile long head;
}

abstract class ArrayCorePad1<T> extends ArrayCoreHead<T> {
  long p10, p11, p12, p13, p14, p15, p16, p17;
}

/**
 * The senders' index, with the close mark, and the senders' racy cache of how far they may go
 * (see ArrayCore's essay). The cache shares the senders' cache line: a sender refreshes it as
 * often as every few messages when the ring is nearly full, and on any other line each refresh
 * would evict a line the receivers read on every message.
 */
abstract class ArrayCoreTail<T> extends ArrayCorePad1<T> {
  volatile long tail;
  long producerLimit;
}

abstract class ArrayCorePad2<T> extends ArrayCoreTail<T> {
  long p20, p21, p22, p23, p24, p25, p26, p27;
}

/**
 * The bounded flavour: a ring of slots, with room for {@code capacity} messages.
 *
 * <h2>Algorithm</h2>
 * Dmitry Vyukov's bounded MPMC queue with per-slot sequence numbers, as in JCTools'
 * {@code MpmcArrayQueue} and crossbeam-channel's {@code flavors/array}, plus a close mark. Positions
 * are plain counters: {@code tail} for senders (its sign bit is the close mark), {@code head} for
 * receivers; position {@code p} uses slot {@code p & mask} of a ring of {@code size} slots, a power
 * of two. Each slot has a sequence number:
 * <ul>
 *   <li>{@code seq == p}: free for the sender at position {@code p}. The sender claims the position
 *       by CAS on {@code tail}, writes the message, and publishes it with a release store of
 *       {@code seq = p + 1}.
 *   <li>{@code seq == p + 1}: holds the message for the receiver at position {@code p}. The
 *       receiver claims by CAS on {@code head}, reads the message, and frees the slot for the next
 *       lap with {@code seq = p + size}.
 *   <li>{@code seq} behind: the slot is still in use by the previous lap ("full" if {@code head}
 *       confirms) or not yet written ("empty" if {@code tail} confirms); {@code seq} ahead: the
 *       caller's view of the index is stale. If a partner is between its CAS and its store, the
 *       caller waits a few instructions.
 * </ul>
 * Sequence numbers are stored as {@code int}s, the low 32 bits of the positions, and compared
 * by wrapping difference ({@code lag = seq - (int) p}): sixteen fit in a cache line instead of
 * eight, which halves the cache-line transfers between a sender and a receiver that stream
 * through the ring (they dominate the cost per message on a small VM). The comparison is exact
 * while a thread's view of an index is less than 2^31 positions stale; a thread that stalls
 * longer can misread a slot, but every decision is confirmed by the CAS on the full 64-bit index
 * or by re-reading it, so a misread costs a retry, never a lost or duplicated message.
 *
 * <p>Spinning waiters (see {@link Core}) poll hints rather than the indices: a sender on a full
 * ring waits until the slot of position {@code tail - capacity + slack - 1} is freed (then
 * {@code slack} slots are free: a quarter of the capacity, at most 128), a receiver first waits
 * for the slot of position {@code head + slack - 1} to be written. So when one side outruns the
 * other they resume with a batch and work on different cache lines, instead of handing single
 * slots back and forth.
 *
 * <p>The ring has more slots than the capacity (twice as many, rounded up to a power of two) so that
 * messages removed from the middle through the {@link java.util.concurrent.BlockingQueue} view
 * (below) free room at once. The capacity itself is enforced by a limit: a sender may claim
 * position {@code p} only while {@code p < head + capacity + tombstones}. Senders cache that limit
 * in {@code producerLimit} and re-read {@code head} only when they reach it, so a sender touches
 * the receivers' cache line about once per capacity-many messages, not once per message.
 *
 * <p>The CAS on an index is a full fence, which makes the "full"/"empty" verdicts and the
 * wait-queue notifications a Dekker pair (see {@link WaitQueue}): an operation never pays for a
 * wake-up unless a thread is registered, and a registered thread never misses one.
 *
 * <h2>Removal from the middle</h2>
 * The view may remove a buffered message: it swaps the slot's message for {@link Core#TOMBSTONE}
 * by CAS and counts it in {@code tombstones}; receivers skip tombstones and count them down.
 * Receivers take messages with a plain read until the first removal ever; from then on
 * ({@code removals} set) they take them with an atomic swap, so a message goes either to the
 * remover or to a receiver. A remover sets {@code removals} and only then reads {@code head}, and
 * touches only positions at or after it; a receiver reads {@code removals} after its CAS on
 * {@code head}. So every receiver that could meet a tombstone sees {@code removals} set (volatile
 * accesses are totally ordered), and channels never used that way pay one predictable volatile
 * read. While a receiver has passed a tombstone but not yet counted it down, the limit can be
 * one too high: with concurrent removals the capacity may be exceeded by the number of such
 * in-flight skips, never otherwise.
 */
final class ArrayCore<T> extends ArrayCorePad2<T> {
  private static final long CLOSED_BIT = Long.MIN_VALUE;

  private final int cap;
  private final int mask;
  private final int slack;
  private final int[] seqs;
  private final Object[] values;
  private final WaitQueue sendWaiters = new WaitQueue();
  private final WaitQueue recvWaiters = new WaitQueue();
  private volatile boolean removals;
  private volatile int tombstones;

  ArrayCore(int capacity) {
    this(capacity, 0L);
  }

  /**
   * Creates a ring whose first message gets position {@code start} instead of 0, so tests can
   * cross the wrap-around of the 32-bit sequence numbers within a few messages.
   */
  ArrayCore(int capacity, long start) {
    this.cap = capacity;
    int size = Integer.highestOneBit(2 * capacity - 1) << 1; // the power of two >= 2 * capacity
    this.mask = size - 1;
    this.slack = Math.max(1, Math.min(capacity >> 2, MAX_SLACK));
    this.seqs = new int[size];
    this.values = new Object[size];
    for (long p = start; p < start + size; p++) {
      seqs[(int) p & mask] = (int) p;
    }
    this.head = start;
    this.tail = start;
    this.producerLimit = start + capacity;
    VarHandle.releaseFence();
  }

  @Override
  WaitQueue sendWaiters() {
    return sendWaiters;
  }

  @Override
  WaitQueue recvWaiters() {
    return recvWaiters;
  }

  /** {@return the highest position + 1 a sender may claim now} Reads head (a volatile read). */
  private long limit() {
    long h = (long) HEAD.getVolatile(this);
    return h + cap + Math.min(tombstones, mask + 1 - cap);
  }

  /** Free slots a spinning sender waits for on a full channel, messages a receiver waits for. */
  private static final int MAX_SLACK = 128;

  @Override
  boolean sendMayProceed() {
    long t = (long) TAIL.getOpaque(this);
    if (t < 0L || t < (long) LIMIT.getOpaque(this)) {
      return true;
    }
    // Room for `slack` messages once the receiver of position q has freed its slot.
    long q = t - cap + slack - 1;
    return q < 0L || (int) SEQ.getAcquire(seqs, (int) q & mask) - (int) q > 1;
  }

  @Override
  boolean recvMayProceed(boolean batch) {
    long p = (long) HEAD.getOpaque(this);
    if (batch) {
      p += slack - 1; // the last of `slack` messages
    }
    return (int) SEQ.getAcquire(seqs, (int) p & mask) - (int) p > 0;
  }

  @Override
  int trySend(T message) {
    long tail = (long) TAIL.getOpaque(this);
    for (int spins = 0; ; ) {
      if (tail < 0) {
        return CLOSED;
      }
      if (tail >= (long) LIMIT.getOpaque(this)) {
        long lim = limit();
        if (tail >= lim) {
          return FULL;
        }
        LIMIT.setOpaque(this, lim);
      }
      int index = (int) tail & mask;
      int lag = (int) SEQ.getAcquire(seqs, index) - (int) tail;
      if (lag == 0) {
        long seen = (long) TAIL.compareAndExchange(this, tail, tail + 1);
        if (seen == tail) {
          values[index] = message;
          SEQ.setRelease(seqs, index, (int) tail + 1);
          if (recvWaiters.hasWaiters()) {
            recvWaiters.notifyOne();
          }
          return OK;
        }
        tail = seen;
      } else if (lag < 0) {
        // The previous lap's message is still there: the ring is physically full, which the
        // limit allows only while tombstones hold slots. Wait for a receiver to move on.
        if ((long) HEAD.getVolatile(this) + mask + 1 <= tail
            && (tombstones == 0 || !skipTombstones())) {
          return FULL;
        }
        tail = (long) TAIL.getVolatile(this);
      } else {
        tail = (long) TAIL.getVolatile(this);
      }
      Spin.snooze(spins++);
    }
  }

  @Override
  Object tryRecv() {
    long head = (long) HEAD.getOpaque(this);
    for (int spins = 0; ; ) {
      int index = (int) head & mask;
      int lag = (int) SEQ.getAcquire(seqs, index) - (int) head;
      if (lag == 1) {
        long seen = (long) HEAD.compareAndExchange(this, head, head + 1);
        if (seen == head) {
          Object v;
          if (removals) {
            v = VALUE.getAndSet(values, index, (Object) null);
          } else {
            v = values[index];
            values[index] = null;
          }
          SEQ.setRelease(seqs, index, (int) head + mask + 1);
          if (sendWaiters.hasWaiters()) {
            sendWaiters.notifyOne();
          }
          if (v == TOMBSTONE) {
            TOMBSTONES.getAndAdd(this, -1);
            head = (long) HEAD.getVolatile(this);
            continue;
          }
          return v;
        }
        head = seen;
      } else if (lag <= 0) {
        long tail = (long) TAIL.getVolatile(this);
        if ((tail & ~CLOSED_BIT) == head) {
          return tail < 0 ? CLOSED_MARK : EMPTY_MARK;
        }
        head = (long) HEAD.getVolatile(this);
      } else {
        head = (long) HEAD.getVolatile(this);
      }
      Spin.snooze(spins++);
    }
  }

  /** Takes tombstones off the head so the ring can accept; true if any was taken. */
  private boolean skipTombstones() {
    boolean any = false;
    for (;;) {
      long head = (long) HEAD.getVolatile(this);
      int index = (int) head & mask;
      if ((int) SEQ.getAcquire(seqs, index) != (int) head + 1
          || VALUE.getVolatile(values, index) != TOMBSTONE) {
        return any;
      }
      if (HEAD.compareAndSet(this, head, head + 1)) {
        // We own the position, and a tombstone never changes back: the slot holds it still.
        VALUE.setVolatile(values, index, (Object) null);
        SEQ.setRelease(seqs, index, (int) head + mask + 1);
        TOMBSTONES.getAndAdd(this, -1);
        any = true;
      }
    }
  }

  @Override
  void disconnect() {
    long prev = (long) TAIL.getAndBitwiseOr(this, CLOSED_BIT);
    if (prev >= 0) {
      sendWaiters.closeAll();
      recvWaiters.closeAll();
    }
  }

  @Override
  boolean isDisconnected() {
    return tail < 0;
  }

  @Override
  int size() {
    for (;;) { // a consistent snapshot: indices only grow, and tombstones only grow while head stands
      long t = tail;
      long h = head;
      int k = tombstones;
      if (head == h && tail == t && tombstones == k) {
        return (int) Math.max(0, Math.min(cap, (t & ~CLOSED_BIT) - h - k));
      }
    }
  }

  @Override
  int capacity() {
    return cap;
  }

  @Override
  WaitList.Entry register(Waiter w, int claim, boolean sending, Object message) {
    WaitQueue q = sending ? sendWaiters : recvWaiters;
    WaitList.Entry e = q.register(w, claim);
    if (ready(sending)) {
      q.unregister(e);
      return null;
    }
    return e;
  }

  /** Whether an operation might complete now; read after registering (Dekker pair). */
  private boolean ready(boolean sending) {
    long t = (long) TAIL.getVolatile(this);
    if (t < 0) {
      return true;
    }
    return sending ? t < limit() : t != (long) HEAD.getVolatile(this);
  }

  @Override
  void unregister(WaitList.Entry e, boolean sending) {
    (sending ? sendWaiters : recvWaiters).unregister(e);
  }

  @Override
  Object peek() {
    for (;;) {
      long h = (long) HEAD.getVolatile(this);
      long t = (long) TAIL.getVolatile(this) & ~CLOSED_BIT;
      for (long pos = h; pos < t; pos++) {
        Object v = valueAt(pos);
        if (v != null) {
          return v;
        }
      }
      // Empty only if nothing moved meanwhile: then every slot scanned held a tombstone.
      if ((long) HEAD.getVolatile(this) == h && ((long) TAIL.getVolatile(this) & ~CLOSED_BIT) == t) {
        return null;
      }
    }
  }

  /**
   * {@return the message buffered at {@code pos} (a position a sender has claimed), or null if it
   * was taken} Waits out a sender between its claim and its write: the message was accepted at
   * the claim, so a scan must not miss it.
   */
  private Object valueAt(long pos) {
    int index = (int) pos & mask;
    int seq;
    for (int i = 0; (seq = (int) SEQ.getAcquire(seqs, index)) == (int) pos; i++) {
      Spin.snooze(i);
    }
    if (seq != (int) pos + 1) {
      return null;
    }
    Object v = VALUE.getVolatile(values, index);
    return v == TOMBSTONE ? null : v;
  }

  @Override
  void snapshot(List<Slot> out) {
    long h = (long) HEAD.getVolatile(this);
    long t = (long) TAIL.getVolatile(this) & ~CLOSED_BIT;
    for (long pos = h; pos < t; pos++) {
      Object v = valueAt(pos);
      if (v != null) {
        out.add(new Slot(null, pos, v));
      }
    }
  }

  @Override
  boolean isBuffered(Slot slot) {
    return slot.pos() >= (long) HEAD.getVolatile(this) && valueAt(slot.pos()) == slot.value();
  }

  @Override
  boolean removeSlot(Slot slot) {
    if (!removals) {
      removals = true;
    }
    long pos = slot.pos();
    if (pos < (long) HEAD.getVolatile(this)) {
      return false; // already taken, perhaps by a receiver that does not know about removals
    }
    int index = (int) pos & mask;
    if ((int) SEQ.getAcquire(seqs, index) != (int) pos + 1) {
      return false;
    }
    if (VALUE.compareAndSet(values, index, slot.value(), TOMBSTONE)) {
      TOMBSTONES.getAndAdd(this, 1);
      return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "bounded(" + cap + "), size=" + size() + (isDisconnected() ? ", closed" : "");
  }

  private static final VarHandle HEAD;
  private static final VarHandle TAIL;
  private static final VarHandle TOMBSTONES;
  private static final VarHandle LIMIT;
  private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(int[].class);
  private static final VarHandle VALUE = MethodHandles.arrayElementVarHandle(Object[].class);

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      HEAD = l.findVarHandle(ArrayCoreHead.class, "head", long.class);
      TAIL = l.findVarHandle(ArrayCoreTail.class, "tail", long.class);
      TOMBSTONES = l.findVarHandle(ArrayCore.class, "tombstones", int.class);
      LIMIT = l.findVarHandle(ArrayCoreTail.class, "producerLimit", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
