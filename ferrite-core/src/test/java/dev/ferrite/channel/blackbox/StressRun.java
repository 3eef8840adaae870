package dev.ferrite.channel.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.channel.Channel;
import dev.ferrite.channel.ChannelClosedException;
import dev.ferrite.channel.Empty;
import dev.ferrite.channel.Full;
import dev.ferrite.channel.Received;
import dev.ferrite.channel.Receiver;
import dev.ferrite.channel.RecvClosed;
import dev.ferrite.channel.RecvTimedOut;
import dev.ferrite.channel.Select;
import dev.ferrite.channel.SendClosed;
import dev.ferrite.channel.SendTimedOut;
import dev.ferrite.channel.Sender;
import dev.ferrite.channel.Sent;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One randomized run: several producers, each with its own cloned sender, race a close while
 * consumers, each with its own cloned receiver, drain the channel to the end.
 *
 * <p>Every choice comes from the run's {@link SplittableRandom}: how many producers (1-4) and
 * consumers (1-3), how many messages, platform or virtual threads, and for every single attempt
 * which operation form to use (producers: send, trySend, timed send, sendUntil, select with a
 * send case; consumers: recv, tryRecv, timed recv, recvUntil, poll, select, the iterator).
 *
 * <p>Two ways to close, also chosen by the seed: <em>orderly</em>, each producer closes its
 * handle when done (the last close races with the consumers' receives and the other producers'
 * last sends), and <em>abrupt</em>, a closer thread closes every producer's handle after a random
 * number of accepted messages, in the middle of their sends; a producer then stops at its first
 * failed send.
 *
 * <p>Checked afterwards: the multiset of accepted messages equals the multiset of received
 * ones (nothing lost, nothing duplicated), each producer's accepted messages are a prefix of its
 * sequence (all of it when orderly), each consumer saw each producer's messages in order, and a
 * failed send handed back the very message.
 */
final class StressRun {
  private static final int MAX_WAIT_NANOS = 200_000;

  private final Flavour flavour;
  private final SplittableRandom random;
  private final int scale;

  StressRun(Flavour flavour, SplittableRandom random, int scale) {
    this.flavour = flavour;
    this.random = random;
    this.scale = scale;
  }

  /** {@return the number of messages received} */
  int execute() throws Exception {
    int producers = 1 + random.nextInt(4);
    int consumers = 1 + random.nextInt(3);
    int perProducer = scale * (10 + random.nextInt(150));
    boolean abrupt = random.nextBoolean();
    boolean virtual = random.nextBoolean();
    String shape = String.format("%s, %d producers x %d, %d consumers, %s close, %s threads",
        flavour, producers, perProducer, consumers, abrupt ? "abrupt" : "orderly",
        virtual ? "virtual" : "platform");

    Channel<Long> ch = flavour.create();
    Channel<Long> never = Channel.unbounded(); // a select case that is never ready
    List<Sender<Long>> txs = new ArrayList<>();
    List<List<Long>> accepted = new ArrayList<>();
    List<List<Long>> received = new ArrayList<>();
    CountDownLatch closeAfter = new CountDownLatch(random.nextInt(producers * perProducer + 1));
    try (TestThreads threads = new TestThreads()) {
      for (int p = 0; p < producers; p++) {
        Sender<Long> tx = ch.sender().clone();
        txs.add(tx);
        List<Long> mine = Collections.synchronizedList(new ArrayList<>());
        accepted.add(mine);
        SplittableRandom r = random.split();
        int id = p;
        threads.start(virtual, "producer-" + p, () -> {
          produce(tx, id, perProducer, r, abrupt, mine, closeAfter);
        });
      }
      ch.sender().close();
      for (int c = 0; c < consumers; c++) {
        Receiver<Long> rx = ch.receiver().clone();
        List<Long> mine = Collections.synchronizedList(new ArrayList<>());
        received.add(mine);
        SplittableRandom r = random.split();
        threads.start(virtual, "consumer-" + c, () -> {
          try (rx) {
            consume(rx, never.receiver(), r, mine);
          }
        });
      }
      ch.receiver().close();
      if (abrupt) {
        List<Sender<Long>> order = new ArrayList<>(txs);
        Collections.shuffle(order, new java.util.Random(random.nextLong()));
        threads.start(virtual, "closer", () -> {
          closeAfter.await(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS);
          order.forEach(Sender::close);
        });
      }
      threads.joinAll();
    } catch (AssertionError | Exception e) {
      throw new AssertionError(shape + ": " + e, e);
    }
    check(shape, accepted, received, perProducer, abrupt);
    never.sender().close();
    return received.stream().mapToInt(List::size).sum();
  }

