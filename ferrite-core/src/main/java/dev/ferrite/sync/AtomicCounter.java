package dev.ferrite.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Padding that keeps the counter off the cache line of the object header and neighbours. */
abstract class AtomicCounterPad0 {
  long p00, p01, p02, p03, p04, p05, p06, p07;
}

abstract class AtomicCounterValue extends AtomicCounterPad0 {
  volatile long value;
}

abstract class AtomicCounterPad1 extends AtomicCounterValue {
  long p10, p11, p12, p13, p14, p15, p16, p17;
}

/**
 * The Rust article's lock-free counter ({@code AtomicUsize} with {@code fetch_add},
 * {@code fetch_sub}, {@code load} and {@code compare_exchange}), as a {@code long}: every operation
 * is one atomic instruction on one padded word, so readers always see the exact current value.
 *
 * <pre>{@code
 * AtomicCounter hits = new AtomicCounter();
 * hits.increment();
 * long seen = hits.get();
 * long before = hits.compareAndSwap(seen, 0);   // resets only if nobody counted meanwhile
 * boolean reset = before == seen;
 * }</pre>
 *
 * <p>Use it when the count is read about as often as it changes, or when {@link
 * #compareAndSwap} is needed. For a hot counter incremented by many threads and read rarely,
 * {@link StripedCounter} scales better.
 *
 * <p>Arithmetic wraps around on overflow, like {@code long} arithmetic (Rust's atomics wrap too).
 *
 * <p><b>Memory consistency effects:</b> every operation is a volatile read and (for updates) a
 * volatile write of the value: actions before an update <i>happen-before</i> actions after any
 * read that sees it.
 */
public final class AtomicCounter extends AtomicCounterPad1 {
  /*
   * Implementation overview: a volatile long between two blocks of padding (so a hot counter
   * does not share a cache line with other data), updated with VarHandle getAndAdd (LOCK XADD on
   * x86) and compareAndExchange, which returns the witness value exactly as Rust's
   * compare_exchange does.
   */

  private static final VarHandle VALUE;

  static {
    try {
      VALUE = MethodHandles.lookup().findVarHandle(AtomicCounterValue.class, "value", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Creates a counter at zero. */
  public AtomicCounter() {}

  /**
   * Creates a counter at {@code initial}.
   *
   * @param initial the starting value
   */
  public AtomicCounter(long initial) {
    VALUE.setVolatile(this, initial);
  }

  /**
   * Adds one, atomically (wrapping around on overflow).
   *
   * @return the new value
   */
  public long increment() {
    return (long) VALUE.getAndAdd(this, 1L) + 1;
  }

  /**
   * Subtracts one, atomically (wrapping around on overflow).
   *
   * @return the new value
   */
  public long decrement() {
    return (long) VALUE.getAndAdd(this, -1L) - 1;
  }

  /**
   * Adds {@code delta} (negative to subtract) and returns the previous value, like Rust's
   * {@code fetch_add}.
   *
   * @param delta the amount to add
   * @return the value before the addition
   */
  public long getAndAdd(long delta) {
    return (long) VALUE.getAndAdd(this, delta);
  }

  /** {@return the current value} */
  public long get() {
    return value;
  }

  /**
   * Sets the value to {@code newValue} if it is {@code expected}, atomically; returns the value
   * found, like Rust's {@code compare_exchange}: the swap happened if and only if the result
   * equals {@code expected}.
   *
   * @param expected the value the caller believes is current
   * @param newValue the value to store if so
   * @return the value before the operation (equal to {@code expected} on success)
   */
  public long compareAndSwap(long expected, long newValue) {
    return (long) VALUE.compareAndExchange(this, expected, newValue);
  }

  /**
   * Sets the value.
   *
   * @param newValue the new value
   */
  public void set(long newValue) {
    value = newValue;
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
