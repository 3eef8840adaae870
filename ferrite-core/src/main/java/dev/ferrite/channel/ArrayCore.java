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

/** The senders' index, with the close mark. */
abstract class ArrayCoreTail<T> extends ArrayCorePad1<T> {
  volatile long tail;
}

abstract class ArrayCorePad2<T> extends ArrayCoreTail<T> {
  long p20, p21, p22, p23, p24, p25, p26, p27;
}

/**
 * The bounded flavour: a ring of {@code capacity} slots.
 *
 * <h2>Algorithm</h2>
 * Dmitry Vyukov's bounded MPMC queue, in the form crossbeam-channel's {@code flavors/array} gives
 * it (a close mark on the tail index). Each slot has a <i>stamp</i>. Indices {@code head} and
 * {@code tail} pack a lap number above the slot index: {@code index = pos & (markBit - 1)},
 * {@code lap = pos & -oneLap}, where {@code markBit} is the next power of two above the capacity
 * and {@code oneLap = 2 * markBit}; {@code markBit} set in {@code tail} means closed.
 * <ul>
 *   <li>A slot is free for the sender at position {@code t} when its stamp equals {@code t}; the
 *       sender claims the position by CAS on {@code tail}, writes the message, and publishes it by
 *       a release store of stamp {@code t + 1}.
 *   <li>It holds a message for the receiver at position {@code h} when its stamp is {@code h + 1};
 *       the receiver claims by CAS on {@code head}, reads the message and frees the slot for the
 *       next lap with stamp {@code h + oneLap}.
 *   <li>A stamp one lap behind means "full" if {@code head} confirms it; a stamp equal to the
 *       position for a receiver means "empty" if {@code tail} confirms it. Any other stamp means a
 *       partner is between its CAS and its stamp store: the caller waits a few instructions.
 * </ul>
 * The CAS on an index is a full fence, which makes the "full"/"empty" verdicts and the wait-queue
 * notifications a Dekker pair (see {@link WaitQueue}): an operation never pays for a wake-up
 * unless a thread is registered, and a registered thread never misses one.
 *
 * <h2>Removal from the middle</h2>
 * The {@link java.util.concurrent.BlockingQueue} view may remove a buffered message: it swaps the
 * slot's message for {@link Core#TOMBSTONE} by CAS, and receivers skip tombstones. Receivers take
 * messages with a plain read until the first removal ever; from then on ({@code removals} set)
 * they take them with an atomic swap, so a message goes either to the remover or to a receiver.
 * A remover sets {@code removals} and only then reads {@code head}, and touches only positions at
 * or after it; a receiver reads {@code removals} after its CAS on {@code head}. So every receiver
 * that could meet a tombstone sees {@code removals} set (the volatile accesses are totally
 * ordered), and channels never used that way pay one predictable volatile read.
 */
final class ArrayCore<T> extends ArrayCorePad2<T> {
  private final int cap;
  private final long markBit;
  private final long oneLap;
  private final long[] stamps;
  private final Object[] values;
  private final WaitQueue sendWaiters = new WaitQueue();
  private final WaitQueue recvWaiters = new WaitQueue();
  private volatile boolean removals;
  private volatile int tombstones;

