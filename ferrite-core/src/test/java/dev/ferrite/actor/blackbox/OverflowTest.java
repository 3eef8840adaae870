package dev.ferrite.actor.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.actor.ActorRef;
import dev.ferrite.actor.ActorSystem;
import dev.ferrite.actor.DeadLetter;
import dev.ferrite.actor.Delivered;
import dev.ferrite.actor.Mailbox;
import dev.ferrite.actor.Overflow;
import dev.ferrite.actor.Rejected;
import dev.ferrite.actor.TellResult;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each policy with a capacity-2 mailbox whose actor is held inside its first message ("m1"), so
 * the mailbox's content at each tell is known.
 */
class OverflowTest {
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch gate = new CountDownLatch(1);
  private final ConcurrentLinkedQueue<String> handled = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<DeadLetter> dead = new ConcurrentLinkedQueue<>();

  private ActorSystem system() {
    return ActorSystem.builder().name("overflow").threads(1).onDeadLetter(dead::add).build();
  }

  private ActorRef<String> heldActor(ActorSystem system, Overflow overflow) throws Exception {
    ActorRef<String> actor = system.<String>actor(() -> (msg, ctx) -> {
      handled.add(msg);
      started.countDown();
      gate.await();
    }).mailbox(Mailbox.bounded(2, overflow)).spawn();
    assertThat(actor.tell("m1")).isEqualTo(Delivered.instance());
    assertThat(started.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    return actor;
  }

  private void finish(ActorRef<String> actor) throws Exception {
    gate.countDown();
    actor.stop();
    actor.whenTerminated().get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void failFastHandsTheMessageBackWithoutADeadLetter() throws Exception {
    try (ActorSystem system = system()) {
      ActorRef<String> actor = heldActor(system, Overflow.FAIL_FAST);
      assertThat(actor.tell("m2")).isEqualTo(Delivered.instance());
      assertThat(actor.tell("m3")).isEqualTo(Rejected.instance());
      finish(actor);
    }
    assertThat(handled).containsExactly("m1", "m2");
    assertThat(dead).isEmpty();
  }

  @Test
  void dropNewestDropsTheNewMessageToTheDeadLetters() throws Exception {
    try (ActorSystem system = system()) {
      ActorRef<String> actor = heldActor(system, Overflow.DROP_NEWEST);
      assertThat(actor.tell("m2")).isEqualTo(Delivered.instance());
      assertThat(actor.tell("m3")).isEqualTo(Rejected.instance());
      finish(actor);
    }
    assertThat(handled).containsExactly("m1", "m2");
    assertThat(dead).extracting(DeadLetter::message, DeadLetter::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("m3", DeadLetter.Reason.DROPPED));
  }

  @Test
  void dropOldestEvictsTheOldestWaitingMessage() throws Exception {
    try (ActorSystem system = system()) {
      ActorRef<String> actor = heldActor(system, Overflow.DROP_OLDEST);
      // m1 left the mailbox when the actor took it: two more fit, the fourth evicts m2
      assertThat(actor.tell("m2")).isEqualTo(Delivered.instance());
      assertThat(actor.tell("m3")).isEqualTo(Delivered.instance());
      assertThat(actor.tell("m4")).isEqualTo(Delivered.instance());
      finish(actor);
    }
    assertThat(handled).containsExactly("m1", "m3", "m4");
    assertThat(dead).extracting(DeadLetter::message).containsExactly("m2");
  }

  @Test
  void blockParksTheSenderUntilThereIsRoom() throws Exception {
    try (ActorSystem system = system(); TestThreads threads = new TestThreads()) {
      ActorRef<String> actor = heldActor(system, Overflow.BLOCK);
      assertThat(actor.tell("m2")).isEqualTo(Delivered.instance());
      Thread sender = threads.start("blocked-sender",
          () -> assertThat(actor.tell("m3")).isEqualTo(Delivered.instance()));
      TestThreads.awaitBlocked(sender);
      assertThat(handled).containsExactly("m1");
      gate.countDown();
      threads.joinAll();
      actor.stop();
      actor.whenTerminated().get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
    }
    assertThat(handled).containsExactly("m1", "m2", "m3");
    assertThat(dead).isEmpty();
  }

  @Test
  void anInterruptedBlockedSenderGivesUpWithRejectedAndKeepsItsInterruptStatus() throws Exception {
    try (ActorSystem system = system(); TestThreads threads = new TestThreads()) {
      ActorRef<String> actor = heldActor(system, Overflow.BLOCK);
      actor.tell("m2");
      Thread sender = threads.start("blocked-sender", () -> {
        TellResult r = actor.tell("m3");
        assertThat(r).isEqualTo(Rejected.instance());
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      });
      TestThreads.awaitBlocked(sender);
      sender.interrupt();
      threads.joinAll();
      finish(actor);
    }
    assertThat(handled).containsExactly("m1", "m2");
  }

  @Test
  void anUnboundedMailboxTakesEverything() throws Exception {
    try (ActorSystem system = system()) {
      ActorRef<String> actor = system.<String>actor(() -> (msg, ctx) -> {
        handled.add(msg);
        started.countDown();
        gate.await();
      }).mailbox(Mailbox.unbounded()).spawn();
      for (int i = 0; i < 10_000; i++) {
        assertThat(actor.tell("m" + i)).isEqualTo(Delivered.instance());
      }
      finish(actor);
    }
    assertThat(handled).hasSize(10_000);
    assertThat(List.copyOf(handled).get(9_999)).isEqualTo("m9999");
  }
}
