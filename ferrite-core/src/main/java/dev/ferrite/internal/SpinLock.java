package dev.ferrite.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A test-and-test-and-set lock for critical sections of a few dozen instructions (wait-list
 * edits). A waiting thread spins, then yields; it never parks. Parking inside such a short
 * critical section would cost a thousand times more than the section itself on a small VM, and
 * {@link java.util.concurrent.locks.ReentrantLock} parks its waiters almost at once. A holder
 * never blocks while holding it, so a yielding waiter always makes progress (also on virtual
 * threads, which the lock never pins).
 */
public final class SpinLock {
  private volatile int locked;

  /** Acquires the lock, spinning and then yielding while another thread holds it. */
  public void lock() {
    if (locked == 0 && LOCKED.compareAndSet(this, 0, 1)) {
      return;
    }
    for (int i = 0; ; i++) {
      Spin.snooze(i);
      if (locked == 0 && LOCKED.compareAndSet(this, 0, 1)) {
        return;
      }
    }
  }

  /** Releases the lock; the caller must hold it. */
  public void unlock() {
    LOCKED.setRelease(this, 0);
  }

  private static final VarHandle LOCKED;

  static {
    try {
      LOCKED = MethodHandles.lookup().findVarHandle(SpinLock.class, "locked", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
