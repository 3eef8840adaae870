package dev.ferrite.internal;

/**
 * The spin policy shared by every blocking path: how long to keep trying before parking.
 *
 * <p>Parking and unparking a thread costs tens of microseconds on a small VM, so a waiting
 * operation first spins with CPU pause hints for a bounded time ({@link AdaptiveSpin} learns how
 * long pays off). Virtual threads and single-CPU machines spin only briefly: their spinning would
 * hold a carrier or the only CPU that the other side needs.
 *
 * <p>System properties (for experiments; the defaults are measured): {@code
 * dev.ferrite.spin.shortNanos} and {@code dev.ferrite.spin.longNanos}, the budget ceilings, and
 * {@code dev.ferrite.spin.pauses}, pause hints per spin iteration.
 */
public final class Spin {
  private Spin() {}

  private static final boolean MULTI_CPU = Runtime.getRuntime().availableProcessors() > 1;

  private static final int PAUSES = Integer.getInteger("dev.ferrite.spin.pauses", 1);

  /** The spin budget for operations on buffered channels, in nanoseconds. */
  public static final long SHORT = Long.getLong("dev.ferrite.spin.shortNanos", 20_000L);

  /** The spin budget for hand-offs that a partner is expected to complete (rendezvous). */
  public static final long LONG = Long.getLong("dev.ferrite.spin.longNanos", 50_000L);

  /** {@return the budget to use for the current thread, given the budget for a platform thread} */
  public static long budget(long platformNanos) {
    if (!MULTI_CPU) {
      return 0L;
    }
    return Thread.currentThread().isVirtual() ? Math.min(platformNanos, 1_000L) : platformNanos;
  }

  /**
   * Pauses for the {@code i}-th time in a spin loop (i from 0) that must end at {@code end}, with
   * a CPU pause hint. It never yields: on an oversubscribed machine a yielding thread goes to the
   * back of the run queue and may not run again for milliseconds, while a parked thread that is
   * woken is scheduled promptly; spinning that does not pay off quickly should park instead.
   *
   * @param i how many times the caller has paused already
   * @param end the {@link System#nanoTime()} at which the spin budget is spent
   * @return true if the caller may try again, false once the budget is spent
   */
  public static boolean pause(int i, long end) {
    for (int k = PAUSES; k > 0; k--) {
      Thread.onSpinWait();
    }
    return (i & 7) != 7 || System.nanoTime() - end < 0L;
  }

  /**
   * Pauses for the {@code i}-th time (i from 0) in a polling loop that must end at {@code end},
   * with exponential backoff: 1, 2, 4, ... up to {@value #MAX_BACKOFF_PAUSES} pause hints. A poller
   * that backs off reads the shared cache lines it watches less often, so the partner that writes
   * them is slowed down less, and the partner's work accumulates between polls (a batch, not a
   * line ping-pong per item). The first {@value #HOLD_ROUNDS} rounds together take about
   * {@code 2^HOLD_ROUNDS} pauses (about a microsecond on current x86 CPUs).
   *
   * @param i how many times the caller has backed off already
   * @param end the {@link System#nanoTime()} at which the spin budget is spent
   * @return true if the caller may poll again, false once the budget is spent
   */
  public static boolean backoff(int i, long end) {
    for (int k = 1 << Math.min(i, MAX_BACKOFF_SHIFT); k > 0; k--) {
      Thread.onSpinWait();
    }
    return i < HOLD_ROUNDS || System.nanoTime() - end < 0L;
  }

  private static final int MAX_BACKOFF_SHIFT = 5;
  private static final int MAX_BACKOFF_PAUSES = 1 << MAX_BACKOFF_SHIFT;

  /**
   * Backoff rounds (see {@link #backoff}) during which a waiting receiver of a buffered channel
   * holds out for a batch of messages rather than taking a lone one.
   */
  public static final int HOLD_ROUNDS = 6;

  /** A short wait for a partner that is in the middle of an operation (a few instructions away). */
  public static void snooze(int i) {
    if (i < 16) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }

  /**
   * Spins on a waiter until it leaves {@link Waiter#WAITING} or the budget or deadline runs out.
   *
   * @param budget the budget for the current thread (see {@link #budget})
   * @return the waiter's state when the spin ended
   */
  static int until(Waiter w, long budget, boolean timed, long deadline) {
    int s = w.state();
    if (s != Waiter.WAITING || budget <= 0L) {
      return s;
    }
    long end = System.nanoTime() + budget;
    if (timed && deadline - end < 0L) {
      end = deadline;
    }
    for (int i = 0; Spin.pause(i, end); i++) {
      if ((s = w.state()) != Waiter.WAITING) {
        return s;
      }
    }
    return w.state();
  }
}
