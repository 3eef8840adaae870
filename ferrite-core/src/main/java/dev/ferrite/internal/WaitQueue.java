package dev.ferrite.internal;



/**
 * Waiters blocked on one condition of a lock-free structure ("not empty", "not full"), with a
 * notification that costs one volatile read when nobody waits.
 *
 * <p>Protocol (a Dekker pair, see the essay in {@link Waiter}): a waiter {@link #register}s (a
 * volatile write of {@code empty = false}), then re-checks the condition with a volatile read of
 * the structure's state, and only then waits. A thread that changes the state does so with a
 * volatile write (a CAS) and then calls {@link #notifyOne()}, whose first action is a volatile
 * read of {@code empty}. One of the two sees the other, so no wake-up is lost.
 */
public final class WaitQueue {
  private final SpinLock lock = new SpinLock();
  private final WaitList list = new WaitList();
  private volatile boolean empty = true;

  /** {@return true if some thread may be registered} */
  public boolean hasWaiters() {
    return !empty;
  }

  /** Registers {@code w}, expecting {@code claim} when notified. */
  public WaitList.Entry register(Waiter w, int claim) {
    lock.lock();
    try {
      WaitList.Entry e = list.add(w, claim, null);
      empty = false;
      return e;
    } finally {
      lock.unlock();
    }
  }

  /** Removes a registration; harmless if a notifier removed it already. */
  public void unregister(WaitList.Entry e) {
    lock.lock();
    try {
      list.remove(e);
      if (list.isEmpty()) {
        empty = true;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Claims and wakes the first waiting registration, if any. */
  public void notifyOne() {
    if (empty) {
      return;
    }
    WaitList.Entry e;
    lock.lock();
    try {
      e = list.claimFirst(null);
      if (list.isEmpty()) {
        empty = true;
      }
    } finally {
      lock.unlock();
    }
    if (e != null) {
      e.waiter.wake();
    }
  }

  /** Claims and wakes every registration with {@link Waiter#CLOSED_BIT}: the structure closed. */
  public void closeAll() {
    lock.lock();
    try {
      list.closeAll();
      empty = true;
    } finally {
      lock.unlock();
    }
  }
}
