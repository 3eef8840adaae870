package dev.ferrite.channel;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static dev.ferrite.channel.ChannelQueueTest.LONG_MS;
import static dev.ferrite.channel.ChannelQueueTest.SHORT_MS;
import static dev.ferrite.channel.ChannelQueueTest.millisSince;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferrite.test.TestThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import org.junit.jupiter.api.Test;

/**
 * The {@link BlockingQueue} view of a rendezvous channel behaves like a {@link SynchronousQueue}:
 * it never holds an element, {@code offer} succeeds only when a taker is waiting, and
 * {@code put}/{@code take} hand an element over from one thread to another.
 */
class ChannelQueueRendezvousTest {
  private final Channel<Integer> channel = Channel.rendezvous();
  private final BlockingQueue<Integer> q = channel.asBlockingQueue();

  @Test
  void isAlwaysEmptyWithNoCapacity() throws InterruptedException {
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.size()).isZero();
    assertThat(q.remainingCapacity()).isZero();
    assertThat(q.peek()).isNull();
    assertThat(q.poll()).isNull();
    assertThat(q.poll(0, MILLISECONDS)).isNull();
    assertThatThrownBy(q::element).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(q::remove).isInstanceOf(NoSuchElementException.class);
    assertThat(q.iterator().hasNext()).isFalse();
    assertThatThrownBy(() -> q.iterator().next()).isInstanceOf(NoSuchElementException.class);
    assertThat(q.toArray()).isEmpty();
    Integer[] a = {1};
    assertThat(q.toArray(a)).isSameAs(a);
    assertThat(a[0]).isNull();
    assertThat(q.toString()).isEqualTo("[]");
    assertThat(q.contains(1)).isFalse();
    assertThat(q.remove((Object) 1)).isFalse();
    assertThat(q.containsAll(List.of())).isTrue();
    assertThat(q.containsAll(List.of(1))).isFalse();
    assertThat(q.removeAll(List.of(1))).isFalse();
    assertThat(q.retainAll(List.of(1))).isFalse();
    assertThat(q.drainTo(new ArrayList<>())).isZero();
    assertThat(q.drainTo(new ArrayList<>(), 5)).isZero();
  }

  @Test
  void offerAndAddFailWithoutAWaitingTaker() throws InterruptedException {
    assertThat(q.offer(1)).isFalse();
    Throwable t = catchThrowable(() -> q.add(1));
    assertThat(t).isInstanceOf(IllegalStateException.class).isNotInstanceOf(ChannelClosedException.class);
    long start = System.nanoTime();
    assertThat(q.offer(1, SHORT_MS, MILLISECONDS)).isFalse();
    assertThat(millisSince(start)).isGreaterThanOrEqualTo(SHORT_MS);
    assertThat(q.addAll(List.of())).isFalse();
    assertThatThrownBy(() -> q.addAll(List.of(1))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void timedPollTimesOutWithoutAPutter() throws InterruptedException {
    long start = System.nanoTime();
    assertThat(q.poll(SHORT_MS, MILLISECONDS)).isNull();
    assertThat(millisSince(start)).isGreaterThanOrEqualTo(SHORT_MS);
  }

  @Test
  void nullsAreRejected() {
    assertThatThrownBy(() -> q.offer(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.add(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.put(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.offer(null, 1, MILLISECONDS)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.drainTo(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.drainTo(null, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> q.drainTo(q)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> q.addAll(q)).isInstanceOf(IllegalArgumentException.class);
    assertThat(q.contains(null)).isFalse();
    assertThat(q.remove(null)).isFalse();
  }

  @Test
  void offerSucceedsWhenATakerWaits() throws InterruptedException {
    try (TestThreads threads = new TestThreads()) {
      Thread taker = threads.start("worker-1", () -> assertThat(q.take()).isEqualTo(1));
      TestThreads.awaitBlocked(taker);
      assertThat(q.offer(1)).isTrue();
    }
    try (TestThreads threads = new TestThreads()) {
      Thread poller = threads.start("worker-2", 
          () -> assertThat(q.poll(LONG_MS, MILLISECONDS)).isEqualTo(2));
      TestThreads.awaitBlocked(poller);
      assertThat(q.add(2)).isTrue();
    }
    assertThat(q.offer(3)).as("no taker is left").isFalse();
  }

  @Test
  void putAndTakeHandOverInOrder() throws InterruptedException {
    int n = 20;
    List<Integer> got = new ArrayList<>();
    try (TestThreads threads = new TestThreads()) {
      threads.start("worker-3", () -> {
        for (int i = 0; i < n; i++) {
          q.put(i);
        }
      });
      for (int i = 0; i < n; i++) {
        got.add(i % 2 == 0 ? q.take() : q.poll(LONG_MS, MILLISECONDS));
      }
    }
    assertThat(got).containsExactlyElementsOf(ChannelQueueTest.Contract.upTo(n));
    assertThat(q.size()).isZero();
  }

  @Test
  void pollTakesFromAWaitingPutter() throws InterruptedException {
    try (TestThreads threads = new TestThreads()) {
      Thread putter = threads.start("worker-4", () -> q.put(5));
      TestThreads.awaitBlocked(putter);
      assertThat(q.size()).as("a waiting putter is not an element").isZero();
      assertThat(q.peek()).isNull();
      assertThat(q.poll()).isEqualTo(5);
    }
  }

  @Test
  void drainToTakesFromAWaitingPutter() throws InterruptedException {
    List<Integer> l = new ArrayList<>();
    try (TestThreads threads = new TestThreads()) {
      Thread putter = threads.start("worker-5", () -> q.put(6));
      TestThreads.awaitBlocked(putter);
      assertThat(q.drainTo(l, 0)).isZero();
      assertThat(q.drainTo(l)).isEqualTo(1);
    }
    assertThat(l).containsExactly(6);
  }

  /** Like {@link SynchronousQueue#clear()}: there is nothing to clear, so a waiting put stays. */
  @Test
  void clearDoesNotConsumeAWaitingPut() throws InterruptedException {
    try (TestThreads threads = new TestThreads()) {
      Thread putter = threads.start("worker-6", () -> q.put(7));
      TestThreads.awaitBlocked(putter);
      q.clear();
      assertThat(putter.isAlive()).as("clear() took the waiting putter's element").isTrue();
      assertThat(q.take()).isEqualTo(7);
    }
  }

  @Test
  void timedOfferSucceedsWhenATakerArrives() throws InterruptedException {
    try (TestThreads threads = new TestThreads()) {
      Thread offerer = threads.start("worker-7", 
          () -> assertThat(q.offer(8, LONG_MS, MILLISECONDS)).isTrue());
      TestThreads.awaitBlocked(offerer);
      assertThat(q.take()).isEqualTo(8);
    }
  }

  @Test
  void putAndTakeAreInterruptible() throws InterruptedException {
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> q.put(1)).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
    Thread.currentThread().interrupt();
    assertThatThrownBy(q::take).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> q.offer(1, LONG_MS, MILLISECONDS))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> q.poll(LONG_MS, MILLISECONDS))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();

    try (TestThreads threads = new TestThreads()) {
      Thread putter = threads.start("worker-8", 
          () -> assertThatThrownBy(() -> q.put(1)).isInstanceOf(InterruptedException.class));
      TestThreads.awaitBlocked(putter);
      putter.interrupt();
      // The putter must have withdrawn before a taker arrives, or the taker could still take
      // its message (a completion that races an interrupt is allowed to win).
      TestThreads.await(() -> !putter.isAlive(), () -> "the interrupted putter to finish");
      Thread taker = threads.start("worker-9", 
          () -> assertThatThrownBy(q::take).isInstanceOf(InterruptedException.class));
      TestThreads.awaitBlocked(taker);
      taker.interrupt();
    }
    assertThat(q.offer(1)).as("the interrupted taker withdrew").isFalse();
    assertThat(q.poll()).as("the interrupted putter withdrew").isNull();
  }

  @Test
  void closedRendezvousRefusesPutsAndEndsTakes() throws InterruptedException {
    try (TestThreads threads = new TestThreads()) {
      Thread taker = threads.start("worker-10", 
          () -> assertThatThrownBy(q::take).isInstanceOf(ChannelClosedException.class));
      TestThreads.awaitBlocked(taker);
      channel.sender().close();
    }
    assertThat(q.offer(1)).isFalse();
    assertThat(q.offer(1, LONG_MS, MILLISECONDS)).isFalse();
    assertThatThrownBy(() -> q.put(1)).isInstanceOf(ChannelClosedException.class);
    assertThatThrownBy(() -> q.add(1)).isInstanceOf(ChannelClosedException.class);
    assertThat(q.poll()).isNull();
    assertThat(q.poll(LONG_MS, MILLISECONDS)).isNull();
    assertThatThrownBy(q::take).isInstanceOf(ChannelClosedException.class);
  }

  @Test
  void receiverCloseWakesAWaitingPut() throws InterruptedException {
    try (TestThreads threads = new TestThreads()) {
      Thread putter = threads.start("worker-11", () -> assertThatThrownBy(() -> q.put(9))
          .isInstanceOf(ChannelClosedException.class)
          .satisfies(t -> assertThat(((ChannelClosedException) t).unsent()).isEqualTo(9)));
      TestThreads.awaitBlocked(putter);
      channel.receiver().close();
    }
  }
}
