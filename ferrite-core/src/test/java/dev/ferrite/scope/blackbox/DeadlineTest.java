package dev.ferrite.scope.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.scope.Cancelled;
import dev.ferrite.scope.Outcome;
import dev.ferrite.scope.Policy;
import dev.ferrite.scope.Scope;
import dev.ferrite.scope.ScopeTimedOutException;
import dev.ferrite.scope.Success;
import dev.ferrite.scope.Task;
import dev.ferrite.scope.TimedOut;
import dev.ferrite.scope.blackbox.Tracker.Block;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole-scope deadline: it reaches the tasks (even while the owner is not joining), and the
 * scope reports a timeout, as an exception from {@code join()} and as a value from
 * {@code await()}. The deadlines here are real: they are what is tested. A cold JVM may take
 * longer than a deadline to start a task's thread; such a task is cancelled before it starts,
 * which the assertions accept (every task that started was interrupted, every task is cancelled).
 */
class DeadlineTest {
  /** Long enough that tasks have usually started and blocked when it passes. */
  private static final Duration DEADLINE = Duration.ofMillis(100);

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theDeadlineCancelsBlockedTasksAndJoinReportsATimeout(boolean platform) throws Exception {
    try (Tracker tracker = new Tracker()) {
      Task<Object> a;
      Task<Object> b;
      try (var scope = Scope.builder().name("slow").platformThreads(platform)
          .timeout(DEADLINE).open()) {
        a = scope.spawn(tracker.blocking(Block.SLEEP));
        b = scope.spawn(tracker.blocking(Block.CHANNEL_RECV));
        assertThatThrownBy(scope::join)
            .isInstanceOf(ScopeTimedOutException.class)
            .hasMessageContaining("slow")
            .hasMessageContaining("timed out");
        assertThat(scope.await()).isEqualTo(TimedOut.instance());
        Task<Object> late = scope.spawn(() -> "late");
        assertThat(late.outcome()).isEqualTo(Cancelled.instance());
      }
      tracker.assertAllTerminated();
      assertThat(a.outcome()).isEqualTo(Cancelled.instance());
      assertThat(b.outcome()).isEqualTo(Cancelled.instance());
      assertThat(tracker.interrupted).hasValue(tracker.threads.size()); // every one that started
    }
  }

  @Test
  void theDeadlineReachesTasksWhileTheOwnerIsBusyElsewhere() throws Exception {
    try (Tracker tracker = new Tracker(); var scope = Scope.builder().timeout(DEADLINE).open()) {
      Task<Object> t = scope.spawn(tracker.blocking(Block.SLEEP));
      // The owner does not join: it only watches the task until the watchdog has stopped it.
      TestThreads.await(t::isDone, () -> "the deadline to cancel " + t);
      assertThat(t.outcome()).isEqualTo(Cancelled.instance());
      assertThat(tracker.interrupted).hasValue(tracker.threads.size());
      assertThat(scope.await()).isEqualTo(TimedOut.instance());
    }
  }

  @Test
  void tasksThatFinishInTimeAreNotAffected() throws Exception {
    try (Scope<Integer, List<Integer>> scope =
        Scope.builder().timeout(Timeouts.LONG).open(Policy.failFast())) {
      scope.spawn(() -> 1);
      scope.spawn(() -> 2);
      assertThat(scope.join()).containsExactly(1, 2);
    } // close() stops the watchdog long before its deadline, and waits for it
  }

  @Test
  void aDeadlineInThePastCancelsEverySpawn() throws Exception {
    for (Duration d : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
      try (var scope = Scope.builder().timeout(d).open()) {
        Task<Object> t = scope.spawn(() -> "never");
        assertThat(t.isDone()).isTrue();
        assertThat(t.outcome()).isEqualTo(Cancelled.instance());
        assertThat(scope.await()).isEqualTo(TimedOut.instance());
      }
    }
  }

  @Test
  void aHugeTimeoutIsNoDeadline() throws Exception {
    try (Scope<String, String> scope = Scope.builder()
        .timeout(Duration.ofSeconds(Long.MAX_VALUE)).open(Policy.firstSuccess())) {
      scope.spawn(() -> "ok");
      assertThat(scope.await()).isEqualTo(new Success<>("ok"));
    }
  }

  @Test
  void failuresBeforeTheDeadlineAreSuppressedInTheTimeout() throws Exception {
    IllegalStateException early = new IllegalStateException("early");
    try (Tracker tracker = new Tracker();
        var scope = Scope.builder().timeout(DEADLINE).open(Policy.collectAll())) {
      Task<Object> failed = scope.spawn(tracker.failing(early));
      scope.spawn(tracker.blocking(Block.LATCH));
      assertThatThrownBy(scope::join)
          .isInstanceOf(ScopeTimedOutException.class)
          .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(early));
      assertThat(failed.outcome()).isInstanceOf(Outcome.class);
    }
  }

  @Test
  void aSpawnWaitingForASlotGivesUpAtTheDeadline() throws Exception {
    try (Tracker tracker = new Tracker();
        var scope = Scope.builder().maxConcurrency(1).timeout(DEADLINE).open()) {
      scope.spawn(tracker.blocking(Block.SLEEP));
      Task<Object> waited = scope.spawn(() -> "never"); // waits for the slot until the deadline
      assertThat(waited.outcome()).isEqualTo(Cancelled.instance());
      assertThatThrownBy(scope::join).isInstanceOf(ScopeTimedOutException.class);
    }
  }
}
