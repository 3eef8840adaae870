package dev.ferrite.cache;

/**
 * The cache's time source, in nanoseconds, for expiry. Inject a fake one in tests to move time by
 * hand; the default is {@link #system()}.
 *
 * <p>Only differences between readings matter (like {@link System#nanoTime()}), readings must
 * never decrease, and {@link #read()} must be thread-safe and cheap: a cache with expiry reads
 * the ticker on every access.
 */
@FunctionalInterface
public interface Ticker {
  /** {@return the current reading, in nanoseconds from an arbitrary origin} */
  long read();

  /** {@return the ticker backed by {@link System#nanoTime()}} */
  static Ticker system() {
    return System::nanoTime;
  }
}