  private static void produce(Sender<Long> tx, int id, int count, SplittableRandom r,
      boolean abrupt, List<Long> accepted, CountDownLatch closeAfter) throws Exception {
    try {
      for (int seq = 0; seq < count; seq++) {
        Long m = ((long) id << 32) | seq;
        Outcome o;
        while ((o = sendOnce(tx, m, r)) == Outcome.NOT_YET) {
          Thread.yield();
        }
        if (o == Outcome.CLOSED) {
          assertThat(abrupt).as("a send failed although nobody closed the channel").isTrue();
          return;
        }
        accepted.add(m);
        closeAfter.countDown();
      }
    } catch (IllegalStateException e) {
      // the closer closed this producer's handle before the call: nothing was sent
      assertThat(abrupt).as("handle closed under an orderly producer: %s", e).isTrue();
      assertThat(e).isNotInstanceOf(ChannelClosedException.class);
    } finally {
      tx.close(); // may race the closer; closing is idempotent
    }
  }

  private enum Outcome { SENT, NOT_YET, CLOSED }

  private static Outcome sendOnce(Sender<Long> tx, Long m, SplittableRandom r) throws Exception {
    switch (r.nextInt(6)) {
      case 0 -> {
        try {
          tx.send(m);
          return Outcome.SENT;
        } catch (ChannelClosedException e) {
          assertThat(e.unsent()).isSameAs(m);
          return Outcome.CLOSED;
        }
      }
      case 1 -> {
        return switch (tx.trySend(m)) {
          case Sent<Long> s -> Outcome.SENT;
          case Full<Long>(Long back) -> handedBack(m, back, Outcome.NOT_YET);
          case SendClosed<Long>(Long back) -> handedBack(m, back, Outcome.CLOSED);
        };
      }
      case 2, 3 -> {
        var result = r.nextBoolean()
            ? tx.send(m, Duration.ofNanos(r.nextInt(MAX_WAIT_NANOS)))
            : tx.sendUntil(m, Instant.now().plusNanos(r.nextInt(MAX_WAIT_NANOS)));
        return switch (result) {
          case Sent<Long> s -> Outcome.SENT;
          case SendTimedOut<Long>(Long back) -> handedBack(m, back, Outcome.NOT_YET);
          case SendClosed<Long>(Long back) -> handedBack(m, back, Outcome.CLOSED);
        };
      }
      default -> {
        Select<Outcome> select = new Select<Outcome>()
            .send(tx, m, () -> Outcome.SENT, back -> handedBack(m, back, Outcome.CLOSED));
        return switch (r.nextInt(3)) {
          case 0 -> select.select();
          case 1 -> select.select(Duration.ofNanos(r.nextInt(MAX_WAIT_NANOS)), () -> Outcome.NOT_YET);
          default -> select.trySelect(() -> Outcome.NOT_YET);
        };
      }
    }
  }

  private static Outcome handedBack(Long sent, Long back, Outcome o) {
    assertThat(back).as("the message handed back").isSameAs(sent);
    return o;
  }

  private static final Object CLOSED = new Object();
  private static final Object NOTHING = new Object();

