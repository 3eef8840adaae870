package dev.ferrite.channel;

import dev.ferrite.internal.AdaptiveSpin;
import dev.ferrite.internal.Spin;
import dev.ferrite.internal.WaitList;
import dev.ferrite.internal.WaitQueue;
import dev.ferrite.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The shared state of one channel, behind all its handles: one subclass per flavour.
 *
 * <p>Flavours implement the non-blocking operations ({@link #trySend}, {@link #tryRecv}) and the
 * registration used by blocking operations and select. The blocking forms here are shared by the
 * buffered flavours: try, spin while retrying, then register in a {@link WaitQueue}, re-check, and
 * park until notified (see {@link WaitQueue} for why no wake-up is lost). The rendezvous flavour
 * overrides them, because there the waiting thread must be registered before a partner can
 * complete its operation.
 */
abstract class Core<T> {
  static final int OK = 0;
  static final int FULL = 1;
  static final int CLOSED = 2;
  static final int TIMEOUT = 3;

  /** Returned by receives: nothing ready. */
  static final Object EMPTY_MARK = new Marker("EMPTY");
  /** Returned by receives: closed and drained. */
  static final Object CLOSED_MARK = new Marker("CLOSED");
  /** Returned by timed receives: timed out. */
  static final Object TIMEOUT_MARK = new Marker("TIMEOUT");
  /** Left in a buffered slot whose message was removed through the BlockingQueue view. */
  static final Object TOMBSTONE = new Marker("TOMBSTONE");

  private static final class Marker {
    private final String name;

    Marker(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** How long blocked operations on this channel spin before parking. */
  final AdaptiveSpin spin = newSpin();

  private volatile int senders = 1;
  private volatile int receivers = 1;

  /** {@return the spin budget policy: buffered flavours spin briefly, retrying the operation} */
  AdaptiveSpin newSpin() {
    return new AdaptiveSpin(Spin.SHORT);
  }

  // ---- flavour operations ----

  /** {@return OK, FULL or CLOSED} Never blocks (beyond waiting out a partner mid-operation). */
  abstract int trySend(T message);

  /** {@return a message, EMPTY_MARK or CLOSED_MARK} Never blocks. */
  abstract Object tryRecv();

  /**
   * A cheap hint for a spinning sender: whether {@link #trySend} may succeed now, ideally with
   * room for several messages (so that a sender on a full channel resumes with a batch of free
   * slots instead of trading single slots, and their cache lines, with the receivers). It must
   * read as little shared state as possible, never write, and may be wrong either way: the
   * spinning loop calls {@link #trySend} now and then regardless. Buffered flavours override it.
   */
  boolean sendMayProceed() {
    return true;
  }

  /**
   * A cheap hint for a spinning receiver, like {@link #sendMayProceed}: whether {@link #tryRecv}
   * may succeed now; with {@code batch}, whether several messages are ready.
   */
  boolean recvMayProceed(boolean batch) {
    return true;
  }

  /** Closes the channel in both directions and wakes every waiter. */
  abstract void disconnect();

  /** {@return true once {@link #disconnect()} ran} */
  abstract boolean isDisconnected();

  /** {@return the number of buffered messages, tombstones excluded} */
  abstract int size();

  /** {@return the capacity: 0 rendezvous, Integer.MAX_VALUE unbounded} */
  abstract int capacity();

  /**
   * Registers a select (or a blocking operation) for one case, unless it may be ready.
   *
   * @return the registration, or null if the operation may complete now (nothing registered)
   */
  abstract WaitList.Entry register(Waiter w, int claim, boolean sending, Object message);

  /** Removes a registration made by {@link #register}; harmless if already removed. */
  abstract void unregister(WaitList.Entry e, boolean sending);

  /** Drops every buffered message: no receiver is left to take them. Called once closed. */
  void discardAll() {
    while (tryRecv() != CLOSED_MARK) {
      // drop it
    }
  }

  /** {@return the oldest buffered message without taking it, or null} */
  abstract Object peek();

  /**
   * Adds every buffered message, oldest first, to {@code out} as a {@link Slot}. Weakly
   * consistent: messages sent or taken meanwhile may or may not appear.
   */
  abstract void snapshot(List<Slot> out);

  /**
   * Removes the message in {@code slot} if it is still buffered there.
   *
   * @return true if this call removed it
   */
  abstract boolean removeSlot(Slot slot);

  /** {@return true if the message of {@code slot} is still buffered there (not taken or removed)} */
  abstract boolean isBuffered(Slot slot);

  /**
   * A buffered message and where it sits, for the view's iteration and removal.
   *
   * @param where the flavour's container of the slot (a block), or null
   * @param pos the message's position in the channel
   * @param value the message
   */
  record Slot(Object where, long pos, Object value) {}

  // ---- handles ----

  void addSender() {
    SENDERS.getAndAdd(this, 1);
  }

  void removeSender() {
    if ((int) SENDERS.getAndAdd(this, -1) == 1) {
      disconnect();
    }
  }

  void addReceiver() {
    RECEIVERS.getAndAdd(this, 1);
  }

  void removeReceiver() {
    if ((int) RECEIVERS.getAndAdd(this, -1) == 1) {
      disconnect();
      discardAll();
    }
  }

  // ---- blocking forms for the buffered flavours ----

  WaitQueue sendWaiters() {
    throw new UnsupportedOperationException();
  }

  WaitQueue recvWaiters() {
    throw new UnsupportedOperationException();
  }

  /*
   * Spinning, in detail. A blocked operation polls with exponential backoff (Spin.backoff)
   * rather than retrying at full speed: each retry reads the partner's cache lines, and on a
   * machine where a cache-line transfer between cores costs a hundred nanoseconds a full-speed
   * poller slows its partner down more than it gains. The polls use the flavour's cheap hints
   * (sendMayProceed / recvMayProceed), which also add hysteresis: a sender on a full channel
   * waits until several slots are free, and a receiver on an empty channel holds out for a few
   * backoff rounds (about a microsecond) for several messages, before it settles for one. Both
   * keep the two sides working on different cache lines instead of trading every slot; the
   * receiver's hold costs a lone message at most that microsecond, and only while the receiver
   * spins (a parked receiver takes a message as soon as it is woken). Every eighth poll tries the
   * operation itself, so a close or a removal through the queue view is noticed even where the
   * hints do not look. The adaptive budget is taught by how long each wait really had to be: for
   * a parked waiter, the time until its partner woke it, not the wake-up latency on top, so two
   * partners that both parked once do not conclude that spinning never pays.
   */

  /**
   * Sends, waiting for room.
   *
   * @param nanos the timeout, if {@code timed}
   * @return OK, CLOSED or (if timed) TIMEOUT
   */
  int send(T message, long nanos, boolean timed) throws InterruptedException {
    int r = trySend(message);
    if (r != FULL) {
      return r;
    }
    if (timed && nanos <= 0L) {
      return TIMEOUT;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (nanos > FOREVER) {
      timed = false;
    }
    long deadline = timed ? System.nanoTime() + nanos : 0L;
    long start = System.nanoTime();
    long budget = spin.budget();
    if (budget > 0L) {
      long end = start + budget;
      for (int i = 0; Spin.backoff(i, end); i++) {
        if (((i & 7) == 7 || sendMayProceed()) && (r = trySend(message)) != FULL) {
          spin.record(System.nanoTime() - start);
          return r;
        }
      }
    }
    WaitQueue q = sendWaiters();
    for (;;) {
      Waiter w = new Waiter();
      WaitList.Entry e = q.register(w, 1);
      if ((r = trySend(message)) != FULL) {
        withdraw(w, e, q);
        spin.record(System.nanoTime() - start);
        return r;
      }
      int s = w.await(deadline, timed, null);
      if (s > 0) {
        if ((r = trySend(message)) != FULL) {
          spin.record(w.wokenAt(System.nanoTime()) - start);
          return r;
        }
        if (Thread.interrupted()) {
          q.notifyOne(); // pass on the wake-up we could not use
          throw new InterruptedException();
        }
        continue;
      }
      q.unregister(e);
      if (s == Waiter.INTERRUPTED) {
        throw new InterruptedException();
      }
      r = trySend(message);
      return r == FULL ? TIMEOUT : r;
    }
  }

  /**
   * Receives, waiting for a message.
   *
   * @param nanos the timeout, if {@code timed}
   * @return a message, CLOSED_MARK or (if timed) TIMEOUT_MARK
   */
  Object recv(long nanos, boolean timed) throws InterruptedException {
    Object v = tryRecv();
    if (v != EMPTY_MARK) {
      return v;
    }
    if (timed && nanos <= 0L) {
      return TIMEOUT_MARK;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (nanos > FOREVER) {
      timed = false;
    }
    long deadline = timed ? System.nanoTime() + nanos : 0L;
    long start = System.nanoTime();
    long budget = spin.budget();
    if (budget > 0L) {
      long end = start + budget;
      for (int i = 0; Spin.backoff(i, end); i++) {
        boolean hold = i < Spin.HOLD_ROUNDS;
        if (((!hold && (i & 7) == 7) || recvMayProceed(hold)) && (v = tryRecv()) != EMPTY_MARK) {
          spin.record(System.nanoTime() - start);
          return v;
        }
      }
    }
    WaitQueue q = recvWaiters();
    for (;;) {
      Waiter w = new Waiter();
      WaitList.Entry e = q.register(w, 1);
      if ((v = tryRecv()) != EMPTY_MARK) {
        withdraw(w, e, q);
        spin.record(System.nanoTime() - start);
        return v;
      }
      int s = w.await(deadline, timed, null);
      if (s > 0) {
        if ((v = tryRecv()) != EMPTY_MARK) {
          spin.record(w.wokenAt(System.nanoTime()) - start);
          return v;
        }
        if (Thread.interrupted()) {
          q.notifyOne();
          throw new InterruptedException();
        }
        continue;
      }
      q.unregister(e);
      if (s == Waiter.INTERRUPTED) {
        throw new InterruptedException();
      }
      v = tryRecv();
      return v == EMPTY_MARK ? TIMEOUT_MARK : v;
    }
  }

  /** Withdraws a registration that turned out not to be needed, passing on a notification it got. */
  static void withdraw(Waiter w, WaitList.Entry e, WaitQueue q) {
    if (w.tryAbort()) {
      q.unregister(e);
    } else {
      q.notifyOne();
    }
  }

  // ---- helpers ----

  /** Timeouts longer than this (about 146 years) wait forever: no deadline arithmetic overflows. */
  static final long FOREVER = Long.MAX_VALUE >> 4;

  static long toNanos(Duration timeout) {
    try {
      return timeout.toNanos();
    } catch (ArithmeticException e) {
      return timeout.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  static long untilNanos(Instant deadline) {
    return toNanos(Duration.between(Instant.now(), deadline));
  }

  private static final VarHandle SENDERS;
  private static final VarHandle RECEIVERS;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      SENDERS = l.findVarHandle(Core.class, "senders", int.class);
      RECEIVERS = l.findVarHandle(Core.class, "receivers", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