  ArrayCore(int capacity) {
    this.cap = capacity;
    this.markBit = Long.highestOneBit(capacity) << 1;
    this.oneLap = markBit << 1;
    this.stamps = new long[capacity];
    this.values = new Object[capacity];
    for (int i = 0; i < capacity; i++) {
      stamps[i] = i;
    }
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

  private long next(long pos) {
    int index = (int) (pos & (markBit - 1));
    return index + 1 < cap ? pos + 1 : (pos & -oneLap) + oneLap;
  }

  @Override
  int trySend(T message) {
    long tail = (long) TAIL.getOpaque(this);
    for (int spins = 0; ; ) {
      if ((tail & markBit) != 0) {
        return CLOSED;
      }
      int index = (int) (tail & (markBit - 1));
      long stamp = (long) STAMP.getAcquire(stamps, index);
      if (tail == stamp) {
        long seen = (long) TAIL.compareAndExchange(this, tail, next(tail));
        if (seen == tail) {
          values[index] = message;
          STAMP.setRelease(stamps, index, tail + 1);
          if (recvWaiters.hasWaiters()) {
            recvWaiters.notifyOne();
          }
          return OK;
        }
        tail = seen;
        Spin.snooze(spins++);
      } else if (stamp + oneLap == tail + 1) {
        long head = (long) HEAD.getVolatile(this);
        if (head + oneLap == tail) {
          if (tombstones == 0 || !skipTombstones()) {
            return FULL;
          }
        }
        tail = (long) TAIL.getVolatile(this);
      } else {
        Spin.snooze(spins++);
        tail = (long) TAIL.getVolatile(this);
      }
    }
  }

  @Override
  Object tryRecv() {
    long head = (long) HEAD.getOpaque(this);
    for (int spins = 0; ; ) {
      int index = (int) (head & (markBit - 1));
      long stamp = (long) STAMP.getAcquire(stamps, index);
      if (head + 1 == stamp) {
        long seen = (long) HEAD.compareAndExchange(this, head, next(head));
        if (seen == head) {
          Object v;
          if (removals) {
            v = VALUE.getAndSet(values, index, (Object) null);
          } else {
            v = values[index];
            values[index] = null;
          }
          STAMP.setRelease(stamps, index, head + oneLap);
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
        Spin.snooze(spins++);
      } else if (stamp == head) {
        long tail = (long) TAIL.getVolatile(this);
        if ((tail & ~markBit) == head) {
          return (tail & markBit) != 0 ? CLOSED_MARK : EMPTY_MARK;
        }
        Spin.snooze(spins++);
        head = (long) HEAD.getVolatile(this);
      } else {
        Spin.snooze(spins++);
        head = (long) HEAD.getVolatile(this);
      }
    }
  }

  /** Takes tombstones off the head so a full-looking ring can accept; true if any was taken. */
  private boolean skipTombstones() {
    boolean any = false;
    for (;;) {
      long head = (long) HEAD.getVolatile(this);
      int index = (int) (head & (markBit - 1));
      if ((long) STAMP.getAcquire(stamps, index) != head + 1 || VALUE.getVolatile(values, index) != TOMBSTONE) {
        return any;
      }
      if (HEAD.compareAndSet(this, head, next(head))) {
        Object v = VALUE.getAndSet(values, index, (Object) null);
        STAMP.setRelease(stamps, index, head + oneLap);
        if (v == TOMBSTONE) {
          TOMBSTONES.getAndAdd(this, -1);
          any = true;
        } else {
          // Lost a race with a receiver's swap? Impossible: we own the position; keep it safe.
          throw new AssertionError("tombstone slot held " + v);
        }
      }
    }
  }

  @Override
  void disconnect() {
    long prev = (long) TAIL.getAndBitwiseOr(this, markBit);
    if ((prev & markBit) == 0) {
      sendWaiters.closeAll();
      recvWaiters.closeAll();
    }
  }

  @Override
  boolean isDisconnected() {
    return (tail & markBit) != 0;
  }

  @Override
  int size() {
    for (;;) {
      long t = tail;
      long h = head;
      if (tail == t) {
        long hix = h & (markBit - 1);
        long tix = t & (markBit - 1);
        long n;
        if (hix < tix) {
          n = tix - hix;
        } else if (hix > tix) {
          n = cap - hix + tix;
        } else if ((t & ~markBit) == h) {
          n = 0;
        } else {
          n = cap;
        }
        return (int) Math.max(0, n - tombstones);
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
    long h = (long) HEAD.getVolatile(this);
    if ((t & markBit) != 0) {
      return true;
    }
    return sending ? h + oneLap != t : t != h;
  }

  @Override
  void unregister(WaitList.Entry e, boolean sending) {
    (sending ? sendWaiters : recvWaiters).unregister(e);
  }

  @Override
  void discardAll() {
    while (tryRecv() != CLOSED_MARK) {
      // drop it: no receiver is left
    }
  }

  @Override
  Object peek() {
    long h = (long) HEAD.getVolatile(this);
    long t = (long) TAIL.getVolatile(this) & ~markBit;
    for (long pos = h; pos != t; pos = next(pos)) {
      int index = (int) (pos & (markBit - 1));
      if ((long) STAMP.getAcquire(stamps, index) != pos + 1) {
        continue;
      }
      Object v = VALUE.getVolatile(values, index);
      if (v != null && v != TOMBSTONE) {
        return v;
      }
    }
    return null;
  }

  @Override
  void snapshot(List<Slot> out) {
    long h = (long) HEAD.getVolatile(this);
    long t = (long) TAIL.getVolatile(this) & ~markBit;
    for (long pos = h; pos != t; pos = next(pos)) {
      int index = (int) (pos & (markBit - 1));
      if ((long) STAMP.getAcquire(stamps, index) != pos + 1) {
        continue;
      }
      Object v = VALUE.getVolatile(values, index);
      if (v != null && v != TOMBSTONE) {
        out.add(new Slot(pos, index, v));
      }
    }
  }

  @Override
  boolean removeSlot(Slot slot) {
    if (!removals) {
      removals = true;
    }
    long pos = (Long) slot.where();
    long h = (long) HEAD.getVolatile(this);
    if (pos < h) {
      return false; // already taken, perhaps by a receiver that does not know about removals
    }
    int index = slot.index();
    if ((long) STAMP.getAcquire(stamps, index) != pos + 1) {
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
  private static final VarHandle STAMP = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle VALUE = MethodHandles.arrayElementVarHandle(Object[].class);

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      HEAD = l.findVarHandle(ArrayCoreHead.class, "head", long.class);
      TAIL = l.findVarHandle(ArrayCoreTail.class, "tail", long.class);
      TOMBSTONES = l.findVarHandle(ArrayCore.class, "tombstones", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
