package dev.ferrite.pool;

import java.time.Duration;

/**
 * A lease held longer than the pool's leak threshold ({@link Kind#SUSPECTED}, reported once per
 * lease), or such a lease finally released ({@link Kind#RETURNED_LATE}).
 *
 * @param pool the pool's name
 * @param kind suspected leak, or late return of a suspected leak
 * @param thread the name of the thread that acquired the lease
 * @param held how long the lease had been held when the report was made
 * @param acquiredAt a throwable whose stack trace is where the lease was acquired
 */
public record LeakReport(String pool, Kind kind, String thread, Duration held,
    Throwable acquiredAt) {

  /** What a report is about. */
  public enum Kind {
    /** The lease has been held longer than the threshold and is still held. */
    SUSPECTED,
    /** A lease reported as {@link #SUSPECTED} was released. */
    RETURNED_LATE
  }
}
