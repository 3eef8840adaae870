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
import dev.ferrite.test.Timeouts;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Misuse fails at once with a clear exception; scopes nest, and cancellation reaches inside. */
class MisuseAndNestingTest {

  // ---- misuse

  @Test
  void aClosedScopeRefusesWorkAndClosingAgainIsHarmless() throws Exception {
    var scope = Scope.builder().name("done").open();
    scope.close();
    scope.close();
    assertThatThrownBy(() -> scope.spawn(() -> 1))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'done' is closed");
    assertThatThrownBy(() -> scope.trySpawn(() -> 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(scope::join).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(scope::await).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void onlyTheOwnerMaySpawnJoinOrClose() throws Exception {
    try (TestThreads threads = new TestThreads();
        var scope = Scope.builder().name("mine").open()) {
      threads.start("stranger", () -> {
        assertThatThrownBy(() -> scope.spawn(() -> 1))
            .isInstanceOf(WrongThreadException.class)
            .hasMessageContaining("stranger").hasMessageContaining("mine");
        assertThatThrownBy(() -> scope.trySpawn(() -> 1)).isInstanceOf(WrongThreadException.class);
        assertThatThrownBy(scope::join).isInstanceOf(WrongThreadException.class);
        assertThatThrownBy(scope::await).isInstanceOf(WrongThreadException.class);
        assertThatThrownBy(scope::close).isInstanceOf(WrongThreadException.class);
      }).join();
      threads.joinAll();
      assertThat(scope.join()).isEmpty(); // still usable by its owner
    }
  }

  @Test
  void aTaskThatUsesItsOwnScopeFailsAtOnceWithAHint() throws Exception {
    try (var scope = Scope.builder().name("outer").open(Policy.collectAll())) {
      Scope<?, ?>[] self = {scope};
      CountDownLatch published = new CountDownLatch(1);
      scope.spawn(() -> {
        published.await();
        return ((Scope<Object, ?>) self[0]).spawn(() -> "escaped");
      });
      published.countDown();
      List<? extends Outcome<?>> outcomes = scope.join();
      assertThat(outcomes).singleElement().isInstanceOfSatisfying(Failure.class,
          f -> assertThat(f.exception())
              .isInstanceOf(WrongThreadException.class)
              .hasMessageContaining("outer-0")
              .hasMessageContaining("nested scope"));
    }
  }

  @Test
  void closingAnOuterScopeFirstClosesTheInnerOneAndComplains() throws Exception {
    try (Tracker tracker = new Tracker()) {
      var outer = Scope.builder().name("outer").open();
      var inner = Scope.builder().name("inner").open();
      Task<Object> blocked = inner.spawn(tracker.blocking(Block.SLEEP));
      tracker.awaitBlocked(1);
      assertThatThrownBy(outer::close)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'outer'").hasMessageContaining("'inner'");
      tracker.assertAllTerminated();
      assertThat(blocked.outcome()).isEqualTo(Cancelled.instance());
      assertThatThrownBy(() -> inner.spawn(() -> 1)).isInstanceOf(IllegalStateException.class);
      inner.close(); // already closed: harmless
      // the thread's stack of scopes is clean again
      try (var next = Scope.open()) {
        next.spawn(() -> 1);
        assertThat(next.join()).containsExactly(1);
      }
    }
  }

  @Test
  void aTaskThatLeavesItsNestedScopeOpenFailsAndTheScopeIsClosed() throws Exception {
    try (Tracker tracker = new Tracker()) {
      AtomicReference<Task<Object>> grandchild = new AtomicReference<>();
      Task<Object> child;
      try (var scope = Scope.builder().name("outer").open(Policy.collectAll())) {
        child = scope.spawn(() -> {
          var leaked = Scope.builder().name("leaked").open(); // never closed
          grandchild.set(leaked.spawn(tracker.blocking(Block.SLEEP)));
          tracker.awaitBlocked(1);
          return "returned with its scope open";
        });
        scope.join();
      }
      assertThat(child.outcome()).isInstanceOfSatisfying(Failure.class,
          f -> assertThat(f.exception())
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("'leaked'")
              .hasMessageContaining("outer-0"));
      assertThat(grandchild.get().outcome()).isEqualTo(Cancelled.instance());
      tracker.assertAllTerminated();
    }
  }

  // ---- nesting

  @Test
  void nestedScopesComposeAndNameTheirThreads() throws Exception {
    try (Scope<Integer, List<Integer>> outer =
        Scope.builder().name("outer").open(Policy.failFast())) {
      for (int i = 0; i < 3; i++) {
        int base = i * 10;
        outer.spawn(() -> {
          try (Scope<String, List<String>> inner =
              Scope.builder().name(Thread.currentThread().getName() + "/inner")
                  .open(Policy.failFast())) {
            inner.spawn(() -> Thread.currentThread().getName());
            inner.spawn(() -> Thread.currentThread().getName());
            List<String> names = inner.join();
            assertThat(names).allMatch(n -> n.startsWith("outer-"))
                .allMatch(n -> n.contains("/inner-"));
            return base + names.size();
          }
        });
      }
      assertThat(outer.join()).containsExactly(2, 12, 22);
    }
  }

  @Test
  void cancellingATaskCancelsItsNestedScopeEvenIfTheTaskSwallowsTheInterrupt()
      throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    try (Tracker tracker = new Tracker()) {
      AtomicReference<Task<Object>> grandchild = new AtomicReference<>();
      AtomicReference<Throwable> innerJoin = new AtomicReference<>();
      AtomicReference<Boolean> grandchildStoppedFirst = new AtomicReference<>();
      CountDownLatch childReady = new CountDownLatch(1);
      try (var outer = Scope.open()) {
        outer.spawn(() -> {
          try (var inner = Scope.open()) {
            grandchild.set(inner.spawn(tracker.blocking(Block.SLEEP)));
            tracker.awaitBlocked(1);
            childReady.countDown();
            try {
              new CountDownLatch(1).await(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException swallowed) {
              // ignores its own cancellation, and does not touch its scope for a while...
            }
            long deadline = System.nanoTime() + Timeouts.LONG.toNanos();
            while (!grandchild.get().isDone() && System.nanoTime() - deadline < 0) {
              Thread.onSpinWait();
            }
            // ... yet the scope it owns was cancelled with it, and its task has stopped
            grandchildStoppedFirst.set(grandchild.get().isDone());
            try {
              inner.join();
            } catch (Throwable t) {
              innerJoin.set(t);
            }
          }
          return "child";
        });
        childReady.await();
        outer.spawn(tracker.failing(boom));
        assertThatThrownBy(outer::join).isInstanceOf(TaskFailedException.class).hasCause(boom);
      }
      assertThat(grandchildStoppedFirst.get()).isTrue();
      assertThat(innerJoin.get()).isInstanceOf(CancellationException.class);
      assertThat(grandchild.get().outcome()).isEqualTo(Cancelled.instance());
      tracker.assertAllTerminated();
    }
  }

  @Test
  void aScopeOpenedInACancelledTaskTakesNoWork() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Thread> child = new AtomicReference<>();
    AtomicReference<Outcome<?>> spawnedAfter = new AtomicReference<>();
    AtomicReference<Throwable> innerJoin = new AtomicReference<>();
    try (var outer = Scope.open()) {
      outer.spawn(() -> {
        child.set(Thread.currentThread());
        started.countDown();
        try {
          new CountDownLatch(1).await(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException swallowed) {
          // carries on as if nothing happened, and opens a scope
        }
        try (var inner = Scope.open()) {
          spawnedAfter.set(inner.spawn(() -> "should not start").outcome());
          inner.join();
        } catch (Throwable t) {
          innerJoin.set(t);
        }
        return "child";
      });
      started.await();
      TestThreads.awaitBlocked(child.get());
      outer.cancel();
      assertThatThrownBy(outer::join).isInstanceOf(CancellationException.class);
    }
    assertThat(spawnedAfter.get()).isEqualTo(Cancelled.instance());
    assertThat(innerJoin.get()).isInstanceOf(CancellationException.class);
  }
}
