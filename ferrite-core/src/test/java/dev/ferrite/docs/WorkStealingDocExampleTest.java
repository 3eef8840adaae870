package dev.ferrite.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.exec.Both;
import dev.ferrite.exec.WorkStealingPool;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The example of docs/work-stealing.md: fork-join, a dynamic traversal, submit with a hint. */
class WorkStealingDocExampleTest {
  // @start region="fib"
  static long fib(WorkStealingPool pool, int n) {
    if (n < 20) {
      return n < 2 ? n : fib(pool, n - 1) + fib(pool, n - 2);  // small: sequential
    }
    Both<Long, Long> halves = pool.join(() -> fib(pool, n - 1), () -> fib(pool, n - 2));
    return halves.first() + halves.second();
  }
  // @end

  // @start region="visit"
  /** Visits the numbers below 10,000 as a tree (children 2n+1, 2n+2): work found on the way. */
  static void visit(WorkStealingPool.Scope s, int n, Set<Integer> seen) {
    if (n < 10_000 && seen.add(n)) {
      s.spawn(() -> visit(s, 2 * n + 1, seen));
      s.spawn(() -> visit(s, 2 * n + 2, seen));
    }
  }
  // @end

  @Test
  void forkJoinTraversalAndHints() throws InterruptedException, ExecutionException {
    // @start region="example"
    long f;
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    AtomicInteger hinted = new AtomicInteger();
    try (WorkStealingPool pool = WorkStealingPool.fixed(2)) {
      f = pool.join(() -> fib(pool, 27), () -> 0L).first();    // rayon::join, from outside
      pool.scope(s -> s.spawn(() -> visit(s, 0, seen)));        // rayon::scope: waits for all
      pool.submit(1, hinted::incrementAndGet).get();            // the article's submit(hint, task)
    }                                                           // close: workers finish and exit
    // @end

    assertThat(f).isEqualTo(196_418);
    assertThat(seen).hasSize(10_000);
    assertThat(hinted).hasValue(1);
  }
}
