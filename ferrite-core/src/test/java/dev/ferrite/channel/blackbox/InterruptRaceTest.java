package dev.ferrite.channel.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.ferrite.channel.Channel;
import dev.ferrite.channel.Received;
import dev.ferrite.channel.RecvTimeoutResult;
import dev.ferrite.channel.Select;
import dev.ferrite.channel.Sent;
import dev.ferrite.test.Seeds;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An interrupt racing the operation that would complete a blocked send or receive: whichever
 * wins, no message is lost or duplicated. A receive that throws took nothing (the message is
 * still there for someone else); a send that throws sent nothing (the message never arrives).
 * Seeded rounds vary the form, the thread kind, whether the target is parked yet, and a little
 * jitter between the competing actions.
 */
class InterruptRaceTest {
  private static final int ROUNDS = Integer.getInteger("ferrite.test.stressRuns", 100) * 3 / 2;
  private static final String INTERRUPTED = "interrupted";

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aReceiveInterruptedWhileAMessageArrivesTakesItOrLeavesIt(Flavour f) {
    for (long seed : Seeds.seeds(ROUNDS)) {
      Seeds.run(seed, r -> receiveRound(f, r));
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aSendInterruptedWhileRoomAppearsSendsOrDoesNot(Flavour f) {
    assumeThat(f.canBeFull()).isTrue();
    for (long seed : Seeds.seeds(ROUNDS)) {
      Seeds.run(seed, r -> sendRound(f, r));
    }
  }

  private static void receiveRound(Flavour f, SplittableRandom r) throws Exception {
    Channel<String> ch = f.create();
    int form = r.nextInt(3);
    Callable<String> op = () -> {
      try {
        return switch (form) {
          case 0 -> ch.receiver().recv();
          case 1 -> ch.receiver().recv(Timeouts.LONG) instanceof Received<String>(String v)
              ? v : "no message";
          default -> new Select<String>().recv(ch.receiver(), v -> v, () -> "closed").select();
        };
      } catch (InterruptedException e) {
        return INTERRUPTED;
      }
    };
    try (TestThreads threads = new TestThreads()) {
      TestThreads.Handle<String> rx = threads.call(builder(r, "receiver"), op);
      if (r.nextBoolean()) {
        TestThreads.awaitBlocked(rx.thread());
      }
      Thread tx = threads.start(r.nextBoolean(), "sender", () -> ch.sender().send("m"));
      jitter(r);
      rx.thread().interrupt();
      String got = rx.get();
      if (got.equals(INTERRUPTED)) {
        RecvTimeoutResult<String> later = ch.receiver().recv(Timeouts.LONG);
        assertThat(later).as("the message an interrupted receiver left").isEqualTo(new Received<>("m"));
      } else {
        assertThat(got).isEqualTo("m");
      }
      tx.join(Timeouts.LONG);
      assertThat(ch.receiver().poll()).as("nothing else arrived").isNull();
    }
  }

  private static void sendRound(Flavour f, SplittableRandom r) throws Exception {
    Channel<String> ch = f.create();
    List<String> expected = new ArrayList<>(Flavour.fill(ch.sender()));
    int form = r.nextInt(3);
    Callable<String> op = () -> {
      try {
        return switch (form) {
          case 0 -> {
            ch.sender().send("m");
            yield "sent";
          }
          case 1 -> ch.sender().send("m", Timeouts.LONG) instanceof Sent<String> ? "sent" : "not sent";
          default -> new Select<String>().send(ch.sender(), "m", () -> "sent", m -> "closed")
              .select();
        };
      } catch (InterruptedException e) {
        return INTERRUPTED;
      }
    };
    List<String> got = new ArrayList<>();
    try (TestThreads threads = new TestThreads()) {
      TestThreads.Handle<String> tx = threads.call(builder(r, "sender"), op);
      if (r.nextBoolean()) {
        TestThreads.awaitBlocked(tx.thread());
      }
      TestThreads.Handle<RecvTimeoutResult<String>> rx =
          threads.call(builder(r, "receiver"), () -> ch.receiver().recv(Timeouts.LONG));
      jitter(r);
      tx.thread().interrupt();
      String outcome = tx.get();
      if (outcome.equals(INTERRUPTED)) {
        Guard.send(ch.sender(), "release"); // lets the receiver finish if it still waits
        expected.add("release");
      } else {
        assertThat(outcome).isEqualTo("sent");
        expected.add("m");
      }
      if (rx.get() instanceof Received<String>(String v)) {
        got.add(v);
      }
    }
    got.addAll(OutcomeTableTest.drain(ch.receiver()));
    assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static Thread.Builder builder(SplittableRandom r, String name) {
    return r.nextBoolean() ? Thread.ofVirtual().name(name)
        : Thread.ofPlatform().daemon(true).name(name);
  }

  /** A few microseconds of busy work: shifts where the race lands, orders nothing. */
  private static void jitter(SplittableRandom r) {
    for (int i = r.nextInt(2_000); i > 0; i--) {
      Thread.onSpinWait();
    }
  }
}
