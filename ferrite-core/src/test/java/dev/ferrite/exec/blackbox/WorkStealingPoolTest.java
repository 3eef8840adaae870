package dev.ferrite.exec.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.exec.Both;
import dev.ferrite.exec.Job;
import dev.ferrite.exec.WorkStealingPool;
import dev.ferrite.exec.WorkerStats;
import dev.ferrite.test.Seeds;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The public contract of {@link WorkStealingPool}: fork-join results and failures, scopes,
 * helping, wake-ups, hints, shutdown with work still queued, counters, and the builder.
 */
class WorkStealingPoolTest {
  private static final long LONG_NANOS = Timeouts.LONG.toNanos();

  private static WorkStealingPool pool(int workers) {
    return WorkStealingPool.builder().workers(workers).name("wsp").build();
  }

  /** Waits for {@code latch} within the hang guard, from inside a task. */
  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(LONG_NANOS, TimeUnit.NANOSECONDS)) {
        throw new AssertionError("latch never opened");
      }
    } catch (InterruptedException e) {
      throw new AssertionError("interrupted", e);
    }
  }

  static long fib(WorkStealingPool pool, int n) {
    if (n < 2) {
      return n;
    }
    Both<Long, Long> r = pool.join(() -> fib(pool, n - 1), () -> fib(pool, n - 2));
    return r.first() + r.second();
  }

  static long seqFib(int n) {
    return n < 2 ? n : seqFib(n - 1) + seqFib(n - 2);
  }

  /** {@return how many joins fib(n) makes: one per call with n >= 2} */
  static long joins(int n) {
    return n < 2 ? 0 : 1 + joins(n - 1) + joins(n - 2);
  }

  // ---- join

  @Test
  void joinReturnsBothResultsFromInsideAndOutsideThePool() throws Exception {
    try (WorkStealingPool p = pool(2)) {
      Both<String, Integer> outside = p.join(() -> "a", () -> 2);
      assertThat(outside).isEqualTo(new Both<>("a", 2));
      Both<String, Integer> inside = p.submit(() -> p.join(() -> "x", () -> (Integer) null)).get();
      assertThat(inside.first()).isEqualTo("x");
      assertThat(inside.second()).isNull();
    }
  }

  @Test
  void fibMatchesTheSequentialResultAndEveryForkedTaskIsCounted() {
    int n = 22;
    try (WorkStealingPool p = pool(2)) {
      Both<Long, Long> r = p.join(() -> fib(p, n), () -> 0L);
      assertThat(r.first()).isEqualTo(seqFib(n));
      long run = p.stats().stream().mapToLong(WorkerStats::tasksRun).sum();
      // the outer join from outside is one submitted task, plus its second half, plus the joins
      assertThat(run).isEqualTo(joins(n) + 2);
    }
  }

  @Test
  void aFailingHalfIsRethrownAfterBothRanAndThePoolGoesOn() {
    try (WorkStealingPool p = pool(2)) {
      IllegalStateException boomA = new IllegalStateException("a");
      IllegalArgumentException boomB = new IllegalArgumentException("b");
      AtomicInteger ran = new AtomicInteger();
      Supplier<String> failA = () -> {
        ran.incrementAndGet();
        throw boomA;
      };
      Supplier<String> failB = () -> {
        ran.incrementAndGet();
        throw boomB;
      };
      Supplier<String> ok = () -> {
        ran.incrementAndGet();
        return "ok";
      };
      assertThatThrownBy(() -> p.join(failA, ok)).isSameAs(boomA);
      assertThatThrownBy(() -> p.join(ok, failB)).isSameAs(boomB);
      assertThat(ran).hasValue(4);
      Throwable both = org.assertj.core.api.Assertions.catchThrowable(() -> p.join(failA, failB));
      assertThat(both).isSameAs(boomA);
      assertThat(boomA.getSuppressed()).containsExactly(boomB);
      assertThat(ran).hasValue(6);
      // inside the pool too, and the pool keeps working
      Throwable inside = org.assertj.core.api.Assertions.catchThrowable(
          () -> p.submit(() -> p.join(ok, failB)).get());
      assertThat(inside).isInstanceOf(ExecutionException.class).hasCause(boomB);
      assertThat(p.join(() -> 1, () -> 2)).isEqualTo(new Both<>(1, 2));
    }
  }

  @Test
  void aCheckedExceptionThrownSneakilyArrivesWrapped() {
    IOException io = new IOException("disk");
    try (WorkStealingPool p = pool(1)) {
      assertThatThrownBy(() -> p.join(() -> 1, () -> sneakyThrow(io)))
          .isInstanceOf(CompletionException.class).hasCause(io);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T, X extends Throwable> T sneakyThrow(Throwable t) throws X {
    throw (X) t;
  }

  @Test
  void joinSeesWritesBeforeItAndPublishesTheTasksWrites() {
    class Box {
      int value; // plain: visibility comes from the pool's happens-before edges
    }
    try (WorkStealingPool p = pool(2)) {
      for (int i = 0; i < 2000; i++) {
        Box a = new Box();
        Box b = new Box();
        a.value = i;
        b.value = -i;
        int expected = i;
        p.join(() -> {
          assertThat(a.value).isEqualTo(expected);
          a.value++;
          return null;
        }, () -> {
          assertThat(b.value).isEqualTo(-expected);
          b.value--;
          return null;
        });
        assertThat(a.value).isEqualTo(i + 1);
        assertThat(b.value).isEqualTo(-i - 1);
      }
    }
  }

  // ---- helping

  /**
   * Worker 1 steals b and holds it until a task submitted later has run. That task can only run
   * on worker 0, which is waiting in the join for b: it must help instead of blocking.
   */
  @Test
  void aWorkerWaitingForAStolenHalfRunsOtherTasks() throws Exception {
    try (WorkStealingPool p = pool(2)) {
      CountDownLatch bStarted = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicReference<Thread> joiner = new AtomicReference<>();
      AtomicReference<Thread> thief = new AtomicReference<>();
      AtomicReference<Thread> ranLater = new AtomicReference<>();
      Job<Both<Object, Object>> outer = p.submit(() -> p.join(() -> {
        joiner.set(Thread.currentThread());
        await(bStarted);
        return null;
      }, () -> {
        thief.set(Thread.currentThread());
        bStarted.countDown();
        await(release);
        return null;
      }));
      await(bStarted);
      Job<?> later = p.submit(() -> {
        ranLater.set(Thread.currentThread());
        release.countDown();
      });
      outer.get(LONG_NANOS, TimeUnit.NANOSECONDS);
      later.get(LONG_NANOS, TimeUnit.NANOSECONDS);
      assertThat(thief.get()).isNotSameAs(joiner.get());
      assertThat(ranLater.get()).isSameAs(joiner.get());
      int thiefIndex = thief.get().getName().endsWith("-0") ? 0 : 1;
      assertThat(p.stats().get(thiefIndex).steals()).isPositive();
    }
  }

  @Test
  void deeplyNestedJoinsCompleteOnMoreWorkersThanCores() {
    try (WorkStealingPool p = WorkStealingPool.builder().workers(4).stackSize(64L << 20)
        .name("deep").build()) {
      int depth = 3000;
      assertThat(p.join(() -> chain(p, depth), () -> 0L).first()).isEqualTo(depth);
      assertThat(p.join(() -> fib(p, 21), () -> fib(p, 20))).isEqualTo(
          new Both<>(seqFib(21), seqFib(20)));
    }
  }

  /** A join chain {@code depth} deep whose second halves are small, stealable tasks. */
  private static long chain(WorkStealingPool p, int depth) {
    if (depth == 0) {
      return 0;
    }
    Both<Long, Long> r = p.join(() -> chain(p, depth - 1), () -> fib(p, 5) == 5 ? 1L : -1L);
    return r.first() + r.second();
  }

  @Test
  void getOfAJobFromInsideTheOnlyWorkerHelpsInsteadOfDeadlocking() throws Exception {
    try (WorkStealingPool p = pool(1)) {
      Job<String> outer = p.submit(() -> {
        Job<String> inner = p.submit(() -> "inner"); // on this worker's own deque
        List<Future<Integer>> all = p.invokeAll(List.of(() -> 1, () -> 2));
        int any = p.invokeAny(List.of(() -> 3));
        return inner.get() + all.get(0).get() + all.get(1).get() + any;
      });
      assertThat(outer.get(LONG_NANOS, TimeUnit.NANOSECONDS)).isEqualTo("inner123");
    }
  }

  // ---- scope

  @Test
  void scopeWaitsForEveryTaskIncludingNestedSpawns() {
    try (WorkStealingPool p = pool(2)) {
      LongAdder visited = new LongAdder();
      p.scope(s -> spawnTree(s, 12, visited));
      assertThat(visited.sum()).isEqualTo((1 << 13) - 1);
      LongAdder inside = new LongAdder();
      p.join(() -> {
        p.scope(s -> spawnTree(s, 8, inside));
        return inside.sum();
      }, () -> null);
      assertThat(inside.sum()).isEqualTo((1 << 9) - 1);
    }
  }

  private static void spawnTree(WorkStealingPool.Scope s, int depth, LongAdder visited) {
    visited.increment();
    if (depth > 0) {
      s.spawn(() -> spawnTree(s, depth - 1, visited));
      s.spawn(() -> spawnTree(s, depth - 1, visited));
    }
  }

  @Test
  void scopeRethrowsTheFirstFailureWithTheOthersSuppressed() {
    try (WorkStealingPool p = pool(2)) {
      IllegalStateException body = new IllegalStateException("body");
      AtomicInteger ran = new AtomicInteger();
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> p.scope(s -> {
        for (int i = 0; i < 10; i++) {
          int n = i;
          s.spawn(() -> {
            ran.incrementAndGet();
            throw new IllegalArgumentException("task " + n);
          });
        }
        throw body;
      }));
      assertThat(t).isSameAs(body);
      assertThat(body.getSuppressed()).hasSize(10)
          .allMatch(x -> x instanceof IllegalArgumentException);
      assertThat(ran).hasValue(10);
      Throwable spawned = org.assertj.core.api.Assertions.catchThrowable(() -> p.scope(s -> {
        s.spawn(() -> {
          throw new IllegalArgumentException("only");
        });
      }));
      assertThat(spawned).isInstanceOf(IllegalArgumentException.class).hasMessage("only");
    }
  }

  @Test
  void spawningAfterTheScopeIsOverIsRefused() {
    try (WorkStealingPool p = pool(2)) {
      AtomicReference<WorkStealingPool.Scope> escaped = new AtomicReference<>();
      p.scope(escaped::set);
      assertThatThrownBy(() -> escaped.get().spawn(() -> { }))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> p.scope(s -> s.spawn(null)))
          .isInstanceOf(NullPointerException.class);
    }
  }

  // ---- volume

  @Test
  void millionsOfTinyTasksRunExactlyOnce() throws Exception {
    int n = 1 << 21; // 2,097,152 leaves; about 4 million spawned tasks in all
    AtomicIntegerArray runs = new AtomicIntegerArray(n);
    try (WorkStealingPool p = pool(2)) {
      p.scope(s -> spawnRange(s, 0, n, runs));
      assertOnce(runs, n);
      AtomicIntegerArray joined = new AtomicIntegerArray(n / 2);
      assertThat(p.join(() -> joinRange(p, 0, n / 2, joined), () -> 0L).first()).isEqualTo(n / 2);
      assertOnce(joined, n / 2);
      int external = 200_000;
      AtomicIntegerArray submitted = new AtomicIntegerArray(external);
      CountDownLatch done = new CountDownLatch(external);
      for (int i = 0; i < external; i++) {
        int id = i;
        if ((i & 1) == 0) {
          p.execute(() -> {
            submitted.incrementAndGet(id);
            done.countDown();
          });
        } else {
          p.submit(id, () -> {
            submitted.incrementAndGet(id);
            done.countDown();
          });
        }
      }
      assertThat(done.await(LONG_NANOS, TimeUnit.NANOSECONDS)).isTrue();
      assertOnce(submitted, external);
    }
  }

  private static void spawnRange(WorkStealingPool.Scope s, int lo, int hi, AtomicIntegerArray runs) {
    if (hi - lo == 1) {
      runs.incrementAndGet(lo);
      return;
    }
    int mid = (lo + hi) >>> 1;
    s.spawn(() -> spawnRange(s, lo, mid, runs));
    s.spawn(() -> spawnRange(s, mid, hi, runs));
  }

  private static long joinRange(WorkStealingPool p, int lo, int hi, AtomicIntegerArray runs) {
    if (hi - lo == 1) {
      runs.incrementAndGet(lo);
      return 1;
    }
    int mid = (lo + hi) >>> 1;
    Both<Long, Long> r = p.join(() -> joinRange(p, lo, mid, runs), () -> joinRange(p, mid, hi, runs));
    return r.first() + r.second();
  }

  private static void assertOnce(AtomicIntegerArray runs, int n) {
    for (int i = 0; i < n; i++) {
      if (runs.get(i) != 1) {
        throw new AssertionError("task " + i + " ran " + runs.get(i) + " times");
      }
    }
  }

  // ---- wake-ups

  /**
   * A task submitted while the workers are spinning, going to sleep or parked is always run: the
   * submissions come after random pauses, so they land in every phase of the idle protocol. A
   * lost wake-up would leave a task queued forever and trip the hang guard.
   */
  @Test
  void aTaskSubmittedWhileWorkersGoToSleepIsAlwaysRun() {
    for (long seed : Seeds.seeds(3)) {
      Seeds.run(seed, random -> {
        try (WorkStealingPool p = pool(1 + random.nextInt(3))) {
          for (int i = 0; i < 300; i++) {
            long pause = random.nextInt(4) == 0 ? 0 : random.nextLong(200_000);
            long until = System.nanoTime() + pause;
            while (System.nanoTime() - until < 0) {
              Thread.onSpinWait();
            }
            AtomicInteger ran = new AtomicInteger();
            Job<?> job = random.nextBoolean()
                ? p.submit(ran::incrementAndGet) : p.submit(random.nextInt(), ran::incrementAndGet);
            job.get(LONG_NANOS, TimeUnit.NANOSECONDS);
            assertThat(ran).hasValue(1);
          }
        }
      });
    }
  }

  @Test
  void hintedSubmissionsRunForEveryHint() throws Exception {
    try (WorkStealingPool p = pool(3)) {
      List<Job<?>> jobs = new ArrayList<>();
      AtomicInteger ran = new AtomicInteger();
      for (int hint : new int[] {0, 1, 2, 3, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
        jobs.add(p.submit(hint, ran::incrementAndGet));
      }
      // a worker hinting at itself puts the task on its own deque
      jobs.add(p.submit(() -> {
        int me = Integer.parseInt(Thread.currentThread().getName().replaceAll(".*-", ""));
        p.submit(me, ran::incrementAndGet).get();
        return null;
      }));
      for (Job<?> j : jobs) {
        j.get(LONG_NANOS, TimeUnit.NANOSECONDS);
      }
      assertThat(ran).hasValue(8);
    }
  }

  // ---- shutdown with work queued

  @Test
  void shutdownRunsEverythingAlreadyAcceptedIncludingForksOfRunningTasks() throws Exception {
    WorkStealingPool p = pool(2);
    try (Gate gate = new Gate(2)) {
      AtomicInteger ran = new AtomicInteger();
      AtomicReference<Both<Long, Long>> forkedAfterShutdown = new AtomicReference<>();
      CountDownLatch shutDown = new CountDownLatch(1);
      p.submit(gate.task("held"));
      p.submit(() -> {
        gate.task("held too").call();
        await(shutDown);
        forkedAfterShutdown.set(p.join(() -> fib(p, 15), () -> fib(p, 14)));
        return null;
      });
      gate.awaitEntered();
      for (int i = 0; i < 100; i++) {
        if (i % 3 == 0) {
          p.submit(i, ran::incrementAndGet);
        } else {
          p.execute(ran::incrementAndGet);
        }
      }
      p.shutdown();
      shutDown.countDown();
      assertThat(p.isShutdown()).isTrue();
      assertThat(p.isTerminated()).isFalse();
      assertThatThrownBy(() -> p.execute(() -> { }))
          .isInstanceOf(RejectedExecutionException.class);
      assertThatThrownBy(() -> p.join(() -> 1, () -> 2))
          .isInstanceOf(RejectedExecutionException.class);
      assertThatThrownBy(() -> p.scope(s -> { })).isInstanceOf(RejectedExecutionException.class);
      gate.open();
      assertThat(p.awaitTermination(LONG_NANOS, TimeUnit.NANOSECONDS)).isTrue();
      assertThat(ran).hasValue(100);
      assertThat(forkedAfterShutdown.get()).isEqualTo(new Both<>(seqFib(15), seqFib(14)));
    }
  }

  @Test
  void shutdownNowReturnsAndCancelsWhatNeverStarted() throws Exception {
    WorkStealingPool p = pool(1);
    try (Gate gate = new Gate()) {
      Job<String> held = p.submit(gate.task("held"));
      gate.awaitEntered();
      Runnable executed = () -> { };
      p.execute(executed);
      Job<Integer> submitted = p.submit(() -> 1);
      Job<?> hinted = p.submit(7, () -> { });
      List<Runnable> dropped = p.shutdownNow();
      assertThat(dropped).containsExactlyInAnyOrder(executed, submitted, hinted);
      assertThat(submitted.isCancelled()).isTrue();
      assertThat(hinted.isCancelled()).isTrue();
      assertThat(p.awaitTermination(LONG_NANOS, TimeUnit.NANOSECONDS)).isTrue();
      assertThat(gate.interrupts).hasValue(1); // the running task saw the stop's interrupt
      assertThat(held.state()).isEqualTo(Future.State.FAILED);
      assertThatThrownBy(() -> p.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
    }
  }

  @Test
  void shutdownNowCancelsTheForkedHalfOfARunningJoin() throws Exception {
    WorkStealingPool p = pool(1);
    CountDownLatch aEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger bRan = new AtomicInteger();
    Job<Both<Object, Object>> job = p.submit(() -> p.join(() -> {
      aEntered.countDown();
      awaitUninterruptibly(release); // the only worker is busy here: b stays on the deque
      return null;
    }, () -> {
      bRan.incrementAndGet();
      return null;
    }));
    await(aEntered);
    assertThat(p.shutdownNow()).isEmpty(); // a forked half is not a job: cancelled, not returned
    release.countDown();
    assertThatThrownBy(() -> job.get(LONG_NANOS, TimeUnit.NANOSECONDS))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(CancellationException.class);
    assertThat(p.awaitTermination(LONG_NANOS, TimeUnit.NANOSECONDS)).isTrue();
    assertThat(bRan).hasValue(0);
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    for (;;) {
      try {
        await(latch);
        break;
      } catch (AssertionError e) {
        if (!(e.getCause() instanceof InterruptedException)) {
          throw e;
        }
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void anInterruptedCallerFromOutsideCancelsItsComputation() throws Exception {
    try (WorkStealingPool p = pool(2); TestThreads threads = new TestThreads()) {
      CountDownLatch entered = new CountDownLatch(1);
      AtomicInteger sawInterrupt = new AtomicInteger();
      TestThreads.Handle<Throwable> caller = threads.call("caller", () -> {
        try {
          p.join(() -> {
            entered.countDown();
            try {
              Thread.sleep(LONG_NANOS / 1_000_000); // the computation: ends when interrupted
            } catch (InterruptedException e) {
              sawInterrupt.incrementAndGet();
            }
            return null;
          }, () -> null);
          return null;
        } catch (CancellationException e) {
          assertThat(Thread.currentThread().isInterrupted()).isTrue();
          return e;
        }
      });
      await(entered);
      TestThreads.awaitBlocked(caller.thread());
      caller.thread().interrupt();
      assertThat(caller.get()).isInstanceOf(CancellationException.class);
      p.shutdown();
      assertThat(p.awaitTermination(LONG_NANOS, TimeUnit.NANOSECONDS)).isTrue();
      assertThat(sawInterrupt).hasValue(1);
    }
  }

  @Test
  void closeFromAWorkerIsRefused() throws Exception {
    try (WorkStealingPool p = pool(1)) {
      Job<Object> j = p.submit(() -> {
        p.close();
        return null;
      });
      assertThatThrownBy(j::get).hasCauseInstanceOf(IllegalStateException.class);
    }
  }

  // ---- counters, names, builder

  @Test
  void statsCountPerWorkerAndNamesFollowThePool() throws Exception {
    try (WorkStealingPool p = WorkStealingPool.builder().workers(3).name("counted").build()) {
      assertThat(p.workerCount()).isEqualTo(3);
      assertThat(p.name()).isEqualTo("counted");
      String worker = p.submit(() -> Thread.currentThread().getName()).get();
      assertThat(worker).matches("counted-worker-[012]");
      List<WorkerStats> stats = p.stats();
      assertThat(stats).extracting(WorkerStats::worker).containsExactly(0, 1, 2);
      assertThat(stats.stream().mapToLong(WorkerStats::tasksRun).sum()).isEqualTo(1);
      assertThat(p.toString()).contains("counted", "open", "workers=3");
    }
  }

  @Test
  void builderRejectsNonsense() {
    assertThatThrownBy(() -> WorkStealingPool.builder().workers(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WorkStealingPool.builder().workers(40_000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WorkStealingPool.builder().name(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WorkStealingPool.builder().name(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> WorkStealingPool.builder().stackSize(-1))
        .isInstanceOf(IllegalArgumentException.class);
    try (WorkStealingPool p = WorkStealingPool.fixed(1)) {
      assertThatThrownBy(() -> p.join(null, () -> 1)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> p.join(() -> 1, null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> p.scope(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> p.submit(0, null)).isInstanceOf(NullPointerException.class);
      assertThat(p.name()).startsWith("ferrite-steal-");
    }
  }

  @Test
  void daemonWorkersAreDaemons() throws Exception {
    try (WorkStealingPool p = WorkStealingPool.builder().workers(1).daemon(true).build()) {
      assertThat(p.submit(() -> Thread.currentThread().isDaemon()).get()).isTrue();
    }
    try (WorkStealingPool p = WorkStealingPool.builder().workers(1).build()) {
      assertThat(p.submit((Callable<Boolean>) () -> Thread.currentThread().isDaemon()).get())
          .isFalse();
    }
  }
}
