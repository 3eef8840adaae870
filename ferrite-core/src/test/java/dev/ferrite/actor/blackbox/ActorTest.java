package dev.ferrite.actor.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.actor.ActorRef;
import dev.ferrite.actor.ActorSystem;
import dev.ferrite.actor.AskResult;
import dev.ferrite.actor.DeadLetter;
import dev.ferrite.actor.Delivered;
import dev.ferrite.actor.Replied;
import dev.ferrite.actor.Stopped;
import dev.ferrite.actor.TimedOut;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ActorTest {

  @Test
  void theArticlesCounterCountsIncrementsFromFourThreads() throws Exception {
    try (ActorSystem system = ActorSystem.builder().name("counter-test").threads(2).build();
        TestThreads threads = new TestThreads()) {
      ActorRef<Counter.Msg> counter = system.spawn("counter", Counter::new);
      for (int t = 0; t < 4; t++) {
        threads.start("sender-" + t, () -> {
          for (int i = 0; i < 2_500; i++) {
            assertThat(counter.tell(new Counter.Increment())).isEqualTo(Delivered.instance());
          }
        });
      }
      threads.joinAll();
      counter.tell(new Counter.Decrement());
      counter.tell(new Counter.Increment());
      AskResult<Long> r = counter.ask(Counter.Get::new, Timeouts.LONG);
      assertThat(r).isEqualTo(new Replied<>(10_000L));
    }
  }

  @Test
  void askAsyncCompletesWithTheReply() throws Exception {
    try (ActorSystem system = ActorSystem.builder().name("ask-async").threads(1).build()) {
      ActorRef<Counter.Msg> counter = system.spawn("counter", Counter::new);
      counter.tell(new Counter.Increment());
      AskResult<Long> r = counter.<Long>askAsync(Counter.Get::new, Timeouts.LONG)
          .get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(r).isEqualTo(new Replied<>(1L));
    }
  }

  @Test
  void askTimesOutAgainstASlowActorAndALateReplyIsDropped() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    List<Boolean> lateReplies = new ArrayList<>();
    CountDownLatch replied = new CountDownLatch(1);
    try (ActorSystem system = ActorSystem.builder().name("ask-timeout").threads(1).build()) {
      ActorRef<Counter.Get> slow = system.<Counter.Get>actor(() -> (get, ctx) -> {
        gate.await();
        lateReplies.add(get.replyTo().reply(42L));
        replied.countDown();
      }).spawn();
      AskResult<Long> r = slow.ask(Counter.Get::new, Duration.ofMillis(30));
      assertThat(r).isEqualTo(TimedOut.instance());
      AskResult<Long> async = slow.<Long>askAsync(Counter.Get::new, Duration.ofMillis(30))
          .get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(async).isEqualTo(TimedOut.instance());
      gate.countDown();
      assertThat(replied.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }
    assertThat(lateReplies).first().isEqualTo(false);
  }

  @Test
  void askingAStoppedActorSaysStoppedAndQuestionsLeftQueuedSayStoppedToo() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    ConcurrentLinkedQueue<DeadLetter> letters = new ConcurrentLinkedQueue<>();
    try (ActorSystem system = ActorSystem.builder().name("ask-stopped").threads(1)
        .onDeadLetter(letters::add).build()) {
      ActorRef<Object> actor = system.actor(() -> (msg, ctx) -> {
        started.countDown();
        gate.await();
      }).spawn();
      actor.tell("first");
      assertThat(started.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      var queued = actor.<Long>askAsync(r -> r, Timeouts.LONG);
      actor.stopNow();
      gate.countDown();
      assertThat(queued.get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS))
          .isEqualTo(Stopped.instance());
      actor.whenTerminated().get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(actor.ask(r -> r, Timeouts.LONG)).isEqualTo(Stopped.instance());
      assertThat(actor.tell("late")).isEqualTo(Stopped.instance());
    }
    assertThat(letters).extracting(DeadLetter::reason).containsOnly(DeadLetter.Reason.STOPPED);
    assertThat(letters).extracting(DeadLetter::message).contains("late");
    assertThat(letters).hasSize(3);
  }
}
