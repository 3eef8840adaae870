package dev.ferrite.channel;

import dev.ferrite.internal.AdaptiveSpin;
import dev.ferrite.internal.Spin;
import dev.ferrite.internal.WaitList;
import dev.ferrite.internal.Waiter;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The rendezvous flavour: no buffer; a message passes from a sender's hand to a receiver's.
 *
 * <h2>Algorithm</h2>
 * After crossbeam-channel's {@code flavors/zero}: one lock guards two lists of waiting operations
 * ({@link WaitList}), senders and receivers. An operation first looks, under the lock, for a
 * waiting partner of another thread and claims it ({@link Waiter#tryClaim}); the hand-off then
 * goes through the partner's entry:
 * <ul>
 *   <li>a waiting sender registered its message in its entry's packet before waiting, so the
 *       receiver that claims it reads the packet;
 *   <li>a sender that claims a waiting receiver stores the message in the receiver's packet
 *       before its claiming CAS, which publishes it (and clears it again if the claim fails).
 * </ul>
 * If no partner waits, the operation registers itself and waits: it spins for a while (long
 * enough for a partner on another CPU to arrive: parking costs far more than a typical hand-off)
 * and then parks. A waiter that times out or is interrupted withdraws by CAS; if that CAS fails,
 * a partner claimed it first and the hand-off has happened, so the operation completes instead.
 * The same entries serve {@link Select}: a select registers one entry per case, all with the same
 * waiter, so at most one partner can claim it. Closing claims every waiter with
 * {@link Waiter#CLOSED_BIT}.
 */
final class ZeroCore<T> extends Core<T> {
  private final ReentrantLock lock = new ReentrantLock();
  private final WaitList senders = new WaitList();
  private final WaitList receivers = new WaitList();
  private volatile boolean closed;

  /** A rendezvous waits for its partner while registered, so it may spin longer. */
  @Override
  AdaptiveSpin newSpin() {
    return new AdaptiveSpin(Spin.LONG);
  }

  @Override
  int trySend(T message) {
    WaitList.Entry e;
    lock.lock();
    try {
      if (closed) {
        return CLOSED;
      }
      e = receivers.claimFirst(message);
    } finally {
      lock.unlock();
    }
    if (e == null) {
      return FULL;
    }
    e.waiter().wake();
    return OK;
  }

  @Override
  Object tryRecv() {
    WaitList.Entry e;
    lock.lock();
    try {
      e = senders.claimFirst(null);
      if (e == null) {
        return closed ? CLOSED_MARK : EMPTY_MARK;
      }
    } finally {
      lock.unlock();
    }
    Object v = e.packet;
    e.waiter().wake();
    return v;
  }

  @Override
  int send(T message, long nanos, boolean timed) throws InterruptedException {
    Waiter w;
    WaitList.Entry mine;
    WaitList.Entry partner;
    lock.lock();
    try {
      if (closed) {
        return CLOSED;
      }
      partner = receivers.claimFirst(message);
      if (partner == null) {
        if (timed && nanos <= 0L) {
          return TIMEOUT;
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        w = new Waiter();
        mine = senders.add(w, 1, message);
      } else {
        w = null;
        mine = null;
      }
    } finally {
      lock.unlock();
    }
    if (partner != null) {
      partner.waiter().wake();
      return OK;
    }
    int s = awaitPartner(w, mine, senders, nanos, timed);
    if (s > 0) {
      return (s & Waiter.CLOSED_BIT) != 0 ? CLOSED : OK;
    }
    return TIMEOUT;
  }

  @Override
  Object recv(long nanos, boolean timed) throws InterruptedException {
    Waiter w;
    WaitList.Entry mine;
    WaitList.Entry partner;
    lock.lock();
    try {
      partner = senders.claimFirst(null);
      if (partner == null) {
        if (closed) {
          return CLOSED_MARK;
        }
        if (timed && nanos <= 0L) {
          return TIMEOUT_MARK;
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        w = new Waiter();
        mine = receivers.add(w, 1, null);
      } else {
        w = null;
        mine = null;
      }
    } finally {
      lock.unlock();
    }
    if (partner != null) {
      Object v = partner.packet;
      partner.waiter().wake();
      return v;
    }
    int s = awaitPartner(w, mine, receivers, nanos, timed);
    if (s > 0) {
      return (s & Waiter.CLOSED_BIT) != 0 ? CLOSED_MARK : mine.packet;
    }
    return TIMEOUT_MARK;
  }

  /**
   * Waits for a partner to claim {@code w}; withdraws {@code mine} on timeout or interrupt.
   *
   * @return the claim, or {@link Waiter#ABORTED} on timeout
   */
  private int awaitPartner(Waiter w, WaitList.Entry mine, WaitList list, long nanos, boolean timed)
      throws InterruptedException {
    if (nanos > FOREVER) {
      timed = false;
    }
    long deadline = timed ? System.nanoTime() + nanos : 0L;
    int s = w.await(deadline, timed, spin);
    if (s > 0) {
      return s;
    }
    lock.lock();
    try {
      list.remove(mine);
    } finally {
      lock.unlock();
    }
    if (s == Waiter.INTERRUPTED) {
      throw new InterruptedException();
    }
    return s;
  }

  @Override
  void disconnect() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      senders.closeAll();
      receivers.closeAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  boolean isDisconnected() {
    return closed;
  }

  @Override
  int size() {
    return 0;
  }

  @Override
  int capacity() {
    return 0;
  }

  @Override
  WaitList.Entry register(Waiter w, int claim, boolean sending, Object message) {
    lock.lock();
    try {
      if (closed || (sending ? receivers : senders).hasWaitingOther()) {
        return null;
      }
      return (sending ? senders : receivers).add(w, claim, sending ? message : null);
    } finally {
      lock.unlock();
    }
  }

  @Override
  void unregister(WaitList.Entry e, boolean sending) {
    lock.lock();
    try {
      (sending ? senders : receivers).remove(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  Object peek() {
    return null;
  }

  @Override
  void snapshot(List<Slot> out) {
    // nothing is buffered
  }

  @Override
  boolean removeSlot(Slot slot) {
    return false;
  }

  @Override
  boolean isBuffered(Slot slot) {
    return false;
  }

  @Override
  public String toString() {
    return "rendezvous" + (closed ? ", closed" : "");
  }
}
