package dev.ferrite.internal;

/**
 * How long one structure's waiting threads spin before parking, learned from how long their waits
 * actually took.
 *
 * <p>Spinning pays when the partner arrives within the spin: it saves a park/unpark, tens of
 * microseconds on a small VM. When the machine is oversubscribed it does the opposite: the spinner
 * burns its time slice, is preempted, and the hand-off waits a scheduling quantum (milliseconds).
 * So after each wait the budget moves by what the wait took: a wait that ended within the ceiling
 * (spinning up to the ceiling would have caught it, or did) doubles the budget, a longer one
 * halves it, between a floor of a few pause instructions and the ceiling. Judging by the whole
 * wait rather than by whether the spin itself succeeded keeps two partners that both parked once
 * from talking each other into parking forever (a convoy): their waits are then a wake-up
 * latency, well within the ceiling, so the budget grows back. This is the spirit of HotSpot's
 * adaptive spinning for monitors. The field is read and written racily: a lost update only delays
 * the adaptation.
 */
public final class AdaptiveSpin {
  /** The smallest budget: about ten pause instructions, so short waits are still caught. */
  static final long FLOOR = 1_000L;

  /** {@code -Ddev.ferrite.spin.adaptive=false} keeps every budget at its ceiling (experiments). */
  private static final boolean ADAPT =
      !"false".equals(System.getProperty("dev.ferrite.spin.adaptive"));

  private final long ceiling;
  private long budget;

  /**
   * Creates a budget that starts at, and never exceeds, {@code ceilingNanos}.
   *
   * @param ceilingNanos the largest budget, for a platform thread
   */
  public AdaptiveSpin(long ceilingNanos) {
    this.ceiling = Math.max(FLOOR, ceilingNanos);
    this.budget = this.ceiling;
  }

  /** {@return the spin budget for the current thread, in nanoseconds (0: do not spin)} */
  public long budget() {
    return Spin.budget(budget);
  }

  /** Records that a wait (spinning and parking) took {@code waitedNanos} until it was over. */
  public void record(long waitedNanos) {
    if (!ADAPT) {
      return;
    }
    long b = budget;
    budget = waitedNanos <= ceiling ? Math.min(ceiling, b * 2 + FLOOR) : Math.max(FLOOR, b >> 1);
  }
}
