package dev.ferrite.scope.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.scope.AtCapacity;
import dev.ferrite.scope.Cancelled;
import dev.ferrite.scope.Failure;
import dev.ferrite.scope.JoinResult;
import dev.ferrite.scope.Outcome;
import dev.ferrite.scope.Policy;
import dev.ferrite.scope.Scope;
import dev.ferrite.scope.Spawned;
import dev.ferrite.scope.Success;
import dev.ferrite.scope.Task;
import dev.ferrite.scope.TaskFailedException;
import dev.ferrite.scope.TimedOut;
import dev.ferrite.scope.TrySpawnResult;
import dev.ferrite.scope.blackbox.Tracker.Block;
import dev.ferrite.test.TestThreads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spawning, joining, the three policies, outcomes, thread kinds and names, the bound. */
class ScopeTest {

  // ---- spawn and join

  @Test
  void tasksReadTheCallersDataAndJoinReturnsResultsInSpawnOrder() throws Exception {
    int[] haystack = {5, 1, 4, 1, 5, 9, 2, 6};
    try (Tracker tracker = new Tracker();
        Scope<Integer, List<Integer>> scope = Scope.open(Policy.failFast())) {
      List<Task<Integer>> tasks = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        int from = c * 2;
        tasks.add(scope.spawn(tracker.track(() -> haystack[from] + haystack[from + 1])));
      }
      assertThat(scope.join()).containsExactly(6, 5, 14, 8);
      assertThat(tasks).allMatch(Task::isDone);
      assertThat(tasks.get(2).get()).isEqualTo(14);
      assertThat(tasks.get(3).outcome()).isEqualTo(new Success<>(8));
      assertThat(tasks.get(0).join()).isEqualTo(6);
      scope.close();
      tracker.assertAllTerminated();
    }
  }

  @Test
  void theDefaultScopeIsFailFastOnVirtualThreadsNamedAfterIt() throws Exception {
    Set<String> names = ConcurrentHashMap.newKeySet();
    try (var scope = Scope.open()) {
      assertThat(scope.policy()).isSameAs(Policy.failFast());
      assertThat(scope.name()).startsWith("scope-");
      CyclicBarrier together = new CyclicBarrier(3);
      for (int i = 0; i < 3; i++) {
        scope.spawn(() -> {
          together.await(); // all three run at once, so each has its own thread
          names.add(Thread.currentThread().getName());
          return Thread.currentThread().isVirtual();
        });
      }
      assertThat(scope.join()).containsExactly(true, true, true);
      assertThat(names).containsExactlyInAnyOrder(
          scope.name() + "-0", scope.name() + "-1", scope.name() + "-2");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void platformThreadsOnRequest(boolean platform) throws Exception {
    try (Tracker tracker = new Tracker();
        var scope = Scope.builder().name("kind").platformThreads(platform).open()) {
      Task<Object> t = scope.spawn(tracker.track(() -> Thread.currentThread().isVirtual()));
      scope.join();
      assertThat(t.get()).isEqualTo(!platform);
      assertThat(tracker.threads).singleElement()
          .satisfies(th -> assertThat(th.getName()).isEqualTo("kind-0"));
      scope.close();
      tracker.assertAllTerminated();
    }
  }

  @Test
  void anEmptyScopeJoinsAtOnce() throws Exception {
    try (var scope = Scope.open()) {
      assertThat(scope.join()).isEmpty();
    }
    try (var scope = Scope.open(Policy.collectAll())) {
      assertThat(scope.join()).isEmpty();
    }
  }

  @Test
  void theOwnerMaySpawnAgainAfterAJoin() throws Exception {
    try (Scope<String, List<String>> scope = Scope.open(Policy.failFast())) {
      scope.spawn(() -> "a");
      assertThat(scope.join()).containsExactly("a");
      scope.spawn(() -> "b");
      assertThat(scope.join()).containsExactly("a", "b");
      assertThat(scope.await()).isEqualTo(new Success<>(List.of("a", "b")));
    }
  }

  @Test
  void nullResultsAreResults() throws Exception {
    try (Scope<String, List<String>> scope = Scope.open(Policy.failFast())) {
      Task<String> t = scope.spawn(() -> null);
      assertThat(scope.join()).containsExactly((String) null);
      assertThat(t.get()).isNull();
      assertThat(t.outcome()).isEqualTo(new Success<String>(null));
    }
  }

  // ---- the policies

  @Test
  void failFastThrowsTheFailureWithItsCause() throws Exception {
    IOException boom = new IOException("boom");
    try (Tracker tracker = new Tracker(); var scope = Scope.open()) {
      Task<Object> bad = scope.spawn(tracker.failing(boom));
      assertThatThrownBy(scope::join)
          .isInstanceOf(TaskFailedException.class)
          .hasCause(boom)
          .hasMessageContaining(scope.name());
      assertThat(bad.outcome()).isEqualTo(new Failure<>(boom));
      assertThat(scope.await()).isInstanceOfSatisfying(Failure.class,
          f -> assertThat(f.exception()).isInstanceOf(TaskFailedException.class).hasCause(boom));
      assertThatThrownBy(bad::get).isInstanceOf(IllegalStateException.class).hasCause(boom);
      assertThatThrownBy(bad::join).isInstanceOf(TaskFailedException.class).hasCause(boom);
    }
  }

  @Test
  void collectAllReturnsEveryOutcomeAndNeverThrowsForATask() throws Exception {
    IllegalStateException bad = new IllegalStateException("bad");
    CountDownLatch failed = new CountDownLatch(1);
    try (Scope<String, List<Outcome<String>>> scope = Scope.open(Policy.collectAll())) {
      scope.spawn(() -> {
        failed.countDown();
        throw bad;
      });
      scope.spawn(() -> {
        failed.await(); // a failure does not cancel the others
        return "fine";
      });
      assertThat(scope.join()).containsExactly(new Failure<>(bad), new Success<>("fine"));
    }
  }

  @Test
  void firstSuccessReturnsTheWinnerAndCancelsTheRest() throws Exception {
    try (Tracker tracker = new Tracker();
        Scope<String, String> scope = Scope.open(Policy.firstSuccess())) {
      Task<String> slow1 = scope.spawn(tracker.blocking(Block.SLEEP));
      Task<String> slow2 = scope.spawn(tracker.blocking(Block.LATCH));
      tracker.awaitBlocked(2);
      Task<String> fast = scope.spawn(tracker.value("fast"));
      assertThat(scope.join()).isEqualTo("fast");
      assertThat(fast.outcome()).isEqualTo(new Success<>("fast"));
      assertThat(slow1.outcome()).isEqualTo(Cancelled.instance());
      assertThat(slow2.outcome()).isEqualTo(Cancelled.instance());
      assertThat(tracker.interrupted).hasValue(2);
      Task<String> late = scope.spawn(() -> "late");
      assertThat(late.isDone()).isTrue();
      assertThat(late.outcome()).as("the scope is done: no new work")
          .isEqualTo(Cancelled.instance());
      assertThat(scope.join()).isEqualTo("fast");
      scope.close();
      tracker.assertAllTerminated();
    }
  }

  @RepeatedTest(1000) // the race it guards against was lost about once in a thousand runs
  void firstSuccessIgnoresFailuresUntilEveryTaskFailed() throws Exception {
    Exception a = new Exception("a");
    Exception b = new Exception("b");
    Exception c = new Exception("c");
    try (Scope<String, String> scope = Scope.open(Policy.firstSuccess())) {
      Task<String> failsFirst = scope.spawn(() -> {
        throw a;
      });
      // b and c fail only after seeing a done: a task is done only once the scope has counted
      // its failure, so a is the first failure however the threads are scheduled
      scope.spawn(() -> {
        assertThatThrownBy(failsFirst::join).hasCause(a);
        throw b;
      });
      scope.spawn(() -> {
        assertThatThrownBy(failsFirst::join).hasCause(a);
        throw c;
      });
      assertThatThrownBy(scope::join)
          .isInstanceOf(TaskFailedException.class)
          .hasCause(a)
          .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(b, c));
    }
  }

  @Test
  void firstSuccessWithoutTasksFailsWithNoSuchElement() throws Exception {
    try (Scope<String, String> scope = Scope.open(Policy.firstSuccess())) {
      assertThatThrownBy(scope::join)
          .isInstanceOf(TaskFailedException.class)
          .hasCauseInstanceOf(NoSuchElementException.class);
    }
  }

  @Test
  void awaitReportsEveryOutcomeAsAValue() throws Exception {
    try (Scope<Integer, Integer> scope = Scope.open(Policy.firstSuccess())) {
      scope.spawn(() -> 7);
      JoinResult<Integer> r = scope.await();
      String what = switch (r) {
        case Success<Integer>(Integer v) -> "success " + v;
        case Failure<Integer>(Throwable e) -> "failure " + e;
        case TimedOut<Integer> t -> "timed out";
        case Cancelled<Integer> c -> "cancelled";
      };
      assertThat(what).isEqualTo("success 7");
    }
  }

  // ---- cancel()

  @Test
  void cancelStopsEveryTaskAndJoinReportsIt() throws Exception {
    try (Tracker tracker = new Tracker(); var scope = Scope.open(Policy.collectAll())) {
      Task<Object> a = scope.spawn(tracker.blocking(Block.SLEEP));
      Task<Object> b = scope.spawn(tracker.blocking(Block.CHANNEL_RECV));
      tracker.awaitBlocked(2);
      assertThat(scope.cancel()).isTrue();
      assertThat(scope.cancel()).isFalse();
      assertThatThrownBy(scope::join).isInstanceOf(CancellationException.class)
          .hasMessageContaining("cancelled");
      assertThat(scope.await()).isEqualTo(Cancelled.instance());
      assertThat(a.outcome()).isEqualTo(Cancelled.instance());
      assertThat(b.outcome()).isEqualTo(Cancelled.instance());
      assertThatThrownBy(a::get).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cancelled");
      assertThatThrownBy(a::join).isInstanceOf(CancellationException.class);
      scope.close();
      tracker.assertAllTerminated();
    }
  }

  @Test
  void aTaskMayCancelItsScope() throws Exception {
    try (Tracker tracker = new Tracker(); var scope = Scope.open(Policy.collectAll())) {
      scope.spawn(tracker.blocking(Block.LATCH));
      tracker.awaitBlocked(1);
      Task<Boolean> canceller = scope.spawn(() -> scope.cancel());
      assertThat(scope.await()).isEqualTo(Cancelled.instance());
      // the canceller cancelled itself too: whatever it returned afterwards is dropped
      assertThat(canceller.outcome()).isEqualTo(Cancelled.instance());
    }
  }

  // ---- task handles

  @Test
  void outcomeAndGetNeverWait() throws Exception {
    try (Tracker tracker = new Tracker(); var scope = Scope.open()) {
      Task<Object> t = scope.spawn(tracker.blocking(Block.LATCH));
      tracker.awaitBlocked(1);
      assertThat(t.isDone()).isFalse();
      assertThatThrownBy(t::outcome).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has not finished");
      assertThatThrownBy(t::get).isInstanceOf(IllegalStateException.class);
      assertThat(t.toString()).contains(scope.name() + "-0", "running");
      scope.cancel();
      assertThatThrownBy(scope::join).isInstanceOf(CancellationException.class);
      assertThat(t.toString()).contains("cancelled");
    }
  }

  @Test
  void anyThreadMayJoinATask() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    try (TestThreads threads = new TestThreads(); var scope = Scope.open()) {
      Task<Object> t = scope.spawn(() -> {
        go.await();
        return "done";
      });
      TestThreads.Handle<Object> joiner = threads.call("joiner", t::join);
      TestThreads.awaitBlocked(joiner.thread());
      go.countDown();
      assertThat(joiner.get()).isEqualTo("done");
      scope.join();
    }
  }

  @Test
  void aTaskJoiningASiblingWaitsForIt() throws Exception {
    try (Scope<Integer, List<Integer>> scope = Scope.open(Policy.failFast())) {
      CountDownLatch go = new CountDownLatch(1);
      Task<Integer> first = scope.spawn(() -> {
        go.await();
        return 20;
      });
      Task<Integer> second = scope.spawn(() -> first.join() + 1);
      go.countDown();
      assertThat(scope.join()).containsExactly(20, 21);
      assertThat(second.get()).isEqualTo(21);
    }
  }

  @Test
  void anInterruptedTaskJoinThrowsAndLeavesTheTaskAlone() throws Exception {
    try (Tracker tracker = new Tracker(); var scope = Scope.open()) {
      Task<Object> t = scope.spawn(tracker.blocking(Block.LATCH));
      tracker.awaitBlocked(1);
      Thread.currentThread().interrupt();
      assertThatThrownBy(t::join).isInstanceOf(InterruptedException.class);
      assertThat(Thread.interrupted()).isFalse();
      assertThat(t.isDone()).isFalse();
      scope.cancel();
      assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
    }
  }

  @Test
  void aTaskCannotJoinItself() throws Exception {
    try (var scope = Scope.open(Policy.collectAll())) {
      Task<?>[] self = new Task<?>[1];
      CountDownLatch published = new CountDownLatch(1);
      Task<Object> t = scope.spawn(() -> {
        published.await();
        return self[0].join();
      });
      self[0] = t;
      published.countDown();
      assertThat(scope.join()).singleElement()
          .isInstanceOfSatisfying(Failure.class, f -> assertThat(f.exception())
              .isInstanceOf(IllegalStateException.class).hasMessageContaining("itself"));
    }
  }

  // ---- maxConcurrency

  @Test
  void maxConcurrencyBoundsRunningTasksAndSpawnWaitsForASlot() throws Exception {
    int bound = 3;
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch firstWaveIn = new CountDownLatch(bound);
    try (TestThreads threads = new TestThreads()) {
      TestThreads.Handle<List<Integer>> owner = threads.call("owner", () -> {
        try (Scope<Integer, List<Integer>> scope =
            Scope.builder().maxConcurrency(bound).open(Policy.failFast())) {
          for (int i = 0; i < 10; i++) {
            int n = i;
            scope.spawn(() -> {
              most.accumulateAndGet(running.incrementAndGet(), Math::max);
              if (n < bound) {
                firstWaveIn.countDown();
                release.await();
              }
              running.decrementAndGet();
              return n;
            });
          }
          return scope.join();
        }
      });
      firstWaveIn.await();
      TestThreads.awaitBlocked(owner.thread()); // the fourth spawn waits for a slot
      assertThat(running).hasValue(bound);
      release.countDown();
      assertThat(owner.get()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
    assertThat(most.get()).isEqualTo(bound);
  }

  @Test
  void trySpawnHandsTheTaskBackAtCapacity() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (Scope<String, List<String>> scope =
        Scope.builder().maxConcurrency(1).open(Policy.failFast())) {
      Callable<String> held = () -> {
        release.await();
        return "held";
      };
      Callable<String> second = () -> "second";
      TrySpawnResult<String> r1 = scope.trySpawn(held);
      assertThat(r1).isInstanceOf(Spawned.class);
      assertThat(scope.trySpawn(second)).isEqualTo(new AtCapacity<>(second));
      release.countDown();
      ((Spawned<String>) r1).task().join();
      scope.join(); // the slot is free again once the first task's thread has finished
      assertThat(scope.trySpawn(second)).isInstanceOfSatisfying(Spawned.class,
          s -> assertThat(s.task()).isNotNull());
      assertThat(scope.join()).containsExactly("held", "second");
    }
  }

  @Test
  void aSpawnWaitingForASlotReturnsACancelledTaskWhenTheScopeEnds() throws Exception {
    try (TestThreads threads = new TestThreads(); Tracker tracker = new Tracker()) {
      Scope<?, ?>[] shared = new Scope<?, ?>[1];
      CountDownLatch opened = new CountDownLatch(1);
      TestThreads.Handle<Outcome<Object>> owner = threads.call("owner", () -> {
        try (Scope<Object, List<Object>> scope = Scope.builder().maxConcurrency(1).open()) {
          shared[0] = scope;
          opened.countDown();
          scope.spawn(tracker.blocking(Block.SLEEP));
          Task<Object> waited = scope.spawn(() -> "never runs");
          assertThatThrownBy(scope::join).isInstanceOf(CancellationException.class);
          return waited.outcome();
        }
      });
      opened.await();
      tracker.awaitBlocked(1);
      TestThreads.awaitBlocked(owner.thread());
      shared[0].cancel(); // from a stranger: allowed
      assertThat(owner.get()).isEqualTo(Cancelled.instance());
      tracker.assertAllTerminated();
    }
  }

  @Test
  void builderRejectsBadArguments() {
    assertThatThrownBy(() -> Scope.builder().maxConcurrency(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Scope.builder().name(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Scope.builder().timeout(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Scope.open(null)).isInstanceOf(NullPointerException.class);
    try (var scope = Scope.open()) {
      assertThatThrownBy(() -> scope.spawn(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> scope.trySpawn(null)).isInstanceOf(NullPointerException.class);
    }
  }

  @Test
  void toStringNamesTheScopeAndItsState() throws Exception {
    try (var scope = Scope.builder().name("shown").open(Policy.collectAll())) {
      assertThat(scope.toString()).contains("shown", "collectAll", "open");
      scope.cancel();
      assertThat(scope.toString()).contains("cancelled");
    }
  }
}
