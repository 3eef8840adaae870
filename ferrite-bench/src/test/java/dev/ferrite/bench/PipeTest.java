package dev.ferrite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every adapter the benchmarks use, without JMH: each valid combination moves a few
 * rounds of messages from the producers to the consumer, exactly once each; each combination
 * the benchmarks reject fails at creation. Keeps {@code ./mvnw verify} honest about
 * {@code benchmarks.jar} without running a benchmark.
 */
// Hang guard only: the whole class takes well under a second. On timeout JUnit interrupts the
// test thread, every Pipe.recv honours that, and the finally block joins the producers.
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PipeTest {
  private static final int ROUNDS = 3;
  private static final int PER_PRODUCER = 1_000;

  static List<Arguments> valid() {
    List<Arguments> all = new ArrayList<>();
    for (int producers : new int[] {1, 2}) {
      for (int capacity : new int[] {1, 100, 1024}) {
        for (String impl :
            List.of(
                "ferrite",
                "ferrite-queue",
                "ferrite-unbounded",
                "ArrayBlockingQueue",
                "LinkedBlockingQueue",
                "LinkedTransferQueue",
                "jctools",
                "jox")) {
          all.add(Arguments.of(impl, capacity, producers));
        }
      }
      for (String impl :
          List.of("ferrite", "ferrite-queue", "SynchronousQueue", "LinkedTransferQueue", "jox")) {
        all.add(Arguments.of(impl, 0, producers));
      }
    }
    for (int capacity : new int[] {0, 1, 1024}) {
      all.add(Arguments.of("ferrite-select", capacity, 1));
    }
    return all;
  }

  @ParameterizedTest(name = "{0} capacity={1} producers={2}")
  @MethodSource("valid")
  void deliversEveryMessageExactlyOnce(String impl, int capacity, int producerCount)
      throws InterruptedException {
    Pipe pipe = Pipe.create(impl, capacity, producerCount);
    AtomicInteger next = new AtomicInteger();
    int perRound = PER_PRODUCER * producerCount;
    BitSet seen = new BitSet(perRound * ROUNDS);
    Producers producers =
        new Producers(
            producerCount,
            PER_PRODUCER,
            count -> {
              for (int i = 0; i < count; i++) {
                pipe.send(next.getAndIncrement());
              }
            });
    try {
      for (int round = 0; round < ROUNDS; round++) {
        producers.startRound();
        for (int i = 0; i < perRound; i++) {
          int m = (Integer) pipe.recv();
          assertThat(seen.get(m)).as("message %d received twice", m).isFalse();
          seen.set(m);
        }
      }
    } finally {
      producers.close(); // joins; rethrows what a producer threw
      pipe.close();
    }
    assertThat(seen.cardinality()).isEqualTo(perRound * ROUNDS);
  }

  @Test
  void rejectsCombinationsThatMakeNoSense() {
    for (String impl : List.of("ArrayBlockingQueue", "LinkedBlockingQueue", "jctools")) {
      assertThatThrownBy(() -> Pipe.create(impl, 0, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("capacity > 0");
    }
    assertThatThrownBy(() -> Pipe.create("SynchronousQueue", 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity=0");
    assertThatThrownBy(() -> Pipe.create("ferrite-select", 1024, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pipe.create("nope", 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown impl");
  }
}
