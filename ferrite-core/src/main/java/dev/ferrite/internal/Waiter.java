package dev.ferrite.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One blocked operation (or one blocked select over several operations) of one thread: the
 * single parking mechanism every Ferrite component shares.
 *
 * <p>A waiter is used once. Its {@code state} starts at {@link #WAITING} and moves exactly once,
 * by compare-and-set: to a positive <i>claim</i> chosen by the thread that completes or notifies
 * the operation ({@link #tryClaim}), or to {@link #ABORTED} by the waiting thread itself when it
 * gives up on timeout or interrupt ({@link #tryAbort}). Whoever wins that race decides the
 * outcome, which is what makes hand-offs exactly-once.
 */
public final class Waiter {
  /*
   * Implementation overview.
   *
   * Spin, then park. Parking costs tens of microseconds on small VMs, far more than most
   * hand-offs, so await() first spins on the state (Thread.onSpinWait, then Thread.yield), and
   * parks only when the spin budget is spent. Virtual threads spin much less: their carrier
   * could run other virtual threads instead.
   *
   * No wake-up for a thread that is not parked. The waiter publishes `parked = true` (volatile)
   * before re-reading the state and parking; a claimer CASes the state (volatile) and only then
   * reads `parked`. Both sides write one volatile and read the other (a Dekker pair), so at least
   * one of them sees the other's write: either the waiter sees the claim and does not park, or
   * the claimer sees `parked` and unparks. A claimer that finds `parked == false` skips unpark,
   * which is what keeps spinning hand-offs cheap. A stale permit from an unpark that raced with a
   * return is harmless: every park is in a loop that re-checks the state.
   */

  /** The state while nobody has claimed or aborted the waiter. */
  public static final int WAITING = 0;
  /** The state after the waiting thread gave up (timeout); also returned by await on timeout. */
  public static final int ABORTED = -1;
  /** Returned by await when the thread was interrupted and gave up. */
  public static final int INTERRUPTED = -2;
  /** Set in a claim made by closing a channel rather than by completing an operation. */
  public static final int CLOSED_BIT = 1 << 30;

  private final Thread thread = Thread.currentThread();
  private volatile int state;
  private volatile boolean parked;
  private volatile long wokenAt;

  /** {@return the thread that waits} */
  public Thread thread() {
    return thread;
  }

  /** {@return the current state: WAITING, ABORTED or a claim} */
  public int state() {
    return state;
  }

  /**
   * Claims the waiter for {@code claim} if it still waits; the caller must then {@link #wake()}
   * it. Memory effects: a successful claim is a volatile write, so everything the claimer wrote
   * before it is visible to the waiter once it sees the claim.
   *
   * @param claim a positive value naming what completed
   * @return true if this call claimed it
   */
  public boolean tryClaim(int claim) {
    return state == WAITING && STATE.compareAndSet(this, WAITING, claim);
  }

  /** {@return true if the waiting thread withdrew before anyone claimed it} */
  public boolean tryAbort() {
    return state == WAITING && STATE.compareAndSet(this, WAITING, ABORTED);
  }

  /** Unparks the waiting thread if it is parked (or about to park); cheap otherwise. */
  public void wake() {
    if (parked) {
      wokenAt = System.nanoTime();
      LockSupport.unpark(thread);
    }
  }

  /**
   * {@return when a claimer unparked this parked waiter ({@link System#nanoTime()}), or {@code
   * orElse} if it never parked or the time is not visible yet} Spin policies use it to learn how
   * long a wait had to be, excluding the wake-up latency.
   */
  public long wokenAt(long orElse) {
    long t = wokenAt;
    return t != 0L ? t : orElse;
  }

  /**
   * Waits until claimed, or until the deadline passes, or until interrupted.
   *
   * @param deadline a {@link System#nanoTime()} deadline, used if {@code timed}
   * @param timed whether the deadline applies
   * @param spin the spin budget to use and to teach, or null not to spin
   * @return the claim (positive; the interrupt status is left as it is), {@link #ABORTED} on
   *     timeout, or {@link #INTERRUPTED} if interrupted (the interrupt status is then cleared)
   */
  public int await(long deadline, boolean timed, AdaptiveSpin spin) {
    if (spin == null) {
      return park(deadline, timed);
    }
    long start = System.nanoTime();
    int s = Spin.until(this, spin.budget(), timed, deadline);
    if (s == WAITING) {
      s = park(deadline, timed);
    }
    if (s > 0 || s == ABORTED) {
      spin.record(wokenAt(System.nanoTime()) - start);
    }
    return s;
  }

  private int park(long deadline, boolean timed) {
    int s;
    parked = true;
    while ((s = state) == WAITING) {
      if (timed) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0L) {
          return tryAbort() ? ABORTED : state;
        }
        LockSupport.parkNanos(this, remaining);
      } else {
        LockSupport.park(this);
      }
      if (Thread.interrupted()) {
        if (tryAbort()) {
          return INTERRUPTED;
        }
        Thread.currentThread().interrupt();
        return state;
      }
    }
    return s;
  }

  @Override
  public String toString() {
    return "Waiter[" + thread.getName() + ", state=" + state + "]";
  }

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
