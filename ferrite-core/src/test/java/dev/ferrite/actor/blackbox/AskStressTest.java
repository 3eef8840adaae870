package dev.ferrite.actor.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.actor.ActorRef;
import dev.ferrite.actor.ActorSystem;
import dev.ferrite.actor.AskResult;
import dev.ferrite.actor.Mailbox;
import dev.ferrite.actor.Overflow;
import dev.ferrite.actor.Rejected;
import dev.ferrite.actor.Replied;
import dev.ferrite.actor.Stopped;
import dev.ferrite.actor.TimedOut;
import dev.ferrite.test.Seeds;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Seeded stress of asks racing a stop: every ask ends as Replied or Stopped (or Rejected with a
 * dropping policy), never waits for its timeout, and the replies the askers saw match the
 * questions the actor answered.
 */
class AskStressTest {

  @Test
  void everyAskEndsPromptlyAcrossAStopNow() {
    for (long seed : Seeds.seeds(10)) {
      Seeds.run(seed, this::oneRun);
    }
  }

  private void oneRun(SplittableRandom random) throws Exception {
    int askers = 1 + random.nextInt(4);
    int perAsker = 200 + random.nextInt(800);
    int stopAfter = random.nextInt(askers * perAsker + 1);
    Overflow overflow = Overflow.values()[random.nextInt(Overflow.values().length)];
    Mailbox mailbox = random.nextBoolean() ? Mailbox.unbounded()
        : Mailbox.bounded(1 + random.nextInt(16), overflow);
    boolean async = random.nextBoolean();
    AtomicLong answered = new AtomicLong();
    AtomicLong replied = new AtomicLong();
    AtomicLong stopped = new AtomicLong();
    try (ActorSystem system = ActorSystem.builder().name("ask-stress")
        .threads(1 + random.nextInt(2)).throughput(1 + random.nextInt(50)).build();
        TestThreads threads = new TestThreads()) {
      ActorRef<Counter.Get> actor = system.<Counter.Get>actor(() -> (g, ctx) -> {
        if (g.replyTo().reply(answered.incrementAndGet()) && answered.get() == stopAfter) {
          ctx.stopNow();
        }
      }).mailbox(mailbox).spawn();
      CyclicBarrier start = new CyclicBarrier(askers);
      for (int a = 0; a < askers; a++) {
        threads.start("asker-" + a, () -> {
          start.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
          for (int i = 0; i < perAsker; i++) {
            AskResult<Long> r = async
                ? actor.<Long>askAsync(Counter.Get::new, Timeouts.LONG)
                    .get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)
                : actor.ask(Counter.Get::new, Timeouts.LONG);
            switch (r) {
              case Replied<Long> ok -> replied.incrementAndGet();
              case Stopped<Long> s -> stopped.incrementAndGet();
              case Rejected<Long> rej -> assertThat(!mailbox.isUnbounded()
                  && mailbox.overflow() != Overflow.BLOCK).as("rejected by %s", mailbox).isTrue();
              case TimedOut<Long> t -> throw new AssertionError("an ask waited for its timeout");
            }
          }
        });
      }
      threads.joinAll();
      actor.stop();
      actor.whenTerminated().get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
    }
    // an answer counts once it was accepted; a question answered after its asker gave up would
    // count here but not in replied, and no asker gives up in this test
    assertThat(replied.get()).isEqualTo(answered.get());
    if (stopAfter == 0 || stopAfter > askers * perAsker) {
      assertThat(stopped.get()).isZero();
    }
  }
}
