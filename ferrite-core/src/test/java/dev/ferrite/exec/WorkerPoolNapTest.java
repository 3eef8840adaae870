package dev.ferrite.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * White-box: a waiter whose job is queued behind a backlog naps (timed parks that no worker has
 * to end) instead of asking to be woken, and still honours its result, its timeout and its
 * interrupt; below the backlog it waits as usual.
 */
class WorkerPoolNapTest {

  private static final int BACKLOG = WorkerPool.NAP_BACKLOG * 3;

  /** A test body, given a one-worker pool whose worker is held by {@code gate} on job 0. */
  private interface HeldPoolTest {
    void run(WorkerPool pool, Job<Integer> held, CountDownLatch gate, TestThreads threads)
        throws Exception;
  }

  /** Runs {@code body} on a one-worker pool held by a gate, which opens at the end in any case. */
  private static void withHeldWorker(HeldPoolTest body) throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    try (WorkerPool pool = WorkerPool.builder().workers(1).build();
        TestThreads threads = new TestThreads()) {
      try {
        Job<Integer> held = pool.submit(() -> {
          gate.await(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS);
          return 0;
        });
        body.run(pool, held, gate, threads);
      } finally {
        gate.countDown();
      }
    }
  }

  /** {@return {@code held}, then {@code BACKLOG} jobs queued behind it; job i returns i} */
  private static List<Job<Integer>> queueBacklog(WorkerPool pool, Job<Integer> held) {
    List<Job<Integer>> jobs = new ArrayList<>();
    jobs.add(held);
    for (int i = 1; i <= BACKLOG; i++) {
      int v = i;
      jobs.add(pool.submit(() -> v));
    }
    return jobs;
  }

  /**
   * A waiter started by {@code builder} on {@code job} parks with a waiter node and takes no nap;
   * then {@code gate} opens and it gets {@code expected}.
   */
  private static <T> void waitsWithoutNapping(WorkerPool pool, CountDownLatch gate,
      TestThreads threads, Thread.Builder builder, PoolJob<T> job, T expected) throws Exception {
    TestThreads.Handle<T> waiter = threads.call(builder, job::get);
    TestThreads.await(() -> job.waiterNodes() == 1, () -> "the waiter's node");
    assertThat(pool.napsTaken()).isZero();
    gate.countDown();
    assertThat(waiter.get()).isEqualTo(expected);
  }

  @Test
  void aWaiterBehindABacklogNapsAndGetsItsResult() throws Exception {
    withHeldWorker((pool, held, gate, threads) -> {
      List<Job<Integer>> jobs = queueBacklog(pool, held);
      PoolJob<Integer> last = (PoolJob<Integer>) jobs.get(BACKLOG);
      TestThreads.Handle<Integer> waiter = threads.call("waiter", last::get);
      TestThreads.await(() -> pool.napsTaken() > 0, () -> "a nap"); // not a parked node
      gate.countDown();
      assertThat(waiter.get()).isEqualTo(BACKLOG);
      for (int i = 0; i <= BACKLOG; i++) {
        assertThat(jobs.get(i).get()).isEqualTo(i);
      }
    });
  }

  @Test
  void aNappingWaiterHonoursItsTimeoutAndItsInterrupt() throws Exception {
    withHeldWorker((pool, held, gate, threads) -> {
      Job<Integer> last = queueBacklog(pool, held).get(BACKLOG);
      assertThatThrownBy(() -> last.get(2, TimeUnit.MILLISECONDS))
          .isInstanceOf(TimeoutException.class);
      assertThat(pool.napsTaken()).isPositive();

      TestThreads.Handle<Integer> interrupted = threads.call("interrupted", last::get);
      long before = pool.napsTaken();
      TestThreads.await(() -> pool.napsTaken() > before, () -> "a nap");
      interrupted.thread().interrupt();
      assertThat(interrupted.failure()).isInstanceOf(InterruptedException.class);
      assertThat(last.isDone()).isFalse();

      gate.countDown();
      assertThat(last.get()).isEqualTo(BACKLOG);
    });
  }

  @Test
  void aVirtualThreadWaiterDoesNotNap() throws Exception {
    withHeldWorker((pool, held, gate, threads) -> {
      PoolJob<Integer> last = (PoolJob<Integer>) queueBacklog(pool, held).get(BACKLOG);
      waitsWithoutNapping(pool, gate, threads, Thread.ofVirtual().name("virtual waiter"), last,
          BACKLOG);
    });
  }

  @Test
  void belowTheBacklogAWaiterParksUntilWoken() throws Exception {
    withHeldWorker((pool, held, gate, threads) -> {
      PoolJob<String> next = (PoolJob<String>) pool.submit(() -> "next");
      waitsWithoutNapping(pool, gate, threads, Thread.ofPlatform().name("waiter"), next, "next");
    });
  }
}
