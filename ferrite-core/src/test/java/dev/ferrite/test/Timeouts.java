package dev.ferrite.test;

import java.time.Duration;

/**
 * The hang guards of every Ferrite test, scaled by one factor.
 *
 * <p>A hang guard bounds a wait that is expected to end much sooner (a join, a latch, a blocked
 * thread reaching its parking point): it turns a bug into a failure instead of a stuck build, and
 * never orders events. The factor comes from the system property {@value #SCALE_PROPERTY}
 * (default 1; surefire passes it through its {@code argLine}, so
 * {@code ./mvnw verify -Dferrite.test.timeoutScale=5} gives a slow machine five times longer).
 *
 * <p>{@link #SHORT} is the other kind of wait: one the test expects to time out (a timed receive
 * on an empty channel). It is deliberately tiny and not scaled, because a slow machine cannot turn
 * an expected timeout into a false failure, only a longer run.
 */
public final class Timeouts {
  /** The system property holding the scale factor, a positive decimal number. */
  public static final String SCALE_PROPERTY = "ferrite.test.timeoutScale";

  /** The scale factor applied to every hang guard. */
  public static final double SCALE = parseScale(System.getProperty(SCALE_PROPERTY));

  /** The hang guard: 20 s times {@link #SCALE}. No correct test waits anywhere near this long. */
  public static final Duration LONG = scaled(Duration.ofSeconds(20));

  /**
   * How long the thread-leak check waits for threads a test started to end after it returned:
   * 2 s times {@link #SCALE}.
   */
  public static final Duration LEAK_GRACE = scaled(Duration.ofSeconds(2));

  /** A wait that is expected to time out: 20 ms, not scaled. */
  public static final Duration SHORT = Duration.ofMillis(20);

  private Timeouts() {}

  /** {@return {@code base} multiplied by {@link #SCALE}} */
  public static Duration scaled(Duration base) {
    return Duration.ofNanos((long) Math.min(Long.MAX_VALUE, base.toNanos() * SCALE));
  }

  /** {@return the {@link System#nanoTime()} value at which a wait of {@link #LONG} starting now ends} */
  public static long deadlineNanos() {
    return System.nanoTime() + LONG.toNanos();
  }

  static double parseScale(String value) {
    if (value == null || value.isBlank()) {
      return 1.0;
    }
    double scale;
    try {
      scale = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(SCALE_PROPERTY + " is not a number: " + value, e);
    }
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException(SCALE_PROPERTY + " must be positive: " + value);
    }
    return scale;
  }
}
