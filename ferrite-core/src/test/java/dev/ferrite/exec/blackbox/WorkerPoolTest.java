package dev.ferrite.exec.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.exec.Job;
import dev.ferrite.exec.Rejected;
import dev.ferrite.exec.Saturated;
import dev.ferrite.exec.ShutdownReport;
import dev.ferrite.exec.Submitted;
import dev.ferrite.exec.WorkerPool;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pool's own API: building, failures, draining, back-pressure, shutdowns, interrupts. */
class WorkerPoolTest {

  private static WorkerPool pool(int workers, int capacity) {
    return WorkerPool.builder().workers(workers).queueCapacity(capacity).build();
  }

  // ---- building

  @Test
  void builderRejectsBadArguments() {
    assertThatThrownBy(() -> WorkerPool.builder().workers(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WorkerPool.builder().queueCapacity(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WorkerPool.builder().queueCapacity((1 << 30) + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WorkerPool.builder().name(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> WorkerPool.builder().name(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WorkerPool.builder().onFailure(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> WorkerPool.fixed(-3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fixedPoolHasDefaults() throws Exception {
    try (WorkerPool pool = WorkerPool.fixed(3)) {
      assertThat(pool.workerCount()).isEqualTo(3);
      assertThat(pool.queueCapacity()).isEqualTo(WorkerPool.DEFAULT_QUEUE_CAPACITY);
      assertThat(pool.name()).startsWith("ferrite-pool-");
      assertThat(pool.submit(() -> 42).get()).isEqualTo(42);
      assertThat(pool.toString()).contains(pool.name(), "open", "workers=3");
      pool.closeIntake();
      pool.join();
      assertThat(pool.toString()).contains("terminated", "completed=1");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void workersAreNamedAndOfTheRequestedKind(boolean virtual) throws Exception {
    int n = 3;
    CyclicBarrier allIn = new CyclicBarrier(n);
    Set<String> names = ConcurrentHashMap.newKeySet();
    AtomicInteger virtualCount = new AtomicInteger();
    try (WorkerPool pool = WorkerPool.builder().workers(n).virtualThreads(virtual)
        .name("tp").build()) {
      List<Job<?>> jobs = new ArrayList<>();
      for (int i = 0; i < n; i++) { // each waits for the others: n jobs need n distinct workers
        jobs.add(pool.submit(() -> {
          names.add(Thread.currentThread().getName());
          if (Thread.currentThread().isVirtual()) {
            virtualCount.incrementAndGet();
          }
          allIn.await(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS);
          return null;
        }));
      }
      for (Job<?> job : jobs) {
        assertThat(job.await()).isEqualTo(Future.State.SUCCESS);
      }
    }
    assertThat(names).containsExactlyInAnyOrder("tp-worker-0", "tp-worker-1", "tp-worker-2");
    assertThat(virtualCount).hasValue(virtual ? n : 0);
  }

  @Test
  void unboundedIntakeNeverSaturates() throws Exception {
    try (WorkerPool pool = WorkerPool.builder().workers(1).queueCapacity(Integer.MAX_VALUE)
        .build(); Gate gate = new Gate()) {
      pool.submit(gate.task("held"));
      gate.awaitEntered();
      for (int i = 0; i < 5000; i++) {
        assertThat(pool.trySubmit(() -> 1)).isInstanceOf(Submitted.class);
      }
      assertThat(pool.queueCapacity()).isEqualTo(Integer.MAX_VALUE);
      assertThat(pool.queuedCount()).isEqualTo(5000);
    }
  }

  // ---- results and failures

  @Test
  void failingJobsDoNotKillTheirWorker() throws Exception {
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try (WorkerPool pool = pool(1, 16)) {
      IllegalStateException boom = new IllegalStateException("boom");
      Job<Object> fails = pool.submit(() -> {
        threads.add(Thread.currentThread().getName());
        throw boom;
      });
      Job<Object> errs = pool.submit(() -> {
        throw new StackOverflowError("deep");
      });
      Job<String> works = pool.submit(() -> {
        threads.add(Thread.currentThread().getName());
        return "ok";
      });
      assertThat(works.get()).isEqualTo("ok");
      assertThat(fails.state()).isEqualTo(Future.State.FAILED);
      assertThat(fails.exceptionNow()).isSameAs(boom);
      assertThatThrownBy(fails::get).isInstanceOf(ExecutionException.class).hasCause(boom);
      assertThat(errs.exceptionNow()).isInstanceOf(StackOverflowError.class);
      assertThat(threads).hasSize(1); // the same, single worker ran both
      pool.closeIntake();
      pool.join(); // counts are exact once terminated
      assertThat(pool.failedCount()).isEqualTo(2);
      assertThat(pool.completedCount()).isEqualTo(1);
    }
  }

  @Test
  void failureHandlerHearsOfEveryFailureAndCannotKillTheWorker() throws Exception {
    ConcurrentLinkedQueue<Throwable> heard = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Job<?>> jobs = new ConcurrentLinkedQueue<>();
    AtomicBoolean throwFromHandler = new AtomicBoolean(true);
    AtomicReference<Throwable> uncaught = new AtomicReference<>();
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.set(e));
    try (WorkerPool pool = WorkerPool.builder().workers(1).onFailure((job, failure) -> {
      jobs.add(job);
      heard.add(failure);
      if (throwFromHandler.getAndSet(false)) {
        throw new IllegalArgumentException("handler broke");
      }
    }).build()) {
      RuntimeException first = new RuntimeException("first");
      RuntimeException second = new RuntimeException("second");
      Job<?> a = pool.submit(() -> {
        throw first;
      });
      pool.execute(() -> {
        throw second;
      });
      Job<Integer> after = pool.submit(() -> 7);
      assertThat(after.get()).isEqualTo(7);
      assertThat(heard).containsExactly(first, second);
      assertThat(jobs.peek()).isSameAs(a);
      assertThat(uncaught.get()).hasMessage("handler broke");
      assertThat(pool.failedCount()).isEqualTo(2);
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }
  }

  @Test
  void failureOfAnExecutedTaskGoesToTheUncaughtExceptionHandlerWithoutAHandler()
      throws Exception {
    AtomicReference<Throwable> uncaught = new AtomicReference<>();
    AtomicReference<String> where = new AtomicReference<>();
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
      where.set(t.getName());
      uncaught.set(e);
    });
    try (WorkerPool pool = WorkerPool.builder().workers(1).name("ueh").build()) {
      RuntimeException lost = new RuntimeException("nobody holds my job");
      pool.execute(() -> {
        throw lost;
      });
      Job<?> submitted = pool.submit(() -> {
        throw new RuntimeException("held by its job");
      });
      assertThat(submitted.await()).isEqualTo(Future.State.FAILED);
      assertThat(pool.submit(() -> 1).get()).isEqualTo(1); // same worker, still alive
      assertThat(uncaught.get()).isSameAs(lost);
      assertThat(where.get()).isEqualTo("ueh-worker-0");
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }
  }

  // ---- drain, join

  @Test
  void closeIntakeLetsWorkersDrainWhatWasAccepted() throws Exception {
    try (WorkerPool pool = pool(1, 16); Gate gate = new Gate()) {
      Job<String> held = pool.submit(gate.task("held"));
      gate.awaitEntered();
      List<Job<Integer>> queued = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int n = i;
        queued.add(pool.submit(() -> n * n));
      }
      pool.closeIntake();
      pool.closeIntake(); // idempotent
      assertThat(pool.isShutdown()).isTrue();
      assertThat(pool.isTerminated()).isFalse();
      assertThatThrownBy(() -> pool.submit(() -> 1))
          .isInstanceOf(RejectedExecutionException.class);
      Callable<Integer> late = () -> 1;
      assertThat(pool.trySubmit(late)).isEqualTo(new Rejected<>(late));
      assertThat(pool.join(Timeouts.SHORT)).isFalse(); // still held
      gate.open();
      pool.join();
      assertThat(pool.isTerminated()).isTrue();
      assertThat(held.resultNow()).isEqualTo("held");
      for (int i = 0; i < 10; i++) {
        assertThat(queued.get(i).resultNow()).isEqualTo(i * i);
      }
      assertThat(pool.completedCount()).isEqualTo(11);
      assertThat(pool.toString()).contains("terminated");
    }
  }

  @Test
  void joinWaitsForEveryWorkerThread() throws Exception {
    List<Thread> workerThreads = new ArrayList<>();
    WorkerPool pool = WorkerPool.builder().workers(2).build();
    CyclicBarrier both = new CyclicBarrier(2);
    List<Job<Thread>> jobs = List.of(
        pool.submit(() -> {
          both.await(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS);
          return Thread.currentThread();
        }),
        pool.submit(() -> {
          both.await(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS);
          return Thread.currentThread();
        }));
    for (Job<Thread> job : jobs) {
      workerThreads.add(job.get());
    }
    assertThat(pool.join(Duration.ZERO)).isFalse();
    pool.closeIntake();
    pool.join();
    assertThat(workerThreads).noneMatch(Thread::isAlive);
    assertThat(pool.join(Duration.ZERO)).isTrue();
  }

  @Test
  void joinAndCloseFromAWorkerFailFast() throws Exception {
    try (WorkerPool pool = pool(1, 4)) {
      Job<Throwable> join = pool.submit(() -> {
        try {
          pool.join();
          return null;
        } catch (IllegalStateException e) {
          return e;
        }
      });
      Job<Throwable> close = pool.submit(() -> {
        try {
          pool.close();
          return null;
        } catch (IllegalStateException e) {
          return e;
        }
      });
      assertThat(join.get()).hasMessageContaining("wait for itself");
      assertThat(close.get()).hasMessageContaining("wait for itself");
      assertThat(pool.isShutdown()).isFalse(); // close() failed before doing anything
    }
  }

  // ---- back-pressure

  @Test
  void submitBlocksWhileTheIntakeIsFullAndTrySubmitSaysSaturated() throws Exception {
    try (WorkerPool pool = pool(1, 2); Gate gate = new Gate();
        TestThreads threads = new TestThreads()) {
      pool.submit(gate.task("held"));
      gate.awaitEntered();
      pool.submit(() -> 1);
      pool.submit(() -> 2); // the intake is full now
      Callable<Integer> extra = () -> 3;
      assertThat(pool.trySubmit(extra)).isEqualTo(new Saturated<>(extra));
      TestThreads.Handle<Integer> blocked = threads.call("submitter", () -> pool.submit(extra).get());
      TestThreads.awaitBlocked(blocked.thread());
      assertThat(blocked.thread().isAlive()).isTrue();
      gate.open();
      assertThat(blocked.get()).isEqualTo(3);
    }
  }

  @Test
  void rendezvousIntakeHandsJobsOnlyToIdleWorkers() throws Exception {
    try (WorkerPool pool = pool(1, 0); Gate gate = new Gate()) {
      Thread worker = pool.submit(Thread::currentThread).get();
      TestThreads.awaitBlocked(worker); // idle, parked in recv
      Job<String> held = switch (pool.trySubmit(gate.task("held"))) {
        case Submitted<String>(Job<String> job) -> job;
        case Saturated<String> s -> throw new AssertionError("the worker was idle");
        case Rejected<String> r -> throw new AssertionError("the pool is open");
      };
      gate.awaitEntered();
      assertThat(pool.trySubmit(() -> "x")).isInstanceOf(Saturated.class);
      assertThat(pool.queuedCount()).isZero();
      gate.open();
      assertThat(held.get()).isEqualTo("held");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void closingTheIntakeRejectsASubmitterBlockedForRoom(int capacity) throws Exception {
    try (WorkerPool pool = pool(1, capacity); Gate gate = new Gate();
        TestThreads threads = new TestThreads()) {
      Job<String> held = pool.submit(gate.task("held"));
      gate.awaitEntered();
      Job<Integer> queued = capacity > 0 ? pool.submit(() -> 1) : null;
      TestThreads.Handle<Job<Integer>> blocked = threads.call("submitter",
          () -> pool.submit(() -> 2));
      TestThreads.awaitBlocked(blocked.thread());
      pool.closeIntake();
      assertThat(blocked.failure()).isInstanceOf(RejectedExecutionException.class);
      gate.open();
      pool.join();
      assertThat(held.resultNow()).isEqualTo("held");
      if (queued != null) {
        assertThat(queued.resultNow()).isEqualTo(1);
      }
      assertThat(pool.completedCount()).isEqualTo(1 + capacity);
    }
  }

  @Test
  void aSubmitterInterruptedWhileBlockedIsRejectedWithTheInterruptKept() throws Exception {
    try (WorkerPool pool = pool(1, 1); Gate gate = new Gate();
        TestThreads threads = new TestThreads()) {
      pool.submit(gate.task("held"));
      gate.awaitEntered();
      pool.submit(() -> 1);
      AtomicBoolean stillInterrupted = new AtomicBoolean();
      TestThreads.Handle<Throwable> submitter = threads.call("submitter", () -> {
        try {
          pool.execute(() -> { });
          return null;
        } catch (RejectedExecutionException e) {
          stillInterrupted.set(Thread.currentThread().isInterrupted());
          return e;
        }
      });
      TestThreads.awaitBlocked(submitter.thread());
      submitter.thread().interrupt();
      assertThat(submitter.get()).isInstanceOf(RejectedExecutionException.class)
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(stillInterrupted).isTrue();
      assertThat(pool.isShutdown()).isFalse();
    }
  }

  @Test
  void anInterruptedThreadCanStillSubmitWhenThereIsRoom() throws Exception {
    try (WorkerPool pool = pool(1, 4)) {
      Thread.currentThread().interrupt();
      Job<Integer> job;
      try {
        job = pool.submit(() -> 5);
      } finally {
        assertThat(Thread.interrupted()).isTrue();
      }
      assertThat(job.get()).isEqualTo(5);
    }
  }

  // ---- shutdowns

  @Test
  void shutdownWithGraceReportsACleanDrain() throws Exception {
    WorkerPool pool = pool(2, 16);
    List<Job<Integer>> jobs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int n = i;
      jobs.add(pool.submit(() -> n));
    }
    pool.submit(() -> {
      throw new IllegalStateException("one failure");
    });
    ShutdownReport report = pool.shutdown(Timeouts.LONG);
    assertThat(report.forced()).isFalse();
    assertThat(report.terminated()).isTrue();
    assertThat(report.abandoned()).isEmpty();
    assertThat(report.completed()).isEqualTo(20);
    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.cancelled()).isZero();
    assertThat(jobs).allMatch(j -> j.state() == Future.State.SUCCESS);
    pool.join();
  }

  @Test
  void shutdownWithGraceAbandonsWhatIsLeftWhenTimeRunsOut() throws Exception {
    WorkerPool pool = pool(1, 16);
    try (Gate gate = new Gate()) {
      Job<String> running = pool.submit(gate.task("never"));
      gate.awaitEntered();
      Callable<Integer> t1 = () -> 1;
      Runnable t2 = () -> { };
      Callable<Integer> t3 = () -> 3;
      Job<Integer> j1 = pool.submit(t1);
      pool.execute(t2);
      Job<Integer> j3 = pool.submit(t3);

      ShutdownReport report = pool.shutdown(Timeouts.SHORT); // expected to run out

      assertThat(report.forced()).isTrue();
      assertThat(report.abandonedTasks()).containsExactly(t1, t2, t3);
      assertThat(report.abandoned().get(0)).isSameAs(j1);
      assertThat(report.abandoned().get(2)).isSameAs(j3);
      assertThat(report.abandoned()).allMatch(Job::isCancelled);
      assertThat(report.cancelled()).isEqualTo(4); // three abandoned + the running one
      assertThat(report.completed()).isZero();
      assertThat(running.state()).isEqualTo(Future.State.CANCELLED);
      pool.join();
      assertThat(gate.interrupts).hasValue(1);
      assertThat(j1.state()).isEqualTo(Future.State.CANCELLED);
      assertThatThrownBy(j3::get).isInstanceOf(java.util.concurrent.CancellationException.class);
      assertThat(pool.completedCount() + pool.failedCount() + pool.cancelledCount()).isEqualTo(4);
    }
  }

  @Test
  void shutdownWithGraceEndsTheGraceWhenInterrupted() throws Exception {
    WorkerPool pool = pool(1, 4);
    try (Gate gate = new Gate()) {
      pool.submit(gate.task("held"));
      gate.awaitEntered();
      Thread.currentThread().interrupt();
      ShutdownReport report = pool.shutdown(Timeouts.LONG);
      assertThat(Thread.interrupted()).isTrue();
      assertThat(report.forced()).isTrue();
      pool.join();
      assertThat(gate.interrupts).hasValue(1);
    }
  }

  @Test
  void shutdownNowReturnsTheNeverStartedTasksAndInterruptsRunningOnes() throws Exception {
    WorkerPool pool = pool(1, 16);
    try (Gate gate = new Gate()) {
      Job<String> running = pool.submit(gate.task("held"));
      gate.awaitEntered();
      AtomicInteger ran = new AtomicInteger();
      Runnable r1 = ran::incrementAndGet;
      Runnable r2 = ran::incrementAndGet;
      pool.execute(r1);
      Job<Integer> j = pool.submit(() -> ran.incrementAndGet());
      pool.execute(r2);

      List<Runnable> never = pool.shutdownNow();

      assertThat(never).containsExactly(r1, j, r2);
      assertThat(j.isCancelled()).isTrue();
      assertThat(pool.isShutdown()).isTrue();
      assertThat(pool.awaitTermination(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
      assertThat(pool.isTerminated()).isTrue();
      assertThat(ran).hasValue(0);
      assertThat(gate.interrupts).hasValue(1);
      assertThat(running.exceptionNow()).isInstanceOf(InterruptedException.class);
      assertThat(pool.shutdownNow()).isEmpty();
      pool.close();
    }
  }

  @Test
  void closeDrainsAndIsIdempotent() throws Exception {
    WorkerPool pool = pool(2, 8);
    AtomicInteger ran = new AtomicInteger();
    for (int i = 0; i < 50; i++) {
      pool.execute(ran::incrementAndGet);
    }
    pool.close();
    assertThat(ran).hasValue(50);
    assertThat(pool.isTerminated()).isTrue();
    pool.close();
    pool.shutdown();
    assertThat(pool.shutdown(Duration.ZERO).forced()).isFalse();
  }

  @Test
  void closeInterruptedStopsThePoolAndKeepsTheInterrupt() throws Exception {
    WorkerPool pool = pool(1, 4);
    try (Gate gate = new Gate()) {
      pool.submit(gate.task("held"));
      Job<Integer> queued = pool.submit(() -> 1);
      gate.awaitEntered();
      Thread.currentThread().interrupt();
      pool.close(); // join() throws at once, close() then stops the pool and waits again
      assertThat(Thread.interrupted()).isTrue();
      assertThat(pool.isTerminated()).isTrue();
      assertThat(gate.interrupts).hasValue(1);
      assertThat(queued.isCancelled()).isTrue();
    }
  }

  // ---- interrupt hygiene

  @Test
  void anInterruptLeftByOneJobDoesNotReachTheNext() throws Exception {
    try (WorkerPool pool = pool(1, 4)) {
      pool.submit(() -> Thread.currentThread().interrupt());
      assertThat(pool.submit(() -> Thread.currentThread().isInterrupted()).get()).isFalse();
    }
  }

  @Test
  void cancelWithInterruptHitsOnlyTheCancelledJob() throws Exception {
    try (WorkerPool pool = pool(1, 4); Gate gate = new Gate()) {
      Job<String> held = pool.submit(gate.task("held"));
      gate.awaitEntered();
      Job<Boolean> next = pool.submit(() -> Thread.currentThread().isInterrupted());
      assertThat(held.cancel(true)).isTrue();
      assertThat(held.cancel(true)).isFalse();
      assertThat(next.get()).isFalse();
      assertThat(gate.interrupts).hasValue(1);
      assertThat(held.state()).isEqualTo(Future.State.CANCELLED);
      assertThat(pool.cancelledCount()).isEqualTo(1); // counted before cancel returned
      pool.closeIntake();
      pool.join();
      assertThat(pool.completedCount()).isEqualTo(1);
    }
  }

  @Test
  void workersSurviveInterruptsFromStrangers() throws Exception {
    try (WorkerPool pool = pool(1, 4)) {
      Thread worker = pool.submit(Thread::currentThread).get();
      TestThreads.awaitBlocked(worker);
      worker.interrupt(); // wakes it in recv; it must go on waiting for work
      TestThreads.awaitBlocked(worker);
      assertThat(pool.submit(() -> Thread.currentThread().isInterrupted()).get()).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void manySubmittersManyJobs(boolean virtual) throws Exception {
    int submitters = 4;
    int perSubmitter = 2_000;
    AtomicInteger ran = new AtomicInteger();
    try (WorkerPool pool = WorkerPool.builder().workers(2).queueCapacity(16)
        .virtualThreads(virtual).build(); TestThreads threads = new TestThreads()) {
      CountDownLatch go = new CountDownLatch(1);
      for (int s = 0; s < submitters; s++) {
        threads.start(virtual, "submitter-" + s, () -> {
          go.await();
          for (int i = 0; i < perSubmitter; i++) {
            pool.execute(ran::incrementAndGet);
          }
        });
      }
      go.countDown();
      threads.joinAll();
      pool.closeIntake();
      pool.join();
      assertThat(ran).hasValue(submitters * perSubmitter);
      assertThat(pool.completedCount()).isEqualTo(submitters * perSubmitter);
    }
  }

  @Test
  void jobsMayTimeOutWhileWaitingForAFullPool() throws Exception {
    try (WorkerPool pool = pool(1, 1); Gate gate = new Gate()) {
      Job<String> held = pool.submit(gate.task("held"));
      gate.awaitEntered();
      assertThatThrownBy(() -> held.get(Timeouts.SHORT.toNanos(), TimeUnit.NANOSECONDS))
          .isInstanceOf(TimeoutException.class);
      gate.open();
      assertThat(held.get(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS)).isEqualTo("held");
    }
  }
}
