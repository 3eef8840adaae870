package dev.ferrite.par;

import dev.ferrite.exec.Both;
import dev.ferrite.exec.WorkStealingPool;
import java.util.Spliterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One evaluation of a terminal operation: the adaptive split-and-join recursion.
 *
 * <p>Implementation overview.
 *
 * <p><b>Splitting</b> follows rayon's adaptive splitter ({@code rayon/src/iter/plumbing/mod.rs},
 * {@code Splitter} and {@code LengthSplitter}; design in {@code src/iter/plumbing/README.md}). A
 * task carries a split budget, {@code splits}, which starts at the number of workers. A task
 * splits its source in two (a {@link Spliterator#trySplit()} prefix and the rest) while the
 * budget is positive, halving it each time, and forks the halves with
 * {@link WorkStealingPool#join}: about {@code workers} leaves if nobody steals. When a half runs
 * on another thread than the one that forked it, it was <i>stolen</i>: a worker was idle, so
 * there is demand for more pieces, and the thief resets its budget to
 * {@code max(workers, splits / 2)}. Balanced work therefore costs about one leaf per worker, and
 * uneven work is split further exactly where idle workers come to take it. Depth only grows
 * where stealing happens. A minimum length ({@code minLen}, in the source's
 * {@link Spliterator#estimateSize()} units) stops splitting of small pieces, as rayon's
 * {@code with_min_len}.
 *
 * <p><b>Combining.</b> A leaf runs the pipeline sequentially into a fresh accumulator of the
 * terminal operation; {@code join} returns the results of the prefix and the rest, combined
 * left then right, so every ordered operation sees its elements' results in source order.
 *
 * <p><b>Stopping.</b> One volatile flag per evaluation, {@code stopped}, is read before every
 * element, split and leaf. A leaf whose element throws sets it (and rethrows), so the remaining
 * work ends after at most one element per worker; {@code join} waits for both halves and
 * rethrows the failure. Short-circuiting terminals ({@code anyMatch}, {@code allMatch},
 * {@code findAny}) set it when the answer is known. {@code findFirst} instead keeps the smallest
 * <i>position</i> where a match was found: a task's position is its place in the split tree as
 * a binary fraction (the rest of a split at depth d is its prefix's position plus 2^(61-d)), so
 * positions order tasks as their elements are ordered, and a task positioned after a match
 * stops. The leftmost match is never skipped: only tasks entirely to the right of a found match
 * stop. Since {@code join} waits for both halves, no task of the evaluation runs after the
 * terminal returns.
 */
final class Engine<R> {
  /** A terminal operation: leaves accumulate, results combine in order. */
  interface Terminal<T, R> {
    /** {@return a fresh accumulator for a leaf at {@code pos}} */
    Acc<T, R> leaf(Engine<R> run, long pos);

    /** {@return {@code left} and {@code right} combined; either may be null: skipped} */
    R combine(R left, R right);
  }

  /** A leaf's accumulator: a sink of elements, with a flag to stop its own leaf early. */
  abstract static class Acc<T, R> implements Consumer<T> {
    boolean done;

    abstract R result();
  }

  private static final int MAX_DEPTH = 61;

  final WorkStealingPool pool;
  final int threads;
  final long minLen;
  final Stage<Object, ?> stage;
  final Terminal<Object, R> terminal;
  volatile boolean stopped;
  /** findFirst: the smallest position where a match was found. */
  final AtomicLong first = new AtomicLong(Long.MAX_VALUE);

  @SuppressWarnings("unchecked")
  Engine(WorkStealingPool pool, long minLen, Stage<Object, ?> stage, Terminal<?, R> terminal) {
    this.pool = pool;
    this.threads = pool.workerCount();
    this.minLen = minLen;
    this.stage = stage;
    this.terminal = (Terminal<Object, R>) terminal;
  }

  /** Runs the whole evaluation over {@code root}; null if every leaf was skipped. */
  R run(Spliterator<Object> root) {
    try {
      return pool.join(() -> eval(root, threads, 0L, 0, false), () -> null).first();
    } catch (CancellationException e) {
      stopped = true;
      throw e;
    }
  }

  private boolean halted(long pos) {
    return stopped || pos > first.get();
  }

  private R eval(Spliterator<Object> sp, int splits, long pos, int depth, boolean migrated) {
    try {
      if (halted(pos)) {
        return null;
      }
      int next = -1;
      if (depth < MAX_DEPTH) {
        long len = sp.estimateSize();
        if (len / 2 >= minLen) {
          if (migrated) {
            next = Math.max(threads, splits / 2);
          } else if (splits > 0) {
            next = splits / 2;
          }
        }
      }
      if (next >= 0) {
        Spliterator<Object> prefix = sp.trySplit();
        if (prefix != null) {
          int s = next;
          long rightPos = pos | (1L << (MAX_DEPTH - depth));
          Thread forker = Thread.currentThread();
          Both<R, R> both = pool.join(
              () -> eval(prefix, s, pos, depth + 1, false),
              () -> eval(sp, s, rightPos, depth + 1, Thread.currentThread() != forker));
          return terminal.combine(both.first(), both.second());
        }
      }
      return leaf(sp, pos);
    } catch (Throwable t) {
      stopped = true;
      throw t;
    }
  }

  private R leaf(Spliterator<Object> sp, long pos) {
    Acc<Object, R> acc = terminal.leaf(this, pos);
    BooleanSupplier halt = () -> acc.done || halted(pos);
    @SuppressWarnings("unchecked")
    Consumer<Object> sink = ((Stage<Object, Object>) stage).wrap(acc, halt);
    while (!acc.done && !halted(pos) && sp.tryAdvance(sink)) {
      // one element per iteration, so that a stop is seen after at most one element
    }
    return acc.result();
  }
}
