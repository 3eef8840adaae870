package dev.ferrite.channel.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.channel.Channel;
import dev.ferrite.channel.Receiver;
import dev.ferrite.channel.Sender;
import dev.ferrite.test.TestThreads;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Iteration and streams end when the channel is closed and drained; messages of each producer
 * arrive in the order sent, whatever the number of producers and consumers.
 */
class IterationAndOrderTest {
  private static final int COUNT = 2_000;

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void iterationYieldsEverythingInOrderAndEndsOnClose(Flavour f) throws Exception {
    Channel<Integer> ch = f.create();
    try (TestThreads threads = new TestThreads()) {
      threads.start("producer", () -> {
        try (Sender<Integer> tx = ch.sender()) {
          for (int i = 0; i < COUNT; i++) {
            tx.send(i);
          }
        }
      });
      TestThreads.Handle<List<Integer>> consumer = threads.call("consumer", () -> {
        List<Integer> got = new ArrayList<>();
        for (int v : ch.receiver()) {
          got.add(v);
        }
        return got;
      });
      assertThat(consumer.get()).containsExactlyElementsOf(IntStream.range(0, COUNT).boxed().toList());
      Iterator<Integer> again = ch.receiver().iterator();
      assertThat(again.hasNext()).isFalse();
      assertThat(again.hasNext()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aStreamEndsOnClose(Flavour f) throws Exception {
    Channel<Integer> ch = f.create();
    try (TestThreads threads = new TestThreads()) {
      threads.startVirtual("producer", () -> {
        try (Sender<Integer> tx = ch.sender()) {
          for (int i = 0; i < COUNT; i++) {
            tx.send(i);
          }
        }
      });
      assertThat(threads.call("consumer",
          () -> ch.receiver().stream().mapToLong(Integer::longValue).sum()).get())
          .isEqualTo((long) COUNT * (COUNT - 1) / 2);
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void eachProducersOrderIsKeptForEveryConsumer(Flavour f) throws Exception {
    int producers = 3;
    int consumers = 3;
    int perProducer = 1_000;
    Channel<int[]> ch = f.create();
    List<List<int[]>> received = new ArrayList<>();
    try (TestThreads threads = new TestThreads()) {
      for (int p = 0; p < producers; p++) {
        Sender<int[]> tx = ch.sender().clone();
        int id = p;
        threads.start(p % 2 == 0, "producer-" + p, () -> {
          try (tx) {
            for (int i = 0; i < perProducer; i++) {
              tx.send(new int[] {id, i});
            }
          }
        });
      }
      ch.sender().close();
      for (int c = 0; c < consumers; c++) {
        List<int[]> mine = new ArrayList<>();
        received.add(mine);
        Receiver<int[]> rx = ch.receiver().clone();
        threads.start(c % 2 == 1, "consumer-" + c, () -> {
          try (rx) {
            rx.forEach(mine::add);
          }
        });
      }
      ch.receiver().close();
    }
    boolean[][] seen = new boolean[producers][perProducer];
    int total = 0;
    for (List<int[]> mine : received) {
      int[] last = {-1, -1, -1};
      for (int[] m : mine) {
        assertThat(m[1]).as("producer %d's order as seen by one consumer", m[0])
            .isGreaterThan(last[m[0]]);
        last[m[0]] = m[1];
        assertThat(seen[m[0]][m[1]]).as("duplicate %d/%d", m[0], m[1]).isFalse();
        seen[m[0]][m[1]] = true;
        total++;
      }
    }
    assertThat(total).isEqualTo(producers * perProducer);
  }
}
