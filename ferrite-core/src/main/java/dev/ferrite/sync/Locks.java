package dev.ferrite.sync;

import java.time.Duration;
import java.util.Objects;

/** Shared helpers of the locks. */
final class Locks {
  private Locks() {}

  /** A timeout in nanoseconds, saturated, never negative. */
  static long nanos(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      return 0;
    }
    try {
      return timeout.toNanos();
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }
}
