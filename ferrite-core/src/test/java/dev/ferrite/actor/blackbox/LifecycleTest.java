package dev.ferrite.actor.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.actor.Actor;
import dev.ferrite.actor.ActorContext;
import dev.ferrite.actor.ActorFailure;
import dev.ferrite.actor.ActorRef;
import dev.ferrite.actor.ActorSystem;
import dev.ferrite.actor.DeadLetter;
import dev.ferrite.actor.Replied;
import dev.ferrite.actor.Stopped;
import dev.ferrite.actor.Supervision;
import dev.ferrite.test.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  private final ConcurrentLinkedQueue<DeadLetter> dead = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<ActorFailure> failures = new ConcurrentLinkedQueue<>();

  private ActorSystem system(String name) {
    return ActorSystem.builder().name(name).threads(2).onDeadLetter(dead::add)
        .onFailure(failures::add).build();
  }

  private static void await(ActorRef<?> actor) throws Exception {
    actor.whenTerminated().get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void stopDrainsTheMailboxThenRunsThePostStopHookOnceAndLaterMessagesAreDeadLetters()
      throws Exception {
    List<Integer> handled = new ArrayList<>();
    AtomicInteger postStops = new AtomicInteger();
    CountDownLatch gate = new CountDownLatch(1);
    try (ActorSystem system = system("stop-drains")) {
      ActorRef<Integer> actor = system.<Integer>actor(() -> new Actor<>() {
        @Override
        public void receive(Integer msg, ActorContext<Integer> ctx) throws Exception {
          gate.await();
          handled.add(msg);
        }

        @Override
        public void postStop() {
          postStops.incrementAndGet();
        }
      }).spawn();
      for (int i = 0; i < 100; i++) {
        actor.tell(i);
      }
      actor.stop();
      assertThat(actor.tell(100)).isEqualTo(Stopped.instance());
      gate.countDown();
      await(actor);
      assertThat(actor.isTerminated()).isTrue();
      assertThat(actor.tell(101)).isEqualTo(Stopped.instance());
      actor.stop();
      actor.stopNow();
    }
    assertThat(handled).hasSize(100).isSorted();
    assertThat(postStops).hasValue(1);
    assertThat(dead).extracting(DeadLetter::message).containsExactly(100, 101);
  }

  @Test
  void stopNowSendsTheQueuedMessagesToTheDeadLetters() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    List<Integer> handled = new ArrayList<>();
    try (ActorSystem system = system("stop-now")) {
      ActorRef<Integer> actor = system.<Integer>actor(() -> (msg, ctx) -> {
        started.countDown();
        gate.await();
        handled.add(msg);
      }).spawn();
      for (int i = 0; i < 10; i++) {
        actor.tell(i);
      }
      assertThat(started.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      actor.stopNow();
      gate.countDown();
      await(actor);
    }
    assertThat(handled).containsExactly(0);
    assertThat(dead).extracting(DeadLetter::message).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void restartGivesAFreshStateAfterBackoff() throws Exception {
    try (ActorSystem system = system("restart")) {
      ActorRef<Counter.Msg> counter = system.actor(Counter::new)
          .supervision(Supervision.restart(3, Duration.ofMillis(1), Duration.ofMillis(10)))
          .spawn();
      counter.tell(new Counter.Increment());
      counter.tell(new Counter.Increment());
      counter.tell(new Counter.Boom());
      counter.tell(new Counter.Increment());
      assertThat(counter.ask(Counter.Get::new, Timeouts.LONG)).isEqualTo(new Replied<>(1L));
      assertThat(counter.isTerminated()).isFalse();
    }
    assertThat(failures).singleElement().satisfies(f -> {
      assertThat(f.decision()).isEqualTo(ActorFailure.Decision.RESTART);
      assertThat(f.message()).isEqualTo(new Counter.Boom());
      assertThat(f.error()).hasMessage("boom at 2");
      assertThat(f.failuresInARow()).isEqualTo(1);
    });
  }

  @Test
  void theRetryLimitStopsTheActorAndEveryFailureIsReported() throws Exception {
    try (ActorSystem system = system("retry-limit")) {
      ActorRef<Counter.Msg> counter = system.actor(Counter::new)
          .supervision(Supervision.restart(2, Duration.ZERO, Duration.ofMillis(5))).spawn();
      for (int i = 0; i < 5; i++) {
        counter.tell(new Counter.Boom());
      }
      await(counter);
    }
    assertThat(failures).extracting(ActorFailure::decision).containsExactly(
        ActorFailure.Decision.RESTART, ActorFailure.Decision.RESTART, ActorFailure.Decision.STOP);
    assertThat(failures).extracting(ActorFailure::failuresInARow).containsExactly(1, 2, 3);
    assertThat(dead).hasSize(2); // the two Booms still queued when it stopped
  }

  @Test
  void aSuccessfulMessageResetsTheFailuresInARow() throws Exception {
    try (ActorSystem system = system("reset")) {
      ActorRef<Counter.Msg> counter = system.actor(Counter::new)
          .supervision(Supervision.restart(1, Duration.ZERO, Duration.ZERO)).spawn();
      for (int i = 0; i < 4; i++) {
        counter.tell(new Counter.Boom());
        counter.tell(new Counter.Increment());
      }
      assertThat(counter.ask(Counter.Get::new, Timeouts.LONG)).isEqualTo(new Replied<>(1L));
    }
    assertThat(failures).hasSize(4)
        .extracting(ActorFailure::decision).containsOnly(ActorFailure.Decision.RESTART);
  }

  @Test
  void theDefaultSupervisionStopsOnTheFirstFailure() throws Exception {
    try (ActorSystem system = system("default-stop")) {
      ActorRef<Counter.Msg> counter = system.spawn("c", Counter::new);
      counter.tell(new Counter.Boom());
      await(counter);
      assertThat(counter.ask(Counter.Get::new, Timeouts.LONG)).isEqualTo(Stopped.instance());
    }
    assertThat(failures).singleElement()
        .extracting(ActorFailure::decision).isEqualTo(ActorFailure.Decision.STOP);
  }

  @Test
  void aWatcherHearsOfTheTermination() throws Exception {
    CountDownLatch noticed = new CountDownLatch(1);
    try (ActorSystem system = system("watch")) {
      ActorRef<String> watched = system.<String>actor(() -> (msg, ctx) -> {}).spawn();
      ActorRef<String> watcher = system.<String>actor(() -> (msg, ctx) -> {
        if (msg.equals("watch")) {
          ctx.watch(watched, "terminated");
        } else if (msg.equals("terminated")) {
          noticed.countDown();
        }
      }).spawn();
      watcher.tell("watch"); // before or after the termination: the notice comes either way
      watched.stop();
      assertThat(noticed.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }
  }

  @Test
  void closeDrainsEveryActorAndLeavesNoThreadBehind() throws Exception {
    AtomicInteger handled = new AtomicInteger();
    ActorSystem system = system("close-drains");
    List<ActorRef<Integer>> actors = new ArrayList<>();
    for (int a = 0; a < 100; a++) {
      actors.add(system.<Integer>actor(() -> (msg, ctx) -> handled.incrementAndGet()).spawn());
    }
    for (int i = 0; i < 100; i++) {
      for (ActorRef<Integer> a : actors) {
        a.tell(i);
      }
    }
    system.close();
    assertThat(handled).hasValue(10_000);
    assertThat(system.isTerminated()).isTrue();
    assertThat(system.actorCount()).isZero();
    assertThat(actors).allMatch(ActorRef::isTerminated);
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("close-drains-") && t.isAlive());
    assertThatThrownBy(() -> system.spawn("late", Counter::new))
        .isInstanceOf(IllegalStateException.class);
    assertThat(actors.get(0).tell(1)).isEqualTo(Stopped.instance());
  }

  @Test
  void shutdownWithAGracePeriodStopsLingeringActorsAtOnce() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    ActorSystem system = system("grace");
    ActorRef<Integer> actor = system.<Integer>actor(() -> (msg, ctx) -> {
      started.countDown();
      assertThat(never.await(300, TimeUnit.MILLISECONDS)).isFalse(); // a slow message
    }).spawn();
    for (int i = 0; i < 5; i++) {
      actor.tell(i);
    }
    assertThat(started.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    // the first message outlasts the grace period; the other four are stopped unhandled
    assertThat(system.shutdown(Duration.ofMillis(10))).isFalse();
    assertThat(system.isTerminated()).isTrue();
    assertThat(actor.isTerminated()).isTrue();
    assertThat(dead).extracting(DeadLetter::message).containsExactly(1, 2, 3, 4);
    assertThat(failures).isEmpty();
  }
}