  private static void consume(Receiver<Long> rx, Receiver<Long> never, SplittableRandom r,
      List<Long> received) throws Exception {
    for (;;) {
      Object v = recvOnce(rx, never, r);
      if (v == CLOSED) {
        assertThat(rx.isClosed()).isTrue();
        assertThat(rx.tryRecv()).isEqualTo(RecvClosed.instance());
        return;
      }
      if (v == NOTHING) {
        Thread.yield();
      } else {
        received.add((Long) v);
      }
    }
  }

  private static Object recvOnce(Receiver<Long> rx, Receiver<Long> never, SplittableRandom r)
      throws Exception {
    switch (r.nextInt(7)) {
      case 0 -> {
        try {
          return rx.recv();
        } catch (ChannelClosedException e) {
          return CLOSED;
        }
      }
      case 1 -> {
        return switch (rx.tryRecv()) {
          case Received<Long>(Long v) -> v;
          case Empty<Long> e -> NOTHING;
          case RecvClosed<Long> c -> CLOSED;
        };
      }
      case 2 -> {
        var result = r.nextBoolean()
            ? rx.recv(Duration.ofNanos(r.nextInt(MAX_WAIT_NANOS)))
            : rx.recvUntil(Instant.now().plusNanos(r.nextInt(MAX_WAIT_NANOS)));
        return switch (result) {
          case Received<Long>(Long v) -> v;
          case RecvTimedOut<Long> t -> NOTHING;
          case RecvClosed<Long> c -> CLOSED;
        };
      }
      case 3 -> {
        Long v = rx.poll();
        return v != null ? v : rx.isClosed() ? CLOSED : NOTHING;
      }
      case 4 -> {
        Iterator<Long> it = rx.iterator();
        return it.hasNext() ? it.next() : CLOSED;
      }
      default -> {
        Select<Object> select = new Select<>().recv(rx, v -> v, () -> CLOSED);
        if (r.nextBoolean()) {
          select.recv(never, v -> {
            throw new AssertionError("received from a channel nobody sends on: " + v);
          }, () -> {
            throw new AssertionError("a channel nobody closed is closed");
          });
        }
        return switch (r.nextInt(3)) {
          case 0 -> select.select();
          case 1 -> select.select(Duration.ofNanos(r.nextInt(MAX_WAIT_NANOS)), () -> NOTHING);
          default -> select.trySelect(() -> NOTHING);
        };
      }
    }
  }

  private static void check(String shape, List<List<Long>> accepted, List<List<Long>> received,
      int perProducer, boolean abrupt) {
    Set<Long> sent = new HashSet<>();
    for (int p = 0; p < accepted.size(); p++) {
      List<Long> mine = accepted.get(p);
      if (!abrupt) {
        assertThat(mine).as("%s: producer %d accepted all", shape, p).hasSize(perProducer);
      }
      for (int i = 0; i < mine.size(); i++) {
        assertThat(mine.get(i)).as("%s: producer %d's accepted sequence", shape, p)
            .isEqualTo(((long) p << 32) | i);
      }
      sent.addAll(mine);
    }
    Set<Long> got = new HashSet<>();
    int total = 0;
    for (int c = 0; c < received.size(); c++) {
      long[] last = new long[accepted.size()];
      java.util.Arrays.fill(last, -1);
      for (Long m : received.get(c)) {
        int p = (int) (m >>> 32);
        long seq = m & 0xffffffffL;
        assertThat(got.add(m)).as("%s: message %d/%d received twice", shape, p, seq).isTrue();
        assertThat(seq).as("%s: consumer %d saw producer %d out of order", shape, c, p)
            .isGreaterThan(last[p]);
        last[p] = seq;
        total++;
      }
    }
    Set<Long> lost = new HashSet<>(sent);
    lost.removeAll(got);
    Set<Long> phantom = new HashSet<>(got);
    phantom.removeAll(sent);
    assertThat(lost).as("%s: accepted but never received (producer<<32|seq)", shape).isEmpty();
    assertThat(phantom).as("%s: received but never accepted", shape).isEmpty();
    assertThat(total).isEqualTo(sent.size());
  }
}
