package dev.ferrite.actor.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.actor.ActorRef;
import dev.ferrite.actor.ActorSystem;
import dev.ferrite.actor.DeadLetter;
import dev.ferrite.actor.Delivered;
import dev.ferrite.actor.Mailbox;
import dev.ferrite.actor.Overflow;
import dev.ferrite.actor.Stopped;
import dev.ferrite.actor.TellResult;
import dev.ferrite.test.Seeds;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Seeded stress of the mailbox through the public API: several senders, random capacity,
 * throughput, pool size and stop point. Checks per-sender order, that each message is handled at
 * most once, and that every message is either handled or a dead letter, never both or neither.
 */
class OrderAndStopStressTest {
  /** One message: who sent it and its sequence number for that sender. */
  record Msg(int sender, int seq) {}

  @Test
  void perSenderOrderNoLossNoDuplicationAcrossAStop() {
    for (long seed : Seeds.seeds(12)) {
      Seeds.run(seed, this::oneRun);
    }
  }

  private void oneRun(SplittableRandom random) throws Exception {
    int senders = 1 + random.nextInt(4);
    int perSender = 2_000 + random.nextInt(4_000);
    int stopAfter = random.nextInt(senders * perSender + 1);
    int threads = 1 + random.nextInt(3);
    int throughput = 1 + random.nextInt(100);
    Mailbox mailbox = random.nextBoolean() ? Mailbox.unbounded()
        : Mailbox.bounded(1 + random.nextInt(64), Overflow.BLOCK);
    ConcurrentLinkedQueue<DeadLetter> dead = new ConcurrentLinkedQueue<>();
    int[] next = new int[senders];
    List<String> errors = new ArrayList<>();
    AtomicLong handled = new AtomicLong();
    long[][] fate = new long[senders][perSender]; // 1 handled, 2 dead letter
    AtomicLong deliveredResults = new AtomicLong();
    AtomicLong stoppedResults = new AtomicLong();
    try (ActorSystem system = ActorSystem.builder().name("stress").threads(threads)
        .throughput(throughput).onDeadLetter(dead::add).build();
        TestThreads workers = new TestThreads()) {
      ActorRef<Msg> actor = system.<Msg>actor(() -> (m, ctx) -> {
        if (next[m.sender()] > m.seq()) {
          errors.add("out of order or duplicated: " + m + " after " + next[m.sender()]);
        }
        next[m.sender()] = m.seq() + 1;
        fate[m.sender()][m.seq()]++;
        if (handled.incrementAndGet() == stopAfter) {
          ctx.stop();
        }
      }).mailbox(mailbox).spawn();
      if (stopAfter == 0) {
        actor.stop();
      }
      CyclicBarrier start = new CyclicBarrier(senders);
      for (int s = 0; s < senders; s++) {
        int sender = s;
        workers.start("sender-" + s, () -> {
          start.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
          for (int i = 0; i < perSender; i++) {
            TellResult r = actor.tell(new Msg(sender, i));
            if (r instanceof Delivered) {
              deliveredResults.incrementAndGet();
            } else if (r instanceof Stopped) {
              stoppedResults.incrementAndGet();
            } else {
              throw new AssertionError("unexpected " + r);
            }
          }
        });
      }
      workers.joinAll();
      actor.stop();
      actor.whenTerminated().get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
    }
    for (DeadLetter d : dead) {
      Msg m = (Msg) d.message();
      fate[m.sender()][m.seq()] += 2;
    }
    assertThat(errors).isEmpty();
    for (int s = 0; s < senders; s++) {
      for (int i = 0; i < perSender; i++) {
        long f = fate[s][i];
        assertThat(f == 1 || f == 2).as("fate of %d/%d: %d", s, i, f).isTrue();
      }
    }
    assertThat(deliveredResults.get() + stoppedResults.get()).isEqualTo((long) senders * perSender);
    assertThat(handled.get()).isLessThanOrEqualTo(deliveredResults.get());
    assertThat(dead.size()).isGreaterThanOrEqualTo((int) stoppedResults.get());
    if (stopAfter > 0) {
      assertThat(handled.get()).isGreaterThanOrEqualTo(Math.min(stopAfter, senders * perSender));
    }
  }
}
