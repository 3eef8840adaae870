package dev.ferrite.exec.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.exec.Job;
import dev.ferrite.exec.WorkStealingPool;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The {@link ExecutorService} contract of {@link WorkStealingPool}, edge by edge, in the manner
 * of the JSR 166 TCK's executor tests (and of {@code WorkerPoolExecutorServiceTest}): null
 * arguments, empty collections, timeouts, cancellation of the rest, rejection after shutdown,
 * and the termination life cycle.
 */
class WorkStealingPoolExecutorServiceTest {
  private static final long LONG_NANOS = Timeouts.LONG.toNanos();

  private static WorkStealingPool pool() {
    return WorkStealingPool.builder().workers(2).build();
  }

  @SafeVarargs
  private static <T> List<Callable<T>> listOf(Callable<T>... tasks) {
    return new ArrayList<>(Arrays.asList(tasks));
  }

  // ---- null arguments

  @Test
  @SuppressWarnings("unchecked")
  void nullArgumentsThrowNullPointerException() throws Exception {
    try (WorkStealingPool p = pool()) {
      assertThatThrownBy(() -> p.execute(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> p.submit((Runnable) null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> p.submit((Runnable) null, "r"))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> p.submit((Callable<String>) null))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> p.submit(1, null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> p.invokeAll(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> p.invokeAll(null, 1, TimeUnit.SECONDS))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> p.invokeAll(listOf(() -> "a"), 1, null))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> p.invokeAny(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> p.invokeAny(null, 1, TimeUnit.SECONDS))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> p.invokeAny(listOf(() -> "a"), 1, null))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> p.awaitTermination(1, null))
          .isInstanceOf(NullPointerException.class);
    }
  }

  @Test
  void aNullTaskInACollectionThrowsBeforeAnythingRuns() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    Callable<Integer> counting = ran::incrementAndGet;
    try (WorkStealingPool p = pool()) {
      List<Callable<Integer>> withNull = listOf(counting, null, counting);
      assertThatThrownBy(() -> p.invokeAll(withNull)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> p.invokeAll(withNull, 1, TimeUnit.SECONDS))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> p.invokeAny(withNull)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> p.invokeAny(withNull, 1, TimeUnit.SECONDS))
          .isInstanceOf(NullPointerException.class);
    }
    assertThat(ran).hasValue(0);
  }

  // ---- invokeAll

  @Test
  void invokeAllOfNothingReturnsAnEmptyList() throws Exception {
    try (WorkStealingPool p = pool()) {
      assertThat(p.invokeAll(new ArrayList<Callable<String>>())).isEmpty();
      assertThat(p.invokeAll(new ArrayList<Callable<String>>(), 1, TimeUnit.NANOSECONDS))
          .isEmpty();
    }
  }

  @Test
  void invokeAllReturnsEveryJobDoneInOrder() throws Exception {
    try (WorkStealingPool p = pool()) {
      IllegalStateException boom = new IllegalStateException("boom");
      List<Future<String>> futures = p.invokeAll(listOf(() -> "a", () -> {
        throw boom;
      }, () -> "c"));
      assertThat(futures).hasSize(3).allMatch(Future::isDone);
      assertThat(futures.get(0).get()).isEqualTo("a");
      assertThatThrownBy(() -> futures.get(1).get()).hasCause(boom);
      assertThat(futures.get(2).resultNow()).isEqualTo("c");
    }
  }

  @Test
  void invokeAllOfManyTasksRunsThemAll() throws Exception {
    try (WorkStealingPool p = WorkStealingPool.builder().workers(1).build()) {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        int n = i;
        tasks.add(() -> n);
      }
      List<Future<Integer>> futures = p.invokeAll(tasks, LONG_NANOS, TimeUnit.NANOSECONDS);
      for (int i = 0; i < 100; i++) {
        assertThat(futures.get(i).resultNow()).isEqualTo(i);
      }
    }
  }

  @Test
  void timedInvokeAllCancelsWhatDidNotFinishInTime() throws Exception {
    // The quick tasks must finish within the timeout, which no timeout guarantees on a busy
    // machine: as the JSR 166 TCK does, retry with a doubled timeout until they make it.
    for (long timeout = Timeouts.SHORT.toNanos(); ; timeout *= 2) {
      try (WorkStealingPool p = pool(); Gate gate = new Gate()) {
        List<Future<String>> futures = p.invokeAll(
            listOf(() -> "quick", gate.task("slow"), () -> "quick too"),
            timeout, TimeUnit.NANOSECONDS);
        assertThat(futures).hasSize(3).allMatch(Future::isDone);
        assertThat(futures.get(1).isCancelled()).isTrue();
        assertThatThrownBy(() -> futures.get(1).get()).isInstanceOf(CancellationException.class);
        p.shutdown();
        assertThat(p.awaitTermination(LONG_NANOS, TimeUnit.NANOSECONDS)).isTrue();
        assertThat(gate.finished).hasValue(0);
        if (futures.get(0).state() == Future.State.SUCCESS
            && futures.get(2).state() == Future.State.SUCCESS) {
          assertThat(futures.get(0).resultNow()).isEqualTo("quick");
          assertThat(futures.get(2).resultNow()).isEqualTo("quick too");
          return;
        }
        assertThat(timeout).as("quick tasks never finished in time").isLessThan(LONG_NANOS);
      }
    }
  }

  @Test
  void timedInvokeAllWithNoTimeCancelsWhatDidNotStart() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    try (WorkStealingPool p = WorkStealingPool.builder().workers(1).build();
        Gate gate = new Gate()) {
      p.submit(gate.task("held"));
      gate.awaitEntered();
      List<Future<Integer>> futures = p.invokeAll(
          listOf(ran::incrementAndGet, ran::incrementAndGet), 0, TimeUnit.NANOSECONDS);
      assertThat(futures).hasSize(2).allMatch(Future::isCancelled);
      gate.open();
      p.shutdown();
      assertThat(p.awaitTermination(LONG_NANOS, TimeUnit.NANOSECONDS)).isTrue();
      assertThat(ran).hasValue(0);
    }
  }

  @Test
  void invokeAllInterruptedCancelsItsJobs() throws Exception {
    try (WorkStealingPool p = pool(); Gate gate = new Gate(2);
        TestThreads threads = new TestThreads()) {
      TestThreads.Handle<Throwable> caller = threads.call("caller", () -> {
        try {
          p.invokeAll(listOf(gate.task("a"), gate.task("b")));
          return null;
        } catch (InterruptedException e) {
          return e;
        }
      });
      gate.awaitEntered();
      TestThreads.awaitBlocked(caller.thread());
      caller.thread().interrupt();
      assertThat(caller.get()).isInstanceOf(InterruptedException.class);
      p.shutdown();
      assertThat(p.awaitTermination(LONG_NANOS, TimeUnit.NANOSECONDS)).isTrue();
      assertThat(gate.interrupts).hasValue(2);
    }
  }

  // ---- invokeAny

  @Test
  void invokeAnyOfNothingIsIllegal() throws Exception {
    try (WorkStealingPool p = pool()) {
      assertThatThrownBy(() -> p.invokeAny(new ArrayList<Callable<String>>()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> p.invokeAny(new ArrayList<Callable<String>>(), 1, TimeUnit.SECONDS))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void invokeAnyReturnsASuccessAndCancelsTheRest() throws Exception {
    try (WorkStealingPool p = pool(); Gate gate = new Gate()) {
      String r = p.invokeAny(listOf(gate.task("slow"), () -> {
        throw new IllegalStateException("fails");
      }, () -> "quick"));
      assertThat(r).isEqualTo("quick");
      p.shutdown();
      // the slow one was cancelled with interrupt, or never started
      assertThat(p.awaitTermination(LONG_NANOS, TimeUnit.NANOSECONDS)).isTrue();
      assertThat(gate.finished).hasValue(0);
    }
  }

  @Test
  void invokeAnyReturnsNullResultsToo() throws Exception {
    try (WorkStealingPool p = pool()) {
      Callable<String> nothing = () -> null;
      String untimed = p.invokeAny(listOf(nothing));
      String timed = p.invokeAny(listOf(nothing), LONG_NANOS, TimeUnit.NANOSECONDS);
      assertThat(untimed).isNull();
      assertThat(timed).isNull();
    }
  }

  @Test
  void invokeAnyWhereEveryTaskFailsThrowsExecutionException() throws Exception {
    try (WorkStealingPool p = pool()) {
      IllegalStateException a = new IllegalStateException("a");
      IllegalStateException b = new IllegalStateException("b");
      List<Callable<String>> failing = listOf(() -> {
        throw a;
      }, () -> {
        throw b;
      });
      assertThatThrownBy(() -> p.invokeAny(failing)).isInstanceOf(ExecutionException.class)
          .cause().isIn(a, b);
      assertThatThrownBy(() -> p.invokeAny(failing, LONG_NANOS, TimeUnit.NANOSECONDS))
          .isInstanceOf(ExecutionException.class).cause().isIn(a, b);
    }
  }

  @Test
  void timedInvokeAnyTimesOutAndCancelsEverything() throws Exception {
    try (WorkStealingPool p = pool(); Gate gate = new Gate(2)) {
      assertThatThrownBy(() -> p.invokeAny(listOf(gate.task("a"), gate.task("b")),
          Timeouts.SHORT.toNanos(), TimeUnit.NANOSECONDS))
          .isInstanceOf(TimeoutException.class);
      p.shutdown();
      assertThat(p.awaitTermination(LONG_NANOS, TimeUnit.NANOSECONDS)).isTrue();
      assertThat(gate.finished).hasValue(0);
    }
  }

  @Test
  void invokeAnyWithALongTimeoutReturnsTheFirstSuccess() throws Exception {
    try (WorkStealingPool p = pool()) {
      assertThat(p.invokeAny(listOf(() -> 1, () -> 1), LONG_NANOS, TimeUnit.NANOSECONDS))
          .isEqualTo(1);
    }
  }

  // ---- life cycle

  @Test
  void everySubmissionIsRejectedAfterShutdown() throws Exception {
    WorkStealingPool p = pool();
    assertThat(p.isShutdown()).isFalse();
    assertThat(p.isTerminated()).isFalse();
    assertThat(p.awaitTermination(0, TimeUnit.NANOSECONDS)).isFalse();
    p.shutdown();
    assertThat(p.isShutdown()).isTrue();
    assertThat(p.awaitTermination(LONG_NANOS, TimeUnit.NANOSECONDS)).isTrue();
    assertThat(p.isTerminated()).isTrue();
    Callable<String> c = () -> "x";
    Runnable r = () -> { };
    assertThatThrownBy(() -> p.execute(r)).isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> p.submit(r)).isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> p.submit(r, "x")).isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> p.submit(c)).isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> p.invokeAll(listOf(c))).isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> p.invokeAll(listOf(c), 1, TimeUnit.SECONDS))
        .isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> p.invokeAny(listOf(c))).isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> p.invokeAny(listOf(c), 1, TimeUnit.SECONDS))
        .isInstanceOf(RejectedExecutionException.class);
    assertThatThrownBy(() -> p.submit(0, r)).isInstanceOf(RejectedExecutionException.class);
    assertThat(p.invokeAll(new ArrayList<Callable<String>>())).isEmpty(); // nothing to reject
    p.shutdown();
    assertThat(p.shutdownNow()).isEmpty();
    p.close();
  }

  @Test
  void shutdownNowAfterShutdownStopsWhatWasStillQueued() throws Exception {
    WorkStealingPool p = WorkStealingPool.builder().workers(1).build();
    try (Gate gate = new Gate()) {
      p.submit(gate.task("held"));
      gate.awaitEntered();
      Runnable queued = () -> { };
      p.execute(queued);
      p.shutdown();
      assertThat(p.isTerminated()).isFalse();
      assertThat(p.shutdownNow()).containsExactly(queued);
      assertThat(p.awaitTermination(LONG_NANOS, TimeUnit.NANOSECONDS)).isTrue();
    }
  }

  @Test
  void awaitTerminationIsInterruptible() throws Exception {
    try (WorkStealingPool p = pool(); TestThreads threads = new TestThreads()) {
      TestThreads.Handle<Boolean> waiter = threads.call("waiter",
          () -> p.awaitTermination(LONG_NANOS, TimeUnit.NANOSECONDS));
      TestThreads.awaitBlocked(waiter.thread());
      waiter.thread().interrupt();
      assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
    }
  }

  @Test
  void closeWaitsForEveryAcceptedTask() {
    AtomicInteger ran = new AtomicInteger();
    ExecutorService e = pool();
    try (e) {
      for (int i = 0; i < 100; i++) {
        e.execute(ran::incrementAndGet);
      }
    }
    assertThat(ran).hasValue(100);
    assertThat(e.isTerminated()).isTrue();
  }

  @Test
  void actionsBeforeSubmitAreVisibleToTheTaskAndItsActionsToGet() throws Exception {
    class Box {
      int value; // plain field: visibility comes from the pool's happens-before edges
    }
    try (WorkStealingPool p = pool()) {
      for (int i = 0; i < 1000; i++) {
        Box box = new Box();
        box.value = i;
        int expected = i;
        Job<Box> job = p.submit(() -> {
          assertThat(box.value).isEqualTo(expected);
          box.value = -expected;
          return box;
        });
        assertThat(job.get().value).isEqualTo(-expected);
      }
    }
  }

  @Test
  void submitFromInsideAJobWorks() throws Exception {
    try (WorkStealingPool p = pool()) {
      CountDownLatch inner = new CountDownLatch(1);
      Job<Job<String>> outer = p.submit(() -> p.submit(() -> {
        inner.countDown();
        return "inner";
      }));
      assertThat(outer.get().get()).isEqualTo("inner");
      assertThat(inner.getCount()).isZero();
    }
  }
}
