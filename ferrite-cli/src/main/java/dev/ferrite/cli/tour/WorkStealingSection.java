package dev.ferrite.cli.tour;

import dev.ferrite.exec.WorkStealingPool;
import dev.ferrite.exec.WorkerStats;
import java.io.PrintStream;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The article's {@code WorkStealingPool} on its own use case: graph processing where work
 * appears as it goes and is uneven. A generated graph with power-law degrees (a few hubs with
 * hundreds of neighbours, most nodes with one or two) is traversed in parallel: visiting a node
 * spawns one task per neighbour not yet visited. Nobody can tell in advance which worker will find
 * the hubs, so idle workers steal. The count must equal a plain sequential traversal's.
 */
final class WorkStealingSection implements TourSection {
  static final int NODES = 1_000_000;
  static final long SEED = 42;
  static final double EXPONENT = 2.2; // P(degree = k) ~ k^-2.2, as in many real networks
  static final int MAX_DEGREE = 1_000;

  @Override
  public String name() {
    return "work-stealing";
  }

  @Override
  public String title() {
    return "parallel traversal of a power-law graph, idle workers steal";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    Graph g = Graph.generate(NODES, SEED);
    out.printf("graph: %,d nodes, %,d edges, out-degrees 1 to %,d (power law, seed %d)%n",
        g.nodes(), g.edges(), g.maxDegree(), SEED);

    long start = System.nanoTime();
    int sequential = g.reachableSequentially(0);
    long seqMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    out.printf("sequential traversal from node 0: %,d nodes visited in %d ms%n", sequential,
        seqMillis);

    int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
    try (WorkStealingPool pool =
        WorkStealingPool.builder().workers(workers).name("tour-steal").build()) {
      AtomicLongArray visited = new AtomicLongArray((NODES + 63) / 64);
      LongAdder count = new LongAdder();
      start = System.nanoTime();
      pool.scope(s -> {
        if (claim(visited, 0)) {
          s.spawn(() -> visit(s, g, 0, visited, count));
        }
      });
      long parMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      long parallel = count.sum();
      out.printf("parallel traversal on %d workers: %,d nodes visited in %d ms (%s)%n",
          workers, parallel, parMillis,
          parallel == sequential ? "same as sequential" : "DIFFERENT from sequential");
      List<WorkerStats> stats = pool.stats();
      out.printf("tasks run: %,d (one per visited node, and the scope itself)%n",
          stats.stream().mapToLong(WorkerStats::tasksRun).sum());
      for (WorkerStats st : stats) {
        out.printf("  worker %d: %,d tasks, %,d stolen%n", st.worker(), st.tasksRun(),
            st.steals());
      }
      if (parallel != sequential) {
        throw new IllegalStateException(
            "parallel traversal visited " + parallel + " nodes, sequential " + sequential);
      }
    }
  }

  /** Visits {@code node}: counts it and spawns a task for each neighbour this call claims. */
  private static void visit(WorkStealingPool.Scope s, Graph g, int node, AtomicLongArray visited,
      LongAdder count) {
    count.increment();
    for (int e = g.offsets[node], end = g.offsets[node + 1]; e < end; e++) {
      int next = g.targets[e];
      if (claim(visited, next)) {
        s.spawn(() -> visit(s, g, next, visited, count));
      }
    }
  }

  /** {@return true if this call marked {@code node} visited, false if it already was} */
  private static boolean claim(AtomicLongArray visited, int node) {
    int word = node >>> 6;
    long bit = 1L << node;
    for (long w = visited.get(word); (w & bit) == 0; w = visited.get(word)) {
      if (visited.compareAndSet(word, w, w | bit)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A directed graph in compressed sparse row form: the out-neighbours of node v are
   * {@code targets[offsets[v] .. offsets[v + 1])}.
   */
  record Graph(int[] offsets, int[] targets, int maxDegree) {
    int nodes() {
      return offsets.length - 1;
    }

    int edges() {
      return targets.length;
    }

    /**
     * Out-degrees follow a discrete power law (inverse transform of a Pareto sample, capped); a
     * target is drawn with a bias towards low node numbers, so in-degrees are skewed too and a
     * few hubs connect most of the graph.
     */
    static Graph generate(int n, long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      int[] degree = new int[n];
      long m = 0;
      int max = 0;
      for (int v = 0; v < n; v++) {
        double u = random.nextDouble();
        int d = (int) Math.min(MAX_DEGREE, Math.floor(Math.pow(1 - u, -1 / (EXPONENT - 1))));
        degree[v] = d;
        m += d;
        max = Math.max(max, d);
      }
      int[] offsets = new int[n + 1];
      int[] targets = new int[Math.toIntExact(m)];
      for (int v = 0, e = 0; v < n; v++) {
        offsets[v] = e;
        for (int k = 0; k < degree[v]; k++) {
          double u = random.nextDouble();
          targets[e++] = (int) (n * u * u); // density ~ 1/sqrt(target): low numbers are hubs
        }
      }
      offsets[n] = targets.length;
      return new Graph(offsets, targets, max);
    }

    /** {@return how many nodes are reachable from {@code root}: a depth-first search} */
    int reachableSequentially(int root) {
      boolean[] seen = new boolean[nodes()];
      int[] stack = new int[nodes()];
      int top = 0;
      int count = 0;
      seen[root] = true;
      stack[top++] = root;
      while (top > 0) {
        int v = stack[--top];
        count++;
        for (int e = offsets[v]; e < offsets[v + 1]; e++) {
          int next = targets[e];
          if (!seen[next]) {
            seen[next] = true;
            stack[top++] = next;
          }
        }
      }
      return count;
    }
  }
}
