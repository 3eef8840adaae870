package dev.ferrite.scope.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.scope.Cancelled;
import dev.ferrite.scope.Failure;
import dev.ferrite.scope.Outcome;
import dev.ferrite.scope.Policy;
import dev.ferrite.scope.Scope;
import dev.ferrite.scope.Task;
import dev.ferrite.scope.TaskFailedException;
import dev.ferrite.scope.blackbox.Tracker.Block;
import dev.ferrite.test.TestThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cancellation reaches blocked tasks, and no thread outlives its scope: when the body throws, a
 * task throws, or the owner is interrupted. Each test checks that every task's thread has
 * terminated right after close; with platform threads the harness's leak check sees them too.
 */
class CancellationTest {

  static Stream<Arguments> blocksAndKinds() {
    List<Arguments> all = new ArrayList<>();
    for (Block b : Block.values()) {
      all.add(Arguments.of(b, false));
      all.add(Arguments.of(b, true));
    }
    return all.stream();
  }

  private static Scope.Builder scope(boolean platform) {
    return Scope.builder().name(platform ? "platform" : "virtual").platformThreads(platform);
  }

  @ParameterizedTest(name = "{0}, platform threads: {1}")
  @MethodSource("blocksAndKinds")
  void aFailureCancelsSiblingsBlockedAnywhere(Block how, boolean platform) throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    try (Tracker tracker = how == Block.LOCK ? new Tracker().holdLock() : new Tracker();
        var scope = scope(platform).open()) {
      List<Task<Object>> siblings = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        siblings.add(scope.spawn(tracker.blocking(how)));
      }
      tracker.awaitBlocked(3);
      scope.spawn(tracker.failing(boom));
      assertThatThrownBy(scope::join)
          .isInstanceOf(TaskFailedException.class)
          .hasCause(boom)
          .satisfies(e -> assertThat(e.getSuppressed()).as("cancelled tasks are no failures")
              .isEmpty());
      assertThat(siblings).allSatisfy(t -> assertThat(t.outcome()).isEqualTo(Cancelled.instance()));
      assertThat(tracker.interrupted).hasValue(3);
      scope.close();
      tracker.assertAllTerminated();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void whenTheBodyThrowsCloseCancelsAndWaitsForEveryTask(boolean platform) throws Exception {
    Tracker tracker = new Tracker();
    List<Task<Object>> tasks = new ArrayList<>();
    try (tracker) {
      assertThatThrownBy(() -> {
        try (var scope = scope(platform).open()) {
          tasks.add(scope.spawn(tracker.blocking(Block.SLEEP)));
          tasks.add(scope.spawn(tracker.blocking(Block.CHANNEL_RECV)));
          tracker.awaitBlocked(2);
          throw new IllegalArgumentException("the body failed");
        }
      }).isInstanceOf(IllegalArgumentException.class).hasNoSuppressedExceptions();
      tracker.assertAllTerminated(); // already when the exception left the block
    }
    assertThat(tasks).allSatisfy(t -> assertThat(t.outcome()).isEqualTo(Cancelled.instance()));
    assertThat(tracker.interrupted).hasValue(2);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void whenATaskThrowsNoThreadOutlivesTheScope(boolean platform) throws Exception {
    try (Tracker tracker = new Tracker()) {
      try (var scope = scope(platform).open(Policy.collectAll())) {
        for (int i = 0; i < 5; i++) {
          scope.spawn(tracker.failing(new RuntimeException("task " + i)));
          scope.spawn(tracker.value(i));
        }
        assertThat(scope.join()).hasSize(10).filteredOn(o -> o instanceof Failure).hasSize(5);
      }
      tracker.assertAllTerminated();
      assertThat(tracker.threads).hasSize(10);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anInterruptedOwnerCancelsItsTasksOnJoin(boolean platform) throws Exception {
    try (Tracker tracker = new Tracker()) {
      Task<Object> t;
      try (var scope = scope(platform).open()) {
        t = scope.spawn(tracker.blocking(Block.SLEEP));
        tracker.awaitBlocked(1);
        Thread.currentThread().interrupt();
        assertThatThrownBy(scope::join).isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
      }
      tracker.assertAllTerminated();
      assertThat(t.outcome()).isEqualTo(Cancelled.instance());
      assertThat(tracker.interrupted).hasValue(1);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void interruptingAnOwnerWaitingInJoinCancelsItsTasks(boolean platform) throws Exception {
    try (TestThreads threads = new TestThreads(); Tracker tracker = new Tracker()) {
      TestThreads.Handle<Outcome<Object>> owner = threads.call("owner", () -> {
        Task<Object> t;
        try (var scope = scope(platform).open()) {
          t = scope.spawn(tracker.blocking(Block.LATCH));
          assertThatThrownBy(scope::join).isInstanceOf(InterruptedException.class);
        }
        tracker.assertAllTerminated();
        return t.outcome();
      });
      tracker.awaitBlocked(1);
      TestThreads.awaitBlocked(owner.thread()); // parked in join
      owner.thread().interrupt();
      assertThat(owner.get()).isEqualTo(Cancelled.instance());
      assertThat(tracker.interrupted).hasValue(1);
    }
  }

  @Test
  void anOwnerInterruptedWhileClosingStillWaitsAndKeepsItsInterrupt() throws Exception {
    try (Tracker tracker = new Tracker()) {
      CyclicBarrier closing = new CyclicBarrier(2);
      Task<Object> ignoring;
      try (var scope = Scope.open(Policy.collectAll())) {
        // a task that ignores its first interrupt, so close() must wait for it
        ignoring = scope.spawn(tracker.track(() -> {
          try {
            closing.await();
            Thread.sleep(Long.MAX_VALUE);
          } catch (InterruptedException first) {
            return "finished anyway";
          }
          return "never";
        }));
        Thread.currentThread().interrupt(); // close() sees it while waiting
      }
      assertThat(Thread.interrupted()).as("close() sets the interrupt status again").isTrue();
      tracker.assertAllTerminated();
      assertThat(ignoring.outcome()).isEqualTo(Cancelled.instance());
      assertThat(closing.getNumberWaiting()).isZero();
    }
  }

  @Test
  void closeWithoutJoinCancelsTheTasksStillRunning() throws Exception {
    try (Tracker tracker = new Tracker()) {
      Task<Object> done;
      Task<Object> blocked;
      try (var scope = Scope.open()) {
        done = scope.spawn(tracker.value("done"));
        done.join();
        blocked = scope.spawn(tracker.blocking(Block.CONDITION));
        tracker.awaitBlocked(1);
      }
      tracker.assertAllTerminated();
      assertThat(done.get()).isEqualTo("done");
      assertThat(blocked.outcome()).isEqualTo(Cancelled.instance());
    }
  }

  @Test
  void suppressedFailuresAreExactlyTheOtherFailedTasks() throws Exception {
    // Several tasks fail at once; how many fail before the first failure cancels them varies,
    // but the thrown exception must always account for exactly the tasks that ended failed.
    for (int round = 0; round < 50; round++) {
      int n = 4;
      CyclicBarrier together = new CyclicBarrier(n);
      List<Task<Object>> tasks = new ArrayList<>();
      try (Tracker tracker = new Tracker(); var scope = Scope.open()) {
        for (int i = 0; i < n; i++) {
          int id = i;
          tasks.add(scope.spawn(tracker.track(() -> {
            together.await();
            throw new RuntimeException("task " + id);
          })));
        }
        TaskFailedException e = (TaskFailedException) catchThrowable(scope::join);
        List<Throwable> failures = tasks.stream()
            .map(Task::outcome)
            .filter(o -> o instanceof Failure)
            .map(o -> ((Failure<Object>) o).exception())
            .toList();
        assertThat(failures).contains(e.getCause());
        List<Throwable> reported = new ArrayList<>(List.of(e.getSuppressed()));
        reported.add(e.getCause());
        assertThat(reported).containsExactlyInAnyOrderElementsOf(failures);
        assertThat(tasks).allSatisfy(t -> assertThat(t.outcome())
            .isInstanceOfAny(Failure.class, Cancelled.class));
      }
    }
  }

  private static Throwable catchThrowable(ThrowingCall call) {
    try {
      call.call();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected an exception");
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void call() throws Exception;
  }

  @Test
  void aCancelledScopeJoinsWithCancellationAndSuppressesEarlierFailures() throws Exception {
    RuntimeException early = new RuntimeException("early");
    try (Tracker tracker = new Tracker(); var scope = Scope.open(Policy.collectAll())) {
      Task<Object> failed = scope.spawn(tracker.failing(early));
      assertThatThrownBy(failed::join).isInstanceOf(TaskFailedException.class);
      scope.spawn(tracker.blocking(Block.SLEEP));
      tracker.awaitBlocked(1);
      scope.cancel();
      assertThatThrownBy(scope::join).isInstanceOf(CancellationException.class)
          .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(early));
    }
  }
}
