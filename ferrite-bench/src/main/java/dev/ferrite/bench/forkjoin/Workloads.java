package dev.ferrite.bench.forkjoin;

import dev.ferrite.exec.Both;
import dev.ferrite.exec.WorkStealingPool;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

/**
 * The fork-join workloads of {@code ForkJoinBench}, each written three times over the same task
 * tree: {@link Sequential} (plain recursion), {@link Ferrite} ({@link WorkStealingPool#join}) and
 * {@link Fjp} ({@link ForkJoinPool} with {@link RecursiveTask}). Where the parallel versions fork,
 * they fork the same piece: the second half goes to the deque, the first runs in place.
 *
 * <ul>
 *   <li>{@code fib(n)}: a fork at every level, no sequential cut-off: pure scheduling overhead
 *       (about 1.6 million forks for n = 30).
 *   <li>{@code nqueens(n)}: counts the placements of n queens; at every row the columns still
 *       free are split in halves, recursively, so each candidate placement is one task (about
 *       850,000 for n = 12). Boards are three int bitmasks: no allocation but the tasks.
 *   <li>{@code uts(tree)}: counts the nodes of a UTS tree ({@link Uts}); a node's children are
 *       split in halves the same way, so each child is one task, and every node costs a SHA-1.
 * </ul>
 */
public abstract sealed class Workloads implements AutoCloseable {

  /** {@return fib(n), forking at every level} */
  public abstract long fib(int n);

  /** {@return the number of ways to place n non-attacking queens on an n x n board} */
  public abstract long nqueens(int n);

  /** {@return the number of nodes of {@code tree}} */
  public abstract long uts(Uts tree);

  @Override
  public void close() {}

  /** {@return the workloads of {@code impl}: ferrite, ForkJoinPool or sequential} */
  public static Workloads of(String impl, int workers) {
    return switch (impl) {
      case "ferrite" -> new Ferrite(workers);
      case "ForkJoinPool" -> new Fjp(workers);
      case "sequential" -> new Sequential();
      default -> throw new IllegalArgumentException("unknown impl: " + impl);
    };
  }

  /** {@return the columns of an n-queens board as a mask of n bits} */
  static int all(int n) {
    return n == 32 ? -1 : (1 << n) - 1;
  }

  /** {@return the lower half (by count) of the set bits of {@code free}; at least one bit} */
  static int lowerHalf(int free) {
    int half = Integer.bitCount(free) >>> 1;
    int low = 0;
    for (int i = 0; i < half; i++) {
      int bit = Integer.lowestOneBit(free & ~low);
      low |= bit;
    }
    return low;
  }

  // ---------------------------------------------------------------- sequential

  /** Plain recursion over the same trees: the baseline. */
  public static final class Sequential extends Workloads {
    @Override
    public long fib(int n) {
      return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    @Override
    public long nqueens(int n) {
      return queens(all(n), 0, 0, 0);
    }

    static long queens(int all, int cols, int d1, int d2) {
      if (cols == all) {
        return 1;
      }
      return place(all, cols, d1, d2, all & ~(cols | d1 | d2));
    }

    static long place(int all, int cols, int d1, int d2, int free) {
      if (free == 0) {
        return 0;
      }
      if (Integer.bitCount(free) == 1) {
        return queens(all, cols | free, ((d1 | free) << 1) & all, (d2 | free) >>> 1);
      }
      int low = lowerHalf(free);
      return place(all, cols, d1, d2, low) + place(all, cols, d1, d2, free & ~low);
    }

    @Override
    public long uts(Uts tree) {
      return nodes(tree, tree.root());
    }

    static long nodes(Uts tree, Uts.Node n) {
      int k = tree.numChildren(n);
      return k == 0 ? 1 : 1 + children(tree, n, 0, k);
    }

    static long children(Uts tree, Uts.Node n, int lo, int hi) {
      if (hi - lo == 1) {
        return nodes(tree, tree.child(n, lo));
      }
      int mid = (lo + hi) >>> 1;
      return children(tree, n, lo, mid) + children(tree, n, mid, hi);
    }
  }

  // ---------------------------------------------------------------- ferrite

  /** Ferrite's {@link WorkStealingPool}: {@code join(first half, second half)}. */
  public static final class Ferrite extends Workloads {
    final WorkStealingPool pool;

    Ferrite(int workers) {
      pool = WorkStealingPool.builder().workers(workers).name("bench-ferrite").daemon(true)
          .build();
    }

