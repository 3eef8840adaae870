package dev.ferrite.actor;

import java.time.Duration;
import java.util.Objects;

/**
 * What happens when an actor's behaviour throws: {@link Restart} (a fresh instance from the
 * actor's factory, after an exponential back-off, at most a number of times in a row) or {@link
 * Stop}. Either way the failure is first reported to the system's failure handler ({@link
 * ActorFailure}), and the message that failed is dropped. The default is {@link #stop()}.
 */
public sealed interface Supervision permits Supervision.Restart, Supervision.Stop {
  /**
   * Restart on failure: the failed instance is discarded without its post-stop hook, and the
   * next message goes to a fresh instance created after a back-off that starts at {@code
   * minBackoff} and doubles with each failure in a row, up to {@code maxBackoff}. Messages wait
   * in the mailbox meanwhile. A message handled without failure resets the count and the
   * back-off. The failure after {@code maxRestarts} restarts in a row stops the actor.
   *
   * @param maxRestarts restarts in a row allowed (0: the first failure stops)
   * @param minBackoff the first back-off (may be zero)
   * @param maxBackoff the longest back-off
   */
  record Restart(int maxRestarts, Duration minBackoff, Duration maxBackoff) implements Supervision {
    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException if {@code maxRestarts} is negative, {@code minBackoff} is
     *     negative, or {@code maxBackoff} is shorter than {@code minBackoff}
     * @throws NullPointerException if {@code minBackoff} or {@code maxBackoff} is null
     */
    public Restart {
      if (maxRestarts < 0) {
        throw new IllegalArgumentException("maxRestarts < 0: " + maxRestarts);
      }
      if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
        throw new IllegalArgumentException("need 0 <= minBackoff <= maxBackoff");
      }
    }

    /**
     * {@return the back-off, in nanoseconds, before the restart after {@code failuresInARow}
     * failures in a row} It is {@code minBackoff} doubled {@code failuresInARow - 1} times, capped
     * at {@code maxBackoff} (also when the doubling would overflow). A pure function of the
     * record's components.
     *
     * @param failuresInARow the failures in a row so far, counted from 1
     */
    public long backoffNanos(int failuresInARow) {
      long min = minBackoff.toNanos();
      long max = maxBackoff.toNanos();
      int shift = Math.min(failuresInARow - 1, 62);
      long b = min << shift;
      return (b >>> shift) != min || b > max || b < 0 ? max : b;
    }
  }

  /** Stop on failure: the actor terminates, its post-stop hook runs, queued messages go to dead letters. */
  record Stop() implements Supervision {}

  /** {@return stop on the first failure} */
  static Supervision stop() {
    return new Stop();
  }

  /**
   * {@return restart with back-off from {@code minBackoff} doubling up to {@code maxBackoff}, at
   * most {@code maxRestarts} times in a row} See {@link Restart}.
   *
   * @param maxRestarts restarts in a row allowed (0: the first failure stops)
   * @param minBackoff the first back-off (may be zero)
   * @param maxBackoff the longest back-off, at least {@code minBackoff}
   * @throws IllegalArgumentException if {@code maxRestarts} is negative, {@code minBackoff} is
   *     negative, or {@code maxBackoff} is shorter than {@code minBackoff}
   * @throws NullPointerException if {@code minBackoff} or {@code maxBackoff} is null
   */
  static Supervision restart(int maxRestarts, Duration minBackoff, Duration maxBackoff) {
    return new Restart(maxRestarts, Objects.requireNonNull(minBackoff, "minBackoff"),
        Objects.requireNonNull(maxBackoff, "maxBackoff"));
  }
}
