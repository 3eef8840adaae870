package dev.ferrite.internal;

/**
 * How long one structure's waiting threads spin before parking, learned from how spins ended.
 *
 * <p>Spinning pays only when the partner arrives within the spin: then it saves a park/unpark
 * (tens of microseconds on a small VM). When the machine is oversubscribed it does the opposite:
 * the spinner burns its time slice, is preempted, and the hand-off waits a whole scheduling
 * quantum (milliseconds). So the budget doubles after a spin that succeeded and halves after one
 * that did not, between a floor of a few pause instructions (cheap enough to keep probing) and a
 * ceiling, as HotSpot's adaptive spinning does for monitors. The field is read and written
 * racily: a lost update only delays the adaptation.
 */
public final class AdaptiveSpin {
  /** The smallest budget: about ten pause instructions, so success can be noticed again. */
  static final long FLOOR = 1_000L;

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

  /** Records how a spin ended: {@code true} if the wait was over before the budget ran out. */
  public void record(boolean succeeded) {
    long b = budget;
    budget = succeeded ? Math.min(ceiling, b * 2 + FLOOR) : Math.max(FLOOR, b >> 1);
  }
}
