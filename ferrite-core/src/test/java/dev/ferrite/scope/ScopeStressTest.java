package dev.ferrite.scope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.test.Seeds;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The scope's concurrent state under races, over many seeded runs: tasks finishing, failing and
 * being cancelled at once, against a stranger calling {@code cancel()}, a bound on concurrency and
 * a deadline. After every run the invariants hold: the owner woke up (no lost wake-up), every task
 * is done and its thread terminated, the pending count is back to zero, each outcome is one its
 * task could have had, and the scope's result agrees with the outcomes (one winner, the reported
 * failure and its suppressed exceptions are exactly the failed tasks, a cancel that won is the
 * reported result).
 */
class ScopeStressTest {
  private static final int RUNS = 200;

  private enum Kind { SUCCEED, FAIL, BLOCK }

  @Test
  void racesKeepTheInvariants() {
    for (long seed : Seeds.seeds(RUNS)) {
      Seeds.run(seed, this::oneRun);
    }
  }

  private void oneRun(SplittableRandom r) throws Exception {
    Policy<Integer, ?> policy = switch (r.nextInt(3)) {
      case 0 -> Policy.<Integer>failFast();
      case 1 -> Policy.<Integer>collectAll();
      default -> Policy.<Integer>firstSuccess();
    };
    int n = r.nextInt(1, 40);
    boolean external = r.nextInt(3) == 0;
    boolean deadline = r.nextInt(8) == 0;
    Scope.Builder builder = Scope.builder().name("stress").platformThreads(r.nextInt(10) == 0);
    boolean bounded = r.nextBoolean();
    if (bounded) {
      builder.maxConcurrency(r.nextInt(1, 9));
    }
    if (deadline) {
      builder.timeout(Duration.ofMillis(r.nextInt(1, 20)));
    }
    Kind[] kinds = new Kind[n];
    for (int i = 0; i < n; i++) {
      kinds[i] = Kind.values()[r.nextInt(3)];
    }
    // Blocking tasks need someone to end the scope, or the run would never finish. With a bound,
    // blocked tasks may hold every slot, so the task that would end the scope never starts, and
    // an external cancel must come before the spawns.
    boolean ends = external || deadline
        || (!bounded && policy.kind == Policy.FAIL_FAST && contains(kinds, Kind.FAIL))
        || (!bounded && policy.kind == Policy.FIRST_SUCCESS && contains(kinds, Kind.SUCCEED));
    if (!ends) {
      for (int i = 0; i < n; i++) {
        if (kinds[i] == Kind.BLOCK) {
          kinds[i] = Kind.SUCCEED;
        }
      }
    }
    Exception[] exceptions = new Exception[n];
    for (int i = 0; i < n; i++) {
      exceptions[i] = new Exception("task " + i);
    }
    Queue<Thread> threads = new ConcurrentLinkedQueue<>();
    List<Task<Integer>> tasks = new ArrayList<>();
    AtomicBoolean cancelWon = new AtomicBoolean();
    JoinResult<?> result;
    JoinResult<?> afterCancel;
    long[] spins = r.longs(n, 0, 2_000).toArray();
    int cancelAfter = bounded && !deadline ? 0 : r.nextInt(0, n + 1);
    CountDownLatch reachedCancelPoint = new CountDownLatch(1);
    try (TestThreads strangers = new TestThreads()) {
      @SuppressWarnings("unchecked")
      Scope<Integer, Object> scope = (Scope<Integer, Object>) builder.open(policy);
      try (scope) {
        if (external) {
          strangers.start("canceller", () -> {
            reachedCancelPoint.await(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS);
            cancelWon.set(scope.cancel());
          });
        }
        for (int i = 0; i < n; i++) {
          if (i == cancelAfter) {
            reachedCancelPoint.countDown();
          }
          tasks.add(scope.spawn(task(i, kinds[i], spins[i], exceptions[i], threads)));
        }
        reachedCancelPoint.countDown();
        result = scope.await();
        assertThat(scope.pending()).isZero();
        strangers.joinAll(); // the cancel may also come after the join: look again then
        afterCancel = scope.await();
      }
    }
    // Everything has stopped.
    assertThat(threads).noneMatch(Thread::isAlive);
    assertThat(tasks).allMatch(Task::isDone);
    List<Outcome<Integer>> outcomes = tasks.stream().map(Task::outcome).toList();
    Set<Throwable> failures = new HashSet<>();
    for (int i = 0; i < n; i++) {
      Outcome<Integer> o = outcomes.get(i);
      switch (o) {
        case Success<Integer>(Integer v) -> {
          assertThat(kinds[i]).isEqualTo(Kind.SUCCEED);
          assertThat(v).isEqualTo(i);
        }
        case Failure<Integer>(Throwable e) -> {
          assertThat(kinds[i]).isEqualTo(Kind.FAIL);
          assertThat(e).isSameAs(exceptions[i]);
          failures.add(e);
        }
        case Cancelled<Integer> c -> {}
      }
      if (kinds[i] == Kind.BLOCK) {
        assertThat(o).isEqualTo(Cancelled.instance());
      }
    }
    // The result agrees with the outcomes.
    if (cancelWon.get()) {
      assertThat(afterCancel).isEqualTo(Cancelled.instance());
    } else if (result instanceof Failure<?>(Throwable first)) { // a new exception each time
      assertThat(afterCancel).isInstanceOfSatisfying(Failure.class,
          f -> assertThat(f.exception().getCause()).isSameAs(first.getCause()));
    } else {
      assertThat(afterCancel).isEqualTo(result);
    }
    switch (result) {
      case Success<?>(Object value) -> {
        if (policy.kind == Policy.FAIL_FAST) {
          assertThat(failures).isEmpty();
          assertThat(value).isEqualTo(outcomes.stream()
              .map(o -> ((Success<Integer>) o).value()).toList());
        } else if (policy.kind == Policy.COLLECT_ALL) {
          assertThat(value).isEqualTo(outcomes);
        } else {
          int winner = (Integer) value;
          assertThat(outcomes.get(winner)).isEqualTo(new Success<>(winner));
        }
      }
      case Failure<?>(Throwable e) -> {
        assertThat(policy.kind).isNotEqualTo(Policy.COLLECT_ALL);
        assertThat(e).isInstanceOf(TaskFailedException.class);
        Set<Throwable> reported = new HashSet<>(List.of(e.getSuppressed()));
        reported.add(e.getCause());
        assertThat(reported).isEqualTo(failures);
        if (policy.kind == Policy.FIRST_SUCCESS) {
          assertThat(outcomes).allMatch(o -> o instanceof Failure);
        }
      }
      case TimedOut<?> t -> assertThat(deadline).isTrue();
      case Cancelled<?> c -> assertThat(cancelWon.get()).isTrue();
    }
  }

  private static boolean contains(Kind[] kinds, Kind k) {
    for (Kind x : kinds) {
      if (x == k) {
        return true;
      }
    }
    return false;
  }

  private static Callable<Integer> task(int i, Kind kind, long spins, Exception e,
      Queue<Thread> threads) {
    return () -> {
      threads.add(Thread.currentThread());
      for (long s = 0; s < spins; s++) {
        Thread.onSpinWait();
      }
      return switch (kind) {
        case SUCCEED -> i;
        case FAIL -> throw e;
        case BLOCK -> {
          Thread.sleep(Timeouts.LONG.toMillis());
          throw new AssertionError("a blocked task was never cancelled");
        }
      };
    };
  }
}
