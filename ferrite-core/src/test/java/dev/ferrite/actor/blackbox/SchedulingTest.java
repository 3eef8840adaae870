package dev.ferrite.actor.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.actor.ActorRef;
import dev.ferrite.actor.ActorSystem;
import dev.ferrite.actor.Mailbox;
import dev.ferrite.test.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How actors share the pool: few threads for many actors, no starvation, no stranding. */
class SchedulingTest {

  private static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
  }

  @Test
  void tenThousandActorsRunOnTwoThreads() throws Exception {
    AtomicInteger handled = new AtomicInteger();
    CountDownLatch all = new CountDownLatch(10_000);
    try (ActorSystem system = ActorSystem.builder().name("many-actors").threads(2).build()) {
      assertThat(threadsNamed("many-actors-")).isZero(); // nothing started before there is work
      List<ActorRef<Integer>> actors = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        actors.add(system.<Integer>actor(() -> (m, ctx) -> {
          handled.incrementAndGet();
          all.countDown();
        }).spawn());
      }
      for (ActorRef<Integer> a : actors) {
        a.tell(1);
      }
      assertThat(all.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(threadsNamed("many-actors-worker-")).isEqualTo(2);
      assertThat(system.actorCount()).isEqualTo(10_000);
    }
    assertThat(handled).hasValue(10_000);
  }

  @Test
  void anActorTellingItselfForeverDoesNotStarveAnotherOnOneThread() throws Exception {
    CountDownLatch heard = new CountDownLatch(1);
    try (ActorSystem system = ActorSystem.builder().name("fair").threads(1).throughput(4)
        .build()) {
      ActorRef<String> listener = system.<String>actor(() -> (m, ctx) -> heard.countDown())
          .spawn();
      ActorRef<String> busy = system.<String>actor(() -> (m, ctx) -> {
        if (heard.getCount() > 0) {
          ctx.self().tell("again"); // a message to itself: the same worker runs it next
        }
      }).mailbox(Mailbox.unbounded()).spawn();
      busy.tell("start");
      listener.tell("hello");
      assertThat(heard.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }
  }

  @Test
  void anActorWokenByABlockedTurnRunsOnAnotherThread() throws Exception {
    CountDownLatch answered = new CountDownLatch(1);
    try (ActorSystem system = ActorSystem.builder().name("steal").threads(2).build()) {
      ActorRef<String> helper = system.<String>actor(() -> (m, ctx) -> answered.countDown())
          .spawn();
      CountDownLatch done = new CountDownLatch(1);
      ActorRef<String> blocker = system.<String>actor(() -> (m, ctx) -> {
        helper.tell("help"); // schedules helper from this turn, then blocks until it ran
        assertThat(answered.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        done.countDown();
      }).spawn();
      blocker.tell("go");
      assertThat(done.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }
  }
}