    private <T> T run(java.util.concurrent.Callable<T> root) {
      try {
        return pool.submit(root).get();
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public long fib(int n) {
      return run(() -> fibTask(n));
    }

    long fibTask(int n) {
      if (n < 2) {
        return n;
      }
      Both<Long, Long> r = pool.join(() -> fibTask(n - 2), () -> fibTask(n - 1));
      return r.first() + r.second();
    }

    @Override
    public long nqueens(int n) {
      int all = all(n);
      return run(() -> queens(all, 0, 0, 0));
    }

    long queens(int all, int cols, int d1, int d2) {
      if (cols == all) {
        return 1;
      }
      return place(all, cols, d1, d2, all & ~(cols | d1 | d2));
    }

    long place(int all, int cols, int d1, int d2, int free) {
      if (free == 0) {
        return 0;
      }
      if (Integer.bitCount(free) == 1) {
        return queens(all, cols | free, ((d1 | free) << 1) & all, (d2 | free) >>> 1);
      }
      int low = lowerHalf(free);
      Both<Long, Long> r = pool.join(
          () -> place(all, cols, d1, d2, low), () -> place(all, cols, d1, d2, free & ~low));
      return r.first() + r.second();
    }

    @Override
    public long uts(Uts tree) {
      return run(() -> nodes(tree, tree.root()));
    }

    long nodes(Uts tree, Uts.Node n) {
      int k = tree.numChildren(n);
      return k == 0 ? 1 : 1 + children(tree, n, 0, k);
    }

    long children(Uts tree, Uts.Node n, int lo, int hi) {
      if (hi - lo == 1) {
        return nodes(tree, tree.child(n, lo));
      }
      int mid = (lo + hi) >>> 1;
      Both<Long, Long> r = pool.join(
          () -> children(tree, n, lo, mid), () -> children(tree, n, mid, hi));
      return r.first() + r.second();
    }

    @Override
    public void close() {
      pool.close();
    }
  }

  // ---------------------------------------------------------------- ForkJoinPool

  /**
   * {@link ForkJoinPool} with the same parallelism: each task forks its second half, computes
   * its first half in place, then joins ({@code RecursiveTask}, the idiom of its Javadoc).
   */
  public static final class Fjp extends Workloads {
    final ForkJoinPool pool;

    Fjp(int workers) {
      pool = new ForkJoinPool(workers);
    }

    @Override
    public long fib(int n) {
      return pool.invoke(new FibTask(n));
    }

    static final class FibTask extends RecursiveTask<Long> {
      final int n;

      FibTask(int n) {
        this.n = n;
      }

      @Override
      protected Long compute() {
        if (n < 2) {
          return (long) n;
        }
        FibTask second = new FibTask(n - 1);
        second.fork();
        long first = new FibTask(n - 2).compute();
        return first + second.join();
      }
    }

    @Override
    public long nqueens(int n) {
      int all = all(n);
      return pool.invoke(new PlaceTask(all, 0, 0, 0, all));
    }

    static final class PlaceTask extends RecursiveTask<Long> {
      final int all;
      final int cols;
      final int d1;
      final int d2;
      final int free;

      PlaceTask(int all, int cols, int d1, int d2, int free) {
        this.all = all;
        this.cols = cols;
        this.d1 = d1;
        this.d2 = d2;
        this.free = free;
      }

      @Override
      protected Long compute() {
        return place(all, cols, d1, d2, free);
      }

      static long queens(int all, int cols, int d1, int d2) {
        if (cols == all) {
          return 1;
        }
        return place(all, cols, d1, d2, all & ~(cols | d1 | d2));
      }

      static long place(int all, int cols, int d1, int d2, int free) {
        if (free == 0) {
          return 0;
        }
        if (Integer.bitCount(free) == 1) {
          return queens(all, cols | free, ((d1 | free) << 1) & all, (d2 | free) >>> 1);
        }
        int low = lowerHalf(free);
        PlaceTask second = new PlaceTask(all, cols, d1, d2, free & ~low);
        second.fork();
        long first = place(all, cols, d1, d2, low);
        return first + second.join();
      }
    }

    @Override
    public long uts(Uts tree) {
      return pool.invoke(new NodeTask(tree, tree.root()));
    }

    static final class NodeTask extends RecursiveTask<Long> {
      final Uts tree;
      final Uts.Node n;

      NodeTask(Uts tree, Uts.Node n) {
        this.tree = tree;
        this.n = n;
      }

      @Override
      protected Long compute() {
        return nodes(tree, n);
      }

      static long nodes(Uts tree, Uts.Node n) {
        int k = tree.numChildren(n);
        return k == 0 ? 1 : 1 + new ChildrenTask(tree, n, 0, k).compute();
      }
    }

    static final class ChildrenTask extends RecursiveTask<Long> {
      final Uts tree;
      final Uts.Node n;
      final int lo;
      final int hi;

      ChildrenTask(Uts tree, Uts.Node n, int lo, int hi) {
        this.tree = tree;
        this.n = n;
        this.lo = lo;
        this.hi = hi;
      }

      @Override
      protected Long compute() {
        if (hi - lo == 1) {
          return NodeTask.nodes(tree, tree.child(n, lo));
        }
        int mid = (lo + hi) >>> 1;
        ChildrenTask second = new ChildrenTask(tree, n, mid, hi);
        second.fork();
        long first = new ChildrenTask(tree, n, lo, mid).compute();
        return first + second.join();
      }
    }

    @Override
    public void close() {
      pool.close();
    }
  }
}
