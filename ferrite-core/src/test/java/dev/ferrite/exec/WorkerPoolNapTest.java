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

  /** One worker held by {@code gate} on job 0, then {@code BACKLOG} queued jobs returning i. */
  private static List<Job<Integer>> queueBehindGate(WorkerPool pool, CountDownLatch gate) {
    List<Job<Integer>> jobs = new ArrayList<>();
    jobs.add(pool.submit(() -> {
      gate.await(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS);
      return 0;
    }));
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
    CountDownLatch gate = new CountDownLatch(1);
    try (WorkerPool pool = WorkerPool.builder().workers(1).build();
        TestThreads threads = new TestThreads()) {
      try {
        List<Job<Integer>> jobs = queueBehindGate(pool, gate);
        PoolJob<Integer> last = (PoolJob<Integer>) jobs.get(BACKLOG);
        TestThreads.Handle<Integer> waiter = threads.call("waiter", last::get);
        TestThreads.await(() -> pool.napsTaken() > 0, () -> "a nap"); // not a parked node
        gate.countDown();
        assertThat(waiter.get()).isEqualTo(BACKLOG);
        for (int i = 0; i <= BACKLOG; i++) {
          assertThat(jobs.get(i).get()).isEqualTo(i);
        }
      } finally {
        gate.countDown();
      }
    }
  }

  @Test
  void aNappingWaiterHonoursItsTimeoutAndItsInterrupt() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    try (WorkerPool pool = WorkerPool.builder().workers(1).build();
        TestThreads threads = new TestThreads()) {
      try {
        List<Job<Integer>> jobs = queueBehindGate(pool, gate);
        Job<Integer> last = jobs.get(BACKLOG);
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
      } finally {
        gate.countDown();
      }
    }
  }

  @Test
  void aVirtualThreadWaiterDoesNotNap() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    try (WorkerPool pool = WorkerPool.builder().workers(1).build();
        TestThreads threads = new TestThreads()) {
      try {
        List<Job<Integer>> jobs = queueBehindGate(pool, gate);
        PoolJob<Integer> last = (PoolJob<Integer>) jobs.get(BACKLOG);
        waitsWithoutNapping(pool, gate, threads, Thread.ofVirtual().name("virtual waiter"), last,
            BACKLOG);
      } finally {
        gate.countDown();
      }
    }
  }

  @Test
  void belowTheBacklogAWaiterParksUntilWoken() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    try (WorkerPool pool = WorkerPool.builder().workers(1).build();
        TestThreads threads = new TestThreads()) {
      try {
        pool.submit(() -> {
          gate.await(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS);
          return 0;
        });
        PoolJob<String> next = (PoolJob<String>) pool.submit(() -> "next");
        waitsWithoutNapping(pool, gate, threads, Thread.ofPlatform().name("waiter"), next, "next");
      } finally {
        gate.countDown();
      }
    }
  }
}
