package dev.ferrite.exec;

/**
 * Something a thread can wait for in {@link WorkStealingPool}: a stolen half of a join, a scope,
 * a job, a group of jobs. Completion is one-way: once {@link #isDone()} returns true it always
 * does.
 *
 * <p>Wake-up contract: whoever completes it must, after the write that makes {@link #isDone()}
 * true (a volatile write or atomic update), unpark every thread that {@link #enlist enlisted}
 * and has not {@link #delist delisted}; or, for waitables whose waiter is fixed (join frames and
 * scopes), wake that worker through the pool's sleep bits. A waiter enlists, then re-checks
 * {@link #isDone()}, then parks: a Dekker pair, so a completion is never missed.
 */
interface Waitable {
  /** {@return true once complete} */
  boolean isDone();

  /**
   * Registers {@code waiter} to be unparked on completion.
   *
   * @return a token for {@link #delist}, or null if nothing needed registering
   */
  default Object enlist(Thread waiter) {
    return null;
  }

  /** Withdraws the registration made by {@link #enlist} ({@code token} may be null). */
  default void delist(Object token) {}
}
