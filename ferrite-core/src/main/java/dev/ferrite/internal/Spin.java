package dev.ferrite.internal;

/**
 * The spin policy shared by every blocking path: how long to keep trying before parking.
 *
 * <p>Parking and unparking a thread costs tens of microseconds on a small VM; a waiting operation
 * first spins (busy for a few hundred iterations, then yielding the CPU between checks) for a
 * bounded time. Virtual threads and single-CPU machines spin only briefly: their spinning would
 * hold a carrier or the only CPU that the other side needs.
 */
public final class Spin {
  private Spin() {}

  private static final boolean MULTI_CPU = Runtime.getRuntime().availableProcessors() > 1;

  /** Busy iterations (with {@link Thread#onSpinWait()}) before switching to yields. */
  private static final int BUSY_SPINS = Integer.getInteger("dev.ferrite.spin.busy", 128);

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
   * Pauses for the {@code i}-th time in a spin loop (i from 0): a CPU pause hint for the first
   * iterations, then a yield.
   *
   * @param i how many times the caller has paused already
   */
  public static void pause(int i) {
    if (i < BUSY_SPINS) {
      for (int k = PAUSES; k > 0; k--) {
        Thread.onSpinWait();
      }
    } else {
      Thread.yield();
    }
  }

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
   * @return the waiter's state when the spin ended
   */
  static int until(Waiter w, long platformNanos, boolean timed, long deadline) {
    long budget = budget(platformNanos);
    int s = w.state();
    if (s != Waiter.WAITING || budget <= 0L) {
      return s;
    }
    long start = System.nanoTime();
    long end = start + budget;
    if (timed && deadline - end < 0L) {
      end = deadline;
    }
    for (int i = 0; ; i++) {
      pause(i);
      if ((s = w.state()) != Waiter.WAITING) {
        return s;
      }
      if ((i & 7) == 7 && System.nanoTime() - end >= 0L) {
        return s;
      }
    }
  }
}
