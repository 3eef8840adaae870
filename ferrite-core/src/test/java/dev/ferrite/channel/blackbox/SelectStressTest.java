package dev.ferrite.channel.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.channel.Channel;
import dev.ferrite.channel.Receiver;
import dev.ferrite.channel.Select;
import dev.ferrite.channel.Sender;
import dev.ferrite.test.Seeds;
import dev.ferrite.test.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded stress of select over several channels: producers offer each message to a random subset
 * of the channels in one select (exactly one may take it), consumers select over every channel
 * still open, dropping a channel from their select when it reports closed. Afterwards every
 * accepted message was received exactly once, and each channel kept each producer's order.
 */
class SelectStressTest {
  static final int RUNS = Integer.getInteger("ferrite.test.stressRuns", 100) / 2;
  private static final long CLOSED = -1;
  private static final long NOT_YET = -2;

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void eachMessageOfferedToSeveralChannelsIsTakenExactlyOnce(Flavour f) {
    long start = System.nanoTime();
    long[] seeds = Seeds.seeds(RUNS);
    for (long seed : seeds) {
      Seeds.run(seed, r -> oneRun(f, r));
    }
    System.out.printf("select stress %s: %d runs in %d ms%n",
        f, seeds.length, (System.nanoTime() - start) / 1_000_000);
  }

  private static void oneRun(Flavour f, SplittableRandom random) throws Exception {
    int k = 2 + random.nextInt(3);
    int producers = 1 + random.nextInt(3);
    int consumers = 1 + random.nextInt(3);
    int perProducer = 10 + random.nextInt(100);
    boolean virtual = random.nextBoolean();
    List<Channel<Long>> chs = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      chs.add(f.create());
    }
    // accepted.get(p) holds "channel << 48 | producer << 32 | seq" of what producer p sent
    List<List<Long>> accepted = new ArrayList<>();
    List<List<Long>> received = new ArrayList<>();
    try (TestThreads threads = new TestThreads()) {
      for (int p = 0; p < producers; p++) {
        List<Sender<Long>> txs = new ArrayList<>();
        chs.forEach(ch -> txs.add(ch.sender().clone()));
        List<Long> mine = new ArrayList<>();
        accepted.add(mine);
        SplittableRandom r = random.split();
        long id = p;
        threads.start(virtual, "producer-" + p, () -> {
          try {
            for (long seq = 0; seq < perProducer; seq++) {
              Long m = id << 32 | seq;
              long ch;
              while ((ch = offer(txs, m, r)) == NOT_YET) {
                Thread.yield();
              }
              assertThat(ch).as("a send case reported closed").isNotEqualTo(CLOSED);
              mine.add(ch << 48 | m);
            }
          } finally {
            txs.forEach(Sender::close);
          }
        });
      }
      chs.forEach(ch -> ch.sender().close());
      for (int c = 0; c < consumers; c++) {
        List<Receiver<Long>> rxs = new ArrayList<>();
        chs.forEach(ch -> rxs.add(ch.receiver().clone()));
        List<Long> mine = new ArrayList<>();
        received.add(mine);
        SplittableRandom r = random.split();
        threads.start(virtual, "consumer-" + c, () -> consume(rxs, r, mine));
      }
      chs.forEach(ch -> ch.receiver().close());
    }
    Set<Long> sent = new HashSet<>();
    accepted.forEach(sent::addAll);
    assertThat(sent).hasSize(producers * perProducer);
    Set<Long> got = new HashSet<>();
    for (List<Long> mine : received) {
      long[][] last = new long[k][producers];
      for (long[] row : last) {
        java.util.Arrays.fill(row, -1);
      }
      for (long v : mine) {
        assertThat(got.add(v)).as("received twice: %x", v).isTrue();
        int ch = (int) (v >>> 48);
        int p = (int) ((v >>> 32) & 0xffff);
        long seq = v & 0xffffffffL;
        assertThat(seq).as("order of producer %d on channel %d", p, ch).isGreaterThan(last[ch][p]);
        last[ch][p] = seq;
      }
    }
    assertThat(got).isEqualTo(sent);
  }

  /** Offers {@code m} to a random non-empty subset of the channels; returns the taker's index. */
  private static long offer(List<Sender<Long>> txs, Long m, SplittableRandom r)
      throws InterruptedException {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < txs.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new java.util.Random(r.nextLong()));
    Select<Long> select = new Select<>();
    for (int i : order.subList(0, 1 + r.nextInt(order.size()))) {
      long index = i;
      select.send(txs.get(i), m, () -> index, back -> CLOSED);
    }
    return switch (r.nextInt(3)) {
      case 0 -> select.select();
      case 1 -> select.select(Duration.ofNanos(r.nextInt(100_000)), () -> NOT_YET);
      default -> select.trySelect(() -> NOT_YET);
    };
  }

  private static void consume(List<Receiver<Long>> rxs, SplittableRandom r, List<Long> received)
      throws InterruptedException {
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < rxs.size(); i++) {
      open.add(i);
    }
    while (!open.isEmpty()) {
      Select<long[]> select = new Select<>();
      for (int i : open) {
        long index = i;
        select.recv(rxs.get(i), v -> new long[] {index, v}, () -> new long[] {index, CLOSED});
      }
      long[] got = switch (r.nextInt(3)) {
        case 0 -> select.select();
        case 1 -> select.select(Duration.ofNanos(r.nextInt(100_000)), () -> null);
        default -> select.trySelect(() -> null);
      };
      if (got == null) {
        Thread.yield();
      } else if (got[1] == CLOSED) {
        open.remove(Integer.valueOf((int) got[0]));
        rxs.get((int) got[0]).close();
      } else {
        received.add(got[0] << 48 | got[1]);
      }
    }
  }
}
