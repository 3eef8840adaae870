package dev.ferrite.channel.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.channel.Channel;
import dev.ferrite.channel.ChannelClosedException;
import dev.ferrite.channel.Received;
import dev.ferrite.channel.Receiver;
import dev.ferrite.channel.RecvClosed;
import dev.ferrite.channel.RecvTimedOut;
import dev.ferrite.channel.Sender;
import dev.ferrite.channel.Sent;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 100,000 virtual threads blocked on channels at once: blocking parks without pinning a carrier
 * or holding a monitor, so they all wait, and each is woken exactly once, by a message or by the
 * close.
 */
class ManyVirtualThreadsTest {
  private static final int THREADS = 100_000;
  private static final int CHANNELS = 4;

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void blockedReceiversEachGetExactlyOneMessage(Flavour f) throws Exception {
    long t0 = System.nanoTime();
    List<Channel<Integer>> channels = new ArrayList<>();
    for (int c = 0; c < CHANNELS; c++) {
      channels.add(f.create());
    }
    AtomicIntegerArray hits = new AtomicIntegerArray(THREADS);
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < THREADS; i++) {
        Receiver<Integer> rx = channels.get(i % CHANNELS).receiver();
        threads.startVirtual("rx-" + i, () -> hits.incrementAndGet(rx.recv()));
      }
      awaitAllBlocked(threads.threads());
      long t1 = System.nanoTime();
      for (int i = 0; i < THREADS; i++) {
        Guard.send(channels.get(i % CHANNELS).sender(), i);
      }
      threads.joinAll();
      report(f.toString(), "receivers", t0, t1);
    }
    assertExactlyOnce(hits);
  }

  /** One channel of each flavour, a quarter of the threads blocked on each. */
  @Test
  void blockedReceiversAllWakeWhenTheLastSenderCloses() throws Exception {
    long t0 = System.nanoTime();
    List<Channel<Integer>> channels = new ArrayList<>();
    for (Flavour f : Flavour.values()) {
      channels.add(f.create());
    }
    AtomicInteger closed = new AtomicInteger();
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < THREADS; i++) {
        Receiver<Integer> rx = channels.get(i % channels.size()).receiver();
        threads.startVirtual("rx-" + i, () -> {
          try {
            rx.recv();
          } catch (ChannelClosedException e) {
            closed.incrementAndGet();
          }
        });
      }
      awaitAllBlocked(threads.threads());
      long t1 = System.nanoTime();
      channels.forEach(ch -> ch.sender().close());
      threads.joinAll();
      report("all flavours", "close", t0, t1);
    }
    assertThat(closed.get()).isEqualTo(THREADS);
  }

  /** One channel of each flavour that can be full, a third of the threads blocked on each. */
  @Test
  void blockedSendersAreEachReceivedExactlyOnce() throws Exception {
    long t0 = System.nanoTime();
    List<Channel<Integer>> channels = new ArrayList<>();
    int extra = 0; // messages buffered before the threads start, numbered from THREADS on
    for (Flavour f : Flavour.values()) {
      if (f.canBeFull()) {
        Channel<Integer> ch = f.create();
        channels.add(ch);
        while (ch.sender().trySend(THREADS + extra) instanceof Sent) {
          extra++;
        }
      }
    }
    AtomicIntegerArray hits = new AtomicIntegerArray(THREADS + extra);
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < THREADS; i++) {
        Sender<Integer> tx = channels.get(i % channels.size()).sender().clone();
        int m = i;
        threads.startVirtual("tx-" + i, () -> {
          try (tx) {
            tx.send(m);
          }
        });
      }
      awaitAllBlocked(threads.threads());
      long t1 = System.nanoTime();
      for (Channel<Integer> ch : channels) {
        ch.sender().close(); // each channel closes when its last sending thread closes its clone
      }
      int received = 0;
      for (Channel<Integer> ch : channels) {
        for (Integer v; (v = next(ch.receiver())) != null; received++) {
          hits.incrementAndGet(v);
        }
      }
      threads.joinAll();
      report("bounded and rendezvous", "senders", t0, t1);
      assertThat(received).isEqualTo(THREADS + extra);
    }
    assertExactlyOnce(hits);
  }

  private static Integer next(Receiver<Integer> rx) throws InterruptedException {
    return switch (rx.recv(Timeouts.LONG)) {
      case Received<Integer>(Integer v) -> v;
      case RecvClosed<Integer> c -> null;
      case RecvTimedOut<Integer> t -> throw new AssertionError("no message within the hang guard");
    };
  }

  private static void assertExactlyOnce(AtomicIntegerArray hits) {
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < hits.length() && wrong.size() < 20; i++) {
      if (hits.get(i) != 1) {
        wrong.add("message " + i + " delivered " + hits.get(i) + " times");
      }
    }
    assertThat(wrong).isEmpty();
  }

  /** Waits until every thread is parked; each stays parked until the test acts, so scan once. */
  private static void awaitAllBlocked(List<Thread> threads) {
    int[] next = {0};
    TestThreads.await(() -> {
      while (next[0] < threads.size()) {
        Thread.State s = threads.get(next[0]).getState();
        if (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING) {
          return false;
        }
        next[0]++;
      }
      return true;
    }, () -> next[0] + " of " + threads.size() + " threads blocked");
  }

  private static void report(String f, String what, long t0, long t1) {
    System.out.printf("%s %s: %,d virtual threads blocked in %d ms, released and joined in %d ms%n",
        f, what, THREADS, (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
  }
}
