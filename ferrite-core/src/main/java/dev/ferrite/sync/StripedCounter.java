package dev.ferrite.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter for hot paths: many threads add to it and it is read rarely. Uncontended, it is a
 * single word; once threads collide, increments are spread over a few padded cells so that they
 * no longer fight over one cache line, and {@link #sum()} adds the cells up.
 *
 * <pre>{@code
 * StripedCounter requests = new StripedCounter();
 * requests.increment();                 // from any number of threads
 * long perMinute = requests.sumThenReset();
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Exactness.</b> No increment is ever lost. {@link #sum()} is exact when no update runs
 *       concurrently; during updates it returns a value that includes every update that completed
 *       before the call and some subset of the concurrent ones (it is not a linearizable read:
 *       use {@link AtomicCounter} when a read must be an atomic snapshot).
 *   <li><b>Memory.</b> Bounded: at most one cell per CPU, rounded up to a power of two, each on
 *       its own 128-byte line; cells are allocated the first time two threads collide.
 *   <li><b>Overflow</b> wraps around, like {@code long} arithmetic.
 *   <li><b>Memory consistency effects:</b> an update <i>happens-before</i> a {@link #sum()} that
 *       sees it.
 * </ul>
 */
public final class StripedCounter {
  /*
   * Implementation overview. The design of java.util.concurrent.atomic.Striped64 / LongAdder
   * (Doug Lea), rebuilt with public APIs only:
   *
   * - `base` takes updates while there is no contention: one CAS, like an AtomicLong.
   * - The first failed CAS on base allocates all the cells at once: a long[] in which cell i's
   *   value sits at index (i + 1) * STRIDE, STRIDE = 16 longs = 128 bytes, so every cell has a
   *   cache line (two, with the adjacent-line prefetcher) to itself, and the array header and
   *   whatever follows the array are padded off. The cell count is the next power of two >= the
   *   CPU count: more cells than CPUs cannot reduce contention further.
   * - A thread picks its cell from a hash of its thread id mixed with `salt`. LongAdder keeps a
   *   per-thread random probe in a JDK-private Thread field; a ThreadLocal would cost more than
   *   the increment. Instead, when a CAS on a cell fails (two threads share it), the thread
   *   changes the counter's salt, which re-deals every thread to cells; with a few threads per
   *   counter this settles quickly on a collision-free assignment, after which salt is read-only
   *   (it shares the line of the `cells` reference, which is read-only too). The failed increment
   *   is then completed with getAndAdd, which cannot fail, so an update costs at most two atomic
   *   instructions and never loops.
   * - sum() reads base and every cell; sumThenReset() swaps each to zero with getAndSet, which is
   *   exact when quiescent and loses nothing under concurrency (each swap takes a value
   *   atomically; an update after the swap stays for the next sum).
   */

  private static final VarHandle BASE;
  private static final VarHandle CELLS_REF;
  private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

  /** Longs per cell: 128 bytes. */
  static final int STRIDE = 16;

  /** Number of cells: the next power of two >= the number of CPUs. */
  static final int CELL_COUNT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      BASE = l.findVarHandle(StripedCounter.class, "base", long.class);
      CELLS_REF = l.findVarHandle(StripedCounter.class, "cells", long[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
    int cpus = Math.max(1, Runtime.getRuntime().availableProcessors());
    CELL_COUNT = Integer.highestOneBit(cpus) == cpus ? cpus : Integer.highestOneBit(cpus) << 1;
  }

  private volatile long[] cells;
  private int salt;
  private volatile long base;

  /** Creates a counter at zero. */
  public StripedCounter() {}

  /** Adds one. */
  public void increment() {
    add(1L);
  }

  /** Subtracts one. */
  public void decrement() {
    add(-1L);
  }

  /**
   * Adds {@code delta} (negative to subtract).
   *
   * @param delta the amount
   */
  public void add(long delta) {
    long[] cs = cells;
    if (cs == null) {
      long b = base;
      if (BASE.compareAndSet(this, b, b + delta)) {
        return;
      }
      cs = cellsForContention();
    }
    int i = index(cs);
    long v = (long) CELL.getVolatile(cs, i);
    if (!CELL.compareAndSet(cs, i, v, v + delta)) {
      salt += 0x9E3779B9; // collided: re-deal the threads to cells (a racy write is harmless)
      CELL.getAndAdd(cs, i, delta);
    }
  }

  private int index(long[] cs) {
    long h = Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L + salt;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return (((int) h & (CELL_COUNT - 1)) + 1) * STRIDE;
  }

  private long[] cellsForContention() {
    long[] cs = cells;
    if (cs == null) {
      long[] fresh = new long[(CELL_COUNT + 2) * STRIDE];
      Object witness = CELLS_REF.compareAndExchange(this, (long[]) null, fresh);
      cs = witness == null ? fresh : (long[]) witness;
    }
    return cs;
  }

  /** {@return the sum of all updates; exact when no update runs concurrently} */
  public long sum() {
    long s = base;
    long[] cs = cells;
    if (cs != null) {
      for (int c = 1; c <= CELL_COUNT; c++) {
        s += (long) CELL.getVolatile(cs, c * STRIDE);
      }
    }
    return s;
  }

  /**
   * Returns the sum and resets the counter to zero, taking each part atomically: no update is
   * lost or counted twice across successive calls, and the result is exact when no update runs
   * concurrently.
   *
   * @return the sum before the reset
   */
  public long sumThenReset() {
    long s = (long) BASE.getAndSet(this, 0L);
    long[] cs = cells;
    if (cs != null) {
      for (int c = 1; c <= CELL_COUNT; c++) {
        s += (long) CELL.getAndSet(cs, c * STRIDE, 0L);
      }
    }
    return s;
  }

  /** Resets to zero; equivalent to {@link #sumThenReset()} ignoring the result. */
  public void reset() {
    sumThenReset();
  }

  /** {@return the number of cells allocated so far: 0 until the first collision} */
  int cellCount() {
    return cells == null ? 0 : CELL_COUNT;
  }

  @Override
  public String toString() {
    return Long.toString(sum());
  }
}
