package dev.ferrite.channel;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Conformance of {@link Channel#asBlockingQueue()} to the whole {@link BlockingQueue},
 * {@link java.util.Queue} and {@link Collection} contract, in the style of the JSR 166 TCK
 * (written afresh): one contract, run against a bounded channel of {@link #SIZE} slots and an
 * unbounded channel, plus the closed-channel behaviour documented on
 * {@link Channel#asBlockingQueue()}. The rendezvous view is in {@link ChannelQueueRendezvousTest}.
 *
 * <p>Discipline: every thread a test starts is joined ({@link TestThreads}); a thread's failure is
 * rethrown in the test thread; events are ordered by latches and by waiting for a thread to block,
 * never by sleeping; timeouts are hang guards only ({@link Timeouts#LONG}).
 */
class ChannelQueueTest {
  /** The bounded flavour's capacity, and how many elements the tests put in a queue. */
  static final int SIZE = 20;

  @Nested
  class Bounded extends Contract {
    @Override
    Channel<Integer> newChannel() {
      return Channel.bounded(SIZE);
    }
  }

  @Nested
  class Unbounded extends Contract {
    @Override
    Channel<Integer> newChannel() {
      return Channel.unbounded();
    }
  }

  /** Small bounded rings, where removals from the middle meet the wrap-around. */
  @Nested
  class SmallRing {
    @Test
    void removeFromMiddleOfFullRingFreesRoom() {
      for (int cap = 2; cap <= 5; cap++) {
        BlockingQueue<Integer> q = Channel.<Integer>bounded(cap).asBlockingQueue();
        for (int i = 0; i < cap; i++) {
          assertThat(q.offer(i)).isTrue();
        }
        assertThat(q.remove((Object) 1)).isTrue();
        assertThat(q.size()).isEqualTo(cap - 1);
        assertThat(q.remainingCapacity()).isEqualTo(1);
        assertThat(q.offer(99))
            .as("capacity %d: remainingCapacity() is 1 after remove(1), so offer must succeed", cap)
            .isTrue();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < cap; i++) {
          if (i != 1) {
            expected.add(i);
          }
        }
        expected.add(99);
        assertThat(q).containsExactlyElementsOf(expected);
      }
    }

    @Test
    void wrapAroundKeepsOrderThroughRemovals() {
      BlockingQueue<Integer> q = Channel.<Integer>bounded(3).asBlockingQueue();
      List<Integer> model = new ArrayList<>();
      int next = 0;
      for (int round = 0; round < 50; round++) {
        while (q.remainingCapacity() > 0) {
          assertThat(q.offer(next)).isTrue();
          model.add(next++);
        }
        assertThat(q.offer(-1)).isFalse();
        Integer victim = model.get(model.size() / 2);
        assertThat(q.remove(victim)).isTrue();
        model.remove(victim);
        assertThat(q.poll()).isEqualTo(model.remove(0));
        assertThat(q).containsExactlyElementsOf(model);
      }
    }
  }

  /** The contract, parameterised by the flavour of channel behind the view. */
  abstract static class Contract {
    abstract Channel<Integer> newChannel();

    Channel<Integer> channel;

    BlockingQueue<Integer> emptyQueue() {
      channel = newChannel();
      return channel.asBlockingQueue();
    }

    /** A queue holding 0 .. SIZE-1, in order. */
    BlockingQueue<Integer> populatedQueue() {
      BlockingQueue<Integer> q = emptyQueue();
      for (int i = 0; i < SIZE; i++) {
        assertThat(q.offer(i)).isTrue();
      }
      return q;
    }

    boolean bounded() {
      return channel.sender().capacity() != Integer.MAX_VALUE;
    }

    static List<Integer> upTo(int n) {
      List<Integer> l = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        l.add(i);
      }
      return l;
    }

    // ---- emptiness, size, capacity ----

    @Test
    void emptyQueueIsEmptyEverywhere() throws InterruptedException {
      BlockingQueue<Integer> q = emptyQueue();
      assertThat(q.isEmpty()).isTrue();
      assertThat(q.size()).isZero();
      assertThat(q.toString()).isEqualTo("[]");
      Object[] a = q.toArray();
      assertThat(a).isEmpty();
      assertThat(a.getClass()).isSameAs(Object[].class);
      Integer[] none = new Integer[0];
      assertThat(q.toArray(none)).isSameAs(none);
      Integer[] three = {1, 2, 3};
      assertThat(q.toArray(three)).isSameAs(three);
      assertThat(three).containsExactly(null, 2, 3);
      Iterator<Integer> it = q.iterator();
      assertThat(it.hasNext()).isFalse();
      assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
      Consumer<Integer> never = x -> {
        throw new AssertionError("no element expected: " + x);
      };
      q.forEach(never);
      q.iterator().forEachRemaining(never);
      q.spliterator().forEachRemaining(never);
      assertThat(q.spliterator().tryAdvance(never)).isFalse();
      assertThat(q.peek()).isNull();
      assertThat(q.poll()).isNull();
      assertThat(q.poll(0, MILLISECONDS)).isNull();
      assertThat(q.poll(-1, TimeUnit.DAYS)).isNull();
      assertThatThrownBy(q::remove).isInstanceOf(NoSuchElementException.class);
      assertThatThrownBy(q::element).isInstanceOf(NoSuchElementException.class);
      assertThat(q.drainTo(new ArrayList<>())).isZero();
      assertThat(q.drainTo(new ArrayList<>(), 1)).isZero();
      assertThat(q.contains(1)).isFalse();
      assertThat(q.remove((Object) 1)).isFalse();
      assertThat(q.contains(bomb())).isFalse();
      assertThat(q.remove(bomb())).isFalse();
    }

    /** An object whose equals and hashCode fail: an empty queue must never call them. */
    static Object bomb() {
      return new Object() {
        @Override
        public boolean equals(Object x) {
          throw new AssertionError("equals called");
        }

        @Override
        public int hashCode() {
          throw new AssertionError("hashCode called");
        }
      };
    }

    @Test
    void remainingCapacityFollowsSize() {
      BlockingQueue<Integer> q = emptyQueue();
      int cap = bounded() ? SIZE : Integer.MAX_VALUE;
      assertThat(q.remainingCapacity()).isEqualTo(cap);
      for (int i = 0; i < SIZE; i++) {
        assertThat(q.size()).isEqualTo(i);
        assertThat(q.remainingCapacity()).isEqualTo(bounded() ? SIZE - i : cap);
        q.add(i);
      }
      for (int i = 0; i < SIZE; i++) {
        assertThat(q.remainingCapacity()).isEqualTo(bounded() ? i : cap);
        assertThat(q.size()).isEqualTo(SIZE - i);
        assertThat(q.remove()).isEqualTo(i);
      }
      assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void isEmptyAndSizeTrackAddsAndRemoves() {
      BlockingQueue<Integer> q = emptyQueue();
      assertThat(q.add(1)).isTrue();
      assertThat(q.isEmpty()).isFalse();
      assertThat(q.size()).isEqualTo(1);
      assertThat(q.remove((Object) 1)).isTrue();
      assertThat(q.isEmpty()).isTrue();
      assertThat(q.size()).isZero();
    }

    // ---- nulls ----

    @Test
    void nullElementsAreRejectedEverywhere() {
      BlockingQueue<Integer> q = emptyQueue();
      assertThatThrownBy(() -> q.add(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> q.offer(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> q.put(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> q.offer(null, 1, TimeUnit.HOURS)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> q.offer(null, 0, MILLISECONDS)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> q.addAll(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> q.containsAll(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> q.removeAll(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> q.retainAll(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> q.removeIf(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> q.forEach(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> q.iterator().forEachRemaining(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> q.spliterator().forEachRemaining(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> q.spliterator().tryAdvance(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> q.toArray((Integer[]) null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> q.drainTo(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> q.drainTo(null, 0)).isInstanceOf(NullPointerException.class);
      assertThat(q).isEmpty();
      // The queue never contains null, so asking about it is answered, not refused.
      assertThat(q.contains(null)).isFalse();
      assertThat(q.remove(null)).isFalse();
    }

    @Test
    void addAllWithNullElementAddsThePrefixThenThrows() {
      BlockingQueue<Integer> q = emptyQueue();
      assertThatThrownBy(() -> q.addAll(Arrays.asList(0, 1, null, 3)))
          .isInstanceOf(NullPointerException.class);
      assertThat(q).containsExactly(0, 1);
    }

    // ---- insertion ----

    @Test
    void offerAndAddUntilFull() {
      BlockingQueue<Integer> q = emptyQueue();
      for (int i = 0; i < SIZE; i++) {
        assertThat(q.offer(i)).isTrue();
      }
      if (bounded()) {
        assertThat(q.offer(SIZE)).isFalse();
        assertThat(q.remainingCapacity()).isZero();
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> q.add(SIZE));
        assertThat(t).isInstanceOf(IllegalStateException.class)
            .as("a full queue is not a closed channel")
            .isNotInstanceOf(ChannelClosedException.class);
      } else {
        for (int i = SIZE; i < 10 * SIZE; i++) {
          assertThat(q.add(i)).isTrue();
        }
        assertThat(q.remainingCapacity()).isEqualTo(Integer.MAX_VALUE);
      }
      assertThat(q.peek()).isZero();
    }

    @Test
    void putThenTakeKeepsFifoOrder() throws InterruptedException {
      BlockingQueue<Integer> q = emptyQueue();
      for (int i = 0; i < SIZE; i++) {
        q.put(i);
        assertThat(q).contains(i);
      }
      if (bounded()) {
        assertThat(q.remainingCapacity()).isZero();
      }
      for (int i = 0; i < SIZE; i++) {
        assertThat(q.take()).isEqualTo(i);
      }
    }

    @Test
    void timedOfferSucceedsWithRoomAndTimesOutWhenFull() throws InterruptedException {
      BlockingQueue<Integer> q = emptyQueue();
      for (int i = 0; i < SIZE; i++) {
        assertThat(q.offer(i, LONG_MS, MILLISECONDS)).isTrue();
      }
      if (bounded()) {
        assertThat(q.offer(SIZE, 0, MILLISECONDS)).isFalse();
        assertThat(q.offer(SIZE, -1, NANOSECONDS)).isFalse();
        long start = System.nanoTime();
        assertThat(q.offer(SIZE, SHORT_MS, MILLISECONDS)).isFalse();
        assertThat(millisSince(start)).isGreaterThanOrEqualTo(SHORT_MS);
        assertThat(q).hasSize(SIZE).doesNotContain(SIZE);
      } else {
        assertThat(q.offer(SIZE, 0, MILLISECONDS)).isTrue();
      }
    }

    @Test
    void addAllAddsInOrder() {
      BlockingQueue<Integer> q = emptyQueue();
      assertThat(q.addAll(upTo(SIZE))).isTrue();
      assertThat(q).containsExactlyElementsOf(upTo(SIZE));
      assertThat(q.addAll(List.of())).isFalse();
    }

    @Test
    void addAllOfItselfIsRejected() {
      BlockingQueue<Integer> q = populatedQueue();
      assertThatThrownBy(() -> q.addAll(q)).isInstanceOf(IllegalArgumentException.class);
      assertThat(q).containsExactlyElementsOf(upTo(SIZE));
    }

    @Test
    void addAllBeyondCapacityAddsWhatFitsThenThrows() {
      BlockingQueue<Integer> q = emptyQueue();
      for (int i = 0; i < SIZE - 5; i++) {
        q.add(i);
      }
      List<Integer> more = new ArrayList<>();
      for (int i = SIZE - 5; i < SIZE + 5; i++) {
        more.add(i);
      }
      if (bounded()) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> q.addAll(more));
        assertThat(t).isInstanceOf(IllegalStateException.class).isNotInstanceOf(ChannelClosedException.class);
        assertThat(q).containsExactlyElementsOf(upTo(SIZE));
      } else {
        assertThat(q.addAll(more)).isTrue();
        assertThat(q).containsExactlyElementsOf(upTo(SIZE + 5));
      }
    }

    // ---- retrieval ----

    @Test
    void pollPeekElementRemoveFollowFifoOrder() {
      BlockingQueue<Integer> q = populatedQueue();
      for (int i = 0; i < SIZE; i++) {
        assertThat(q.peek()).isEqualTo(i);
        assertThat(q.element()).isEqualTo(i);
        assertThat(q.size()).isEqualTo(SIZE - i);
        if (i % 2 == 0) {
          assertThat(q.poll()).isEqualTo(i);
        } else {
          assertThat(q.remove()).isEqualTo(i);
        }
        assertThat(Objects.equals(q.peek(), i)).as("head removed").isFalse();
      }
      assertThat(q.peek()).isNull();
      assertThat(q.poll()).isNull();
      assertThatThrownBy(q::element).isInstanceOf(NoSuchElementException.class);
      assertThatThrownBy(q::remove).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void timedPollReturnsElementsThenTimesOut() throws InterruptedException {
      BlockingQueue<Integer> q = populatedQueue();
      for (int i = 0; i < SIZE; i++) {
        assertThat(q.poll(i % 2 == 0 ? 0 : LONG_MS, MILLISECONDS)).isEqualTo(i);
      }
      long start = System.nanoTime();
      assertThat(q.poll(SHORT_MS, MILLISECONDS)).isNull();
      assertThat(millisSince(start)).isGreaterThanOrEqualTo(SHORT_MS);
    }

    @Test
    void takeWaitsForPut() throws InterruptedException {
      BlockingQueue<Integer> q = emptyQueue();
      try (TestThreads threads = new TestThreads()) {
        Thread taker = threads.start("worker-1", () -> assertThat(q.take()).isEqualTo(42));
        TestThreads.awaitBlocked(taker);
        q.put(42);
      }
      assertThat(q).isEmpty();
    }

    @Test
    void timedPollWaitsForOffer() throws InterruptedException {
      BlockingQueue<Integer> q = emptyQueue();
      try (TestThreads threads = new TestThreads()) {
        Thread taker = threads.start("worker-2", 
            () -> assertThat(q.poll(LONG_MS, MILLISECONDS)).isEqualTo(7));
        TestThreads.awaitBlocked(taker);
        assertThat(q.offer(7)).isTrue();
      }
    }

    @Test
    void putWaitsForRoomWhenFull() throws InterruptedException {
      BlockingQueue<Integer> q = populatedQueue();
      if (!bounded()) {
        return;
      }
      try (TestThreads threads = new TestThreads()) {
        Thread putter = threads.start("worker-3", () -> q.put(SIZE));
        TestThreads.awaitBlocked(putter);
        assertThat(q.remainingCapacity()).isZero();
        assertThat(q.take()).isZero();
      }
      assertThat(q).containsExactlyElementsOf(upTo(SIZE + 1).subList(1, SIZE + 1));
    }

    @Test
    void timedOfferWaitsForRoomWhenFull() throws InterruptedException {
      BlockingQueue<Integer> q = populatedQueue();
      if (!bounded()) {
        return;
      }
      try (TestThreads threads = new TestThreads()) {
        Thread putter = threads.start("worker-4", 
            () -> assertThat(q.offer(SIZE, LONG_MS, MILLISECONDS)).isTrue());
        TestThreads.awaitBlocked(putter);
        assertThat(q.poll()).isZero();
      }
      assertThat(q).hasSize(SIZE).contains(SIZE);
    }

    // ---- interruption ----

    @Test
    void takeOnEmptyQueueWhenAlreadyInterruptedThrows() {
      BlockingQueue<Integer> q = emptyQueue();
      Thread.currentThread().interrupt();
      assertThatThrownBy(q::take).isInstanceOf(InterruptedException.class);
      assertThat(Thread.interrupted()).as("interrupt status cleared").isFalse();
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> q.poll(LONG_MS, MILLISECONDS))
          .isInstanceOf(InterruptedException.class);
      assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void takeAndTimedPollAreInterruptibleWhileWaiting() throws InterruptedException {
      BlockingQueue<Integer> q = emptyQueue();
      try (TestThreads threads = new TestThreads()) {
        Thread taker = threads.start("worker-5", () -> {
          assertThatThrownBy(q::take).isInstanceOf(InterruptedException.class);
          assertThat(Thread.currentThread().isInterrupted()).isFalse();
        });
        TestThreads.awaitBlocked(taker);
        taker.interrupt();
        Thread poller = threads.start("worker-6", () -> {
          assertThatThrownBy(() -> q.poll(LONG_MS, MILLISECONDS))
              .isInstanceOf(InterruptedException.class);
          assertThat(Thread.currentThread().isInterrupted()).isFalse();
        });
        TestThreads.awaitBlocked(poller);
        poller.interrupt();
      }
      // No element was taken or lost by the interrupted waiters.
      q.offer(1);
      assertThat(q.poll()).isEqualTo(1);
    }

    @Test
    void putOnFullQueueWhenAlreadyInterruptedThrows() {
      BlockingQueue<Integer> q = populatedQueue();
      if (!bounded()) {
        return;
      }
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> q.put(SIZE)).isInstanceOf(InterruptedException.class);
      assertThat(Thread.interrupted()).isFalse();
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> q.offer(SIZE, LONG_MS, MILLISECONDS))
          .isInstanceOf(InterruptedException.class);
      assertThat(Thread.interrupted()).isFalse();
      assertThat(q).containsExactlyElementsOf(upTo(SIZE));
    }

    @Test
    void putAndTimedOfferAreInterruptibleWhileWaiting() throws InterruptedException {
      BlockingQueue<Integer> q = populatedQueue();
      if (!bounded()) {
        return;
      }
      try (TestThreads threads = new TestThreads()) {
        Thread putter = threads.start("worker-7", () -> {
          assertThatThrownBy(() -> q.put(SIZE)).isInstanceOf(InterruptedException.class);
          assertThat(Thread.currentThread().isInterrupted()).isFalse();
        });
        TestThreads.awaitBlocked(putter);
        putter.interrupt();
        Thread offerer = threads.start("worker-8", () -> {
          assertThatThrownBy(() -> q.offer(SIZE, LONG_MS, MILLISECONDS))
              .isInstanceOf(InterruptedException.class);
          assertThat(Thread.currentThread().isInterrupted()).isFalse();
        });
        TestThreads.awaitBlocked(offerer);
        offerer.interrupt();
      }
      assertThat(q).containsExactlyElementsOf(upTo(SIZE));
    }

    // ---- search and removal ----

    @Test
    void containsFindsEveryElementUntilRemoved() {
      BlockingQueue<Integer> q = populatedQueue();
      for (int i = 0; i < SIZE; i++) {
        assertThat(q.contains(i)).isTrue();
        q.poll();
        assertThat(q.contains(i)).isFalse();
      }
      assertThat(q.contains(SIZE)).isFalse();
    }

    /** Removes every odd element from the middle, twice, then the evens from the tail end. */
    @Test
    void removeObjectFromTheMiddleKeepsTheRestInOrder() {
      BlockingQueue<Integer> q = populatedQueue();
      List<Integer> model = upTo(SIZE);
      for (int i = 1; i < SIZE; i += 2) {
        for (int pass = 0; pass < 2; pass++) {
          assertThat(q.contains(i)).isEqualTo(pass == 0);
          assertThat(q.remove((Object) i)).isEqualTo(pass == 0);
          assertThat(q.contains(i)).isFalse();
          assertThat(q.contains(i - 1)).isTrue();
          if (i < SIZE - 1) {
            assertThat(q.contains(i + 1)).isTrue();
          }
        }
        model.remove((Integer) i);
        assertThat(q).containsExactlyElementsOf(model);
        assertThat(q.size()).isEqualTo(model.size());
      }
      for (int i = SIZE - 2; i >= 0; i -= 2) {
        assertThat(q.remove((Object) i)).isTrue();
        assertThat(q.remove((Object) (i + 1))).isFalse();
        model.remove((Integer) i);
        assertThat(q).containsExactlyElementsOf(model);
      }
      assertThat(q.isEmpty()).isTrue();
      assertThat(q.peek()).isNull();
      assertThat(q.poll()).isNull();
      assertThat(q.remainingCapacity()).isEqualTo(bounded() ? SIZE : Integer.MAX_VALUE);
      // The freed room is usable again, in order.
      for (int i = 0; i < SIZE; i++) {
        assertThat(q.offer(100 + i)).isTrue();
      }
      for (int i = 0; i < SIZE; i++) {
        assertThat(q.poll()).isEqualTo(100 + i);
      }
    }

    @Test
    void removeObjectFromFullQueueFreesOneSlot() throws InterruptedException {
      BlockingQueue<Integer> q = populatedQueue();
      assertThat(q.remove((Object) (SIZE / 2))).isTrue();
      assertThat(q.size()).isEqualTo(SIZE - 1);
      if (bounded()) {
        assertThat(q.remainingCapacity()).isEqualTo(1);
      }
      assertThat(q.offer(SIZE)).as("room freed by remove(Object) is usable").isTrue();
      assertThat(q.offer(SIZE + 1, 0, MILLISECONDS)).isEqualTo(!bounded());
      List<Integer> drained = new ArrayList<>();
      q.drainTo(drained);
      List<Integer> expected = upTo(SIZE + (bounded() ? 1 : 2));
      expected.remove((Integer) (SIZE / 2));
      assertThat(drained).containsExactlyElementsOf(expected);
    }

    @Test
    void removeObjectRemovesOneOccurrenceOnly() {
      BlockingQueue<Integer> q = emptyQueue();
      q.addAll(List.of(1, 2, 1, 3, 1));
      assertThat(q.remove((Object) 1)).isTrue();
      assertThat(q).containsExactly(2, 1, 3, 1);
      assertThat(q.remove((Object) 1)).isTrue();
      assertThat(q).containsExactly(2, 3, 1);
    }

    @Test
    void containsAllRemoveAllRetainAll() {
      BlockingQueue<Integer> q = populatedQueue();
      List<Integer> evens = new ArrayList<>();
      for (int i = 0; i < SIZE; i += 2) {
        evens.add(i);
      }
      assertThat(q.containsAll(evens)).isTrue();
      assertThat(q.containsAll(List.of(0, SIZE))).isFalse();
      assertThat(q.containsAll(List.of())).isTrue();
      assertThat(q.removeAll(evens)).isTrue();
      assertThat(q.removeAll(evens)).isFalse();
      assertThat(q.size()).isEqualTo(SIZE / 2);
      for (Integer e : evens) {
        assertThat(q.contains(e)).isFalse();
      }
      assertThat(q.retainAll(List.of(1, 3, 5, 100))).isTrue();
      assertThat(q).containsExactly(1, 3, 5);
      assertThat(q.retainAll(List.of(1, 3, 5))).isFalse();
      assertThat(q.retainAll(List.of())).isTrue();
      assertThat(q).isEmpty();
    }

    @Test
    void removeIfRemovesMatchingElements() {
      BlockingQueue<Integer> q = populatedQueue();
      assertThat(q.removeIf(x -> x % 3 == 0)).isTrue();
      assertThat(q.removeIf(x -> x % 3 == 0)).isFalse();
      List<Integer> expected = new ArrayList<>(upTo(SIZE));
      expected.removeIf(x -> x % 3 == 0);
      assertThat(q).containsExactlyElementsOf(expected);
    }

    @Test
    void clearEmptiesTheQueueAndFreesAllRoom() {
      BlockingQueue<Integer> q = populatedQueue();
      q.clear();
      assertThat(q.isEmpty()).isTrue();
      assertThat(q.size()).isZero();
      assertThat(q.remainingCapacity()).isEqualTo(bounded() ? SIZE : Integer.MAX_VALUE);
      assertThat(q.add(1)).isTrue();
      assertThat(q).containsExactly(1);
      q.clear();
      assertThat(q.isEmpty()).isTrue();
    }

    // ---- traversal ----

    @Test
    void iteratorYieldsElementsInOrder() {
      BlockingQueue<Integer> q = populatedQueue();
      List<Integer> seen = new ArrayList<>();
      for (Iterator<Integer> it = q.iterator(); it.hasNext(); ) {
        seen.add(it.next());
      }
      assertThat(seen).containsExactlyElementsOf(upTo(SIZE));
      List<Integer> forEach = new ArrayList<>();
      q.forEach(forEach::add);
      assertThat(forEach).containsExactlyElementsOf(upTo(SIZE));
      assertThat(q.stream().toList()).containsExactlyElementsOf(upTo(SIZE));
      assertThat(q).hasSize(SIZE);
    }

    @Test
    void iteratorRemoveRemovesTheLastElementReturned() {
      BlockingQueue<Integer> q = populatedQueue();
      Iterator<Integer> it = q.iterator();
      assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
      assertThat(it.next()).isZero();
      assertThat(it.next()).isEqualTo(1);
      it.remove();
      assertThatThrownBy(it::remove).as("twice in a row").isInstanceOf(IllegalStateException.class);
      assertThat(it.next()).isEqualTo(2);
      List<Integer> expected = upTo(SIZE);
      expected.remove((Integer) 1);
      assertThat(q).containsExactlyElementsOf(expected);
      while (it.hasNext()) {
        it.next();
      }
      it.remove();
      expected.remove((Integer) (SIZE - 1));
      assertThat(q).containsExactlyElementsOf(expected);
      assertThat(q.size()).isEqualTo(SIZE - 2);
    }

    @Test
    void iteratorRemoveOfEveryElementEmptiesTheQueue() {
      BlockingQueue<Integer> q = populatedQueue();
      for (Iterator<Integer> it = q.iterator(); it.hasNext(); ) {
        it.next();
        it.remove();
      }
      assertThat(q.isEmpty()).isTrue();
      assertThat(q.remainingCapacity()).isEqualTo(bounded() ? SIZE : Integer.MAX_VALUE);
    }

    /** Weak consistency: taking elements while iterating never throws, and nothing is invented. */
    @Test
    void iteratorIsWeaklyConsistent() {
      BlockingQueue<Integer> q = emptyQueue();
      q.addAll(List.of(1, 2, 3));
      int n = 0;
      for (Iterator<Integer> it = q.iterator(); it.hasNext(); ) {
        q.remove();
        assertThat(it.next()).isIn(1, 2, 3);
        n++;
      }
      assertThat(n).isBetween(1, 3);
      assertThat(q.size()).isZero();

      q.addAll(List.of(4, 5));
      Iterator<Integer> it = q.iterator();
      q.add(6);
      List<Integer> seen = new ArrayList<>();
      it.forEachRemaining(seen::add);
      assertThat(seen).startsWith(4, 5).isSubsetOf(4, 5, 6);
    }

    /**
     * The view's documented iterator: it returns the elements buffered when it was created that
     * were not taken before {@code next()} returned them.
     */
    @Test
    void iteratorSkipsElementsTakenMeanwhile() {
      BlockingQueue<Integer> q = emptyQueue();
      q.addAll(List.of(1, 2, 3));
      Iterator<Integer> it = q.iterator();
      assertThat(q.poll()).isEqualTo(1);
      assertThat(q.remove((Object) 2)).isTrue();
      List<Integer> seen = new ArrayList<>();
      it.forEachRemaining(seen::add);
      assertThat(seen).containsExactly(3);
    }

    @Test
    void toArrayReturnsElementsInOrder() {
      BlockingQueue<Integer> q = populatedQueue();
      assertThat(q.toArray()).containsExactlyElementsOf(upTo(SIZE));
      assertThat(q.toArray().getClass()).isSameAs(Object[].class);
      Integer[] exact = new Integer[SIZE];
      assertThat(q.toArray(exact)).isSameAs(exact).containsExactlyElementsOf(upTo(SIZE));
      Integer[] small = new Integer[1];
      Integer[] grown = q.toArray(small);
      assertThat(grown).isNotSameAs(small).containsExactlyElementsOf(upTo(SIZE));
      assertThat(grown.getClass()).isSameAs(Integer[].class);
      Integer[] big = new Integer[SIZE + 2];
      Arrays.fill(big, -1);
      assertThat(q.toArray(big)).isSameAs(big);
      assertThat(big[SIZE]).as("terminating null").isNull();
      assertThat(big[SIZE + 1]).isEqualTo(-1);
      assertThat(q.toArray(new Integer[0])).containsExactlyElementsOf(upTo(SIZE));
      assertThat(q.toArray(Integer[]::new)).containsExactlyElementsOf(upTo(SIZE));
      assertThat(q).hasSize(SIZE);
    }

    @Test
    void toArrayOfIncompatibleTypeThrowsArrayStoreException() {
      BlockingQueue<Integer> q = populatedQueue();
      assertThatThrownBy(() -> q.toArray(new String[SIZE])).isInstanceOf(ArrayStoreException.class);
    }

    @Test
    void toStringListsElementsInOrder() {
      BlockingQueue<Integer> q = emptyQueue();
      q.addAll(List.of(3, 1, 2));
      assertThat(q.toString()).isEqualTo("[3, 1, 2]");
      BlockingQueue<Integer> full = populatedQueue();
      for (int i = 0; i < SIZE; i++) {
        assertThat(full.toString()).contains(String.valueOf(i));
      }
    }

    // ---- drainTo ----

    @Test
    void drainToMovesEverythingInOrder() {
      BlockingQueue<Integer> q = populatedQueue();
      List<Integer> l = new ArrayList<>();
      assertThat(q.drainTo(l)).isEqualTo(SIZE);
      assertThat(l).containsExactlyElementsOf(upTo(SIZE));
      assertThat(q).isEmpty();
      assertThat(q.remainingCapacity()).isEqualTo(bounded() ? SIZE : Integer.MAX_VALUE);
      q.addAll(List.of(0, 1));
      assertThat(q.drainTo(l)).isEqualTo(2);
      assertThat(l).hasSize(SIZE + 2).endsWith(0, 1);
    }

    @Test
    void drainToWithLimitMovesAtMostThatMany() {
      for (int k = 0; k < SIZE + 2; k++) {
        BlockingQueue<Integer> q = populatedQueue();
        List<Integer> l = new ArrayList<>();
        int n = Math.min(k, SIZE);
        assertThat(q.drainTo(l, k)).isEqualTo(n);
        assertThat(l).containsExactlyElementsOf(upTo(n));
        assertThat(q.size()).isEqualTo(SIZE - n);
        if (n < SIZE) {
          assertThat(q.peek()).isEqualTo(n);
        }
      }
    }

    @Test
    void drainToWithNonPositiveLimitMovesNothing() {
      BlockingQueue<Integer> q = populatedQueue();
      List<Integer> l = new ArrayList<>();
      assertThat(q.drainTo(l, 0)).isZero();
      assertThat(q.drainTo(l, -1)).isZero();
      assertThat(q.drainTo(l, Integer.MIN_VALUE)).isZero();
      assertThat(l).isEmpty();
      assertThat(q).containsExactlyElementsOf(upTo(SIZE));
    }

    @Test
    void drainToItselfIsRejected() {
      BlockingQueue<Integer> q = populatedQueue();
      assertThatThrownBy(() -> q.drainTo(q)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> q.drainTo(q, 1)).isInstanceOf(IllegalArgumentException.class);
      assertThat(q).containsExactlyElementsOf(upTo(SIZE));
    }

    @Test
    void drainToWhileAPutWaits() throws InterruptedException {
      BlockingQueue<Integer> q = populatedQueue();
      List<Integer> l = new ArrayList<>();
      try (TestThreads threads = new TestThreads()) {
        Thread putter = threads.start("worker-9", () -> q.put(SIZE));
        if (bounded()) {
          TestThreads.awaitBlocked(putter);
        }
        q.drainTo(l);
        assertThat(l.size()).isGreaterThanOrEqualTo(SIZE);
      }
      q.drainTo(l);
      assertThat(l).containsExactlyElementsOf(upTo(SIZE + 1));
    }

    // ---- identity ----

    @Test
    void viewsOfOneChannelShareTheirElements() {
      BlockingQueue<Integer> q = emptyQueue();
      BlockingQueue<Integer> other = channel.asBlockingQueue();
      q.add(1);
      assertThat(other).containsExactly(1);
      assertThat(channel.receiver().poll()).isEqualTo(1);
      assertThat(q).isEmpty();
      assertThat(channel.sender().trySend(2)).isInstanceOf(Sent.class);
      assertThat(q.poll()).isEqualTo(2);
      assertThat(q.equals(q)).isTrue();
      assertThat(q.hashCode()).isEqualTo(q.hashCode());
    }

    // ---- concurrency ----

    /** Producers and consumers through the view: every element arrives exactly once. */
    @Test
    void concurrentProducersAndConsumersLoseNothing() throws InterruptedException {
      BlockingQueue<Integer> q = emptyQueue();
      int producers = 2;
      int perProducer = 2_000;
      ConcurrentLinkedQueue<Integer> got = new ConcurrentLinkedQueue<>();
      CountDownLatch go = new CountDownLatch(1);
      try (TestThreads threads = new TestThreads()) {
        for (int p = 0; p < producers; p++) {
          int base = p * perProducer;
          threads.start("worker-10", () -> {
            go.await();
            for (int i = 0; i < perProducer; i++) {
              switch (i % 3) {
                case 0 -> q.put(base + i);
                case 1 -> assertThat(q.offer(base + i, LONG_MS, MILLISECONDS)).isTrue();
                default -> {
                  while (!q.offer(base + i)) {
                    Thread.yield();
                  }
                }
              }
            }
          });
        }
        for (int c = 0; c < 2; c++) {
          int share = producers * perProducer / 2;
          threads.start("worker-11", () -> {
            go.await();
            for (int i = 0; i < share; i++) {
              Integer v = i % 2 == 0 ? q.take() : q.poll(LONG_MS, MILLISECONDS);
              assertThat(v).isNotNull();
              got.add(v);
            }
          });
        }
        go.countDown();
      }
      List<Integer> all = new ArrayList<>(got);
      Collections.sort(all);
      assertThat(all).containsExactlyElementsOf(upTo(producers * perProducer));
      assertThat(q).isEmpty();
    }

    /** remove(Object) racing receivers: each element goes to exactly one of them. */
    @Test
    void removeObjectRacingPollDeliversEachElementOnce() throws InterruptedException {
      for (int round = 0; round < 50; round++) {
        BlockingQueue<Integer> q = populatedQueue();
        ConcurrentLinkedQueue<Integer> removed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> polled = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        try (TestThreads threads = new TestThreads()) {
          threads.start("worker-12", () -> {
            go.await();
            for (int i = SIZE - 1; i >= 0; i--) {
              if (q.remove((Object) i)) {
                removed.add(i);
              }
            }
          });
          threads.start("worker-13", () -> {
            go.await();
            for (Integer v; (v = q.poll()) != null; ) {
              polled.add(v);
            }
          });
          go.countDown();
        }
        Map<Integer, Integer> counts = new HashMap<>();
        removed.forEach(v -> counts.merge(v, 1, Integer::sum));
        polled.forEach(v -> counts.merge(v, 1, Integer::sum));
        q.forEach(v -> counts.merge(v, 1, Integer::sum));
        assertThat(counts).as("round %d: removed %s, polled %s, left %s", round, removed, polled, q)
            .hasSize(SIZE)
            .allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
      }
    }

    // ---- closed channel, as documented on Channel.asBlockingQueue() ----

    @Test
    void afterLastSenderClosesBufferedElementsRemainAvailable() throws InterruptedException {
      BlockingQueue<Integer> q = populatedQueue();
      channel.sender().close();
      assertThat(q.offer(SIZE)).isFalse();
      assertThat(q.offer(SIZE, LONG_MS, MILLISECONDS)).isFalse();
      assertThatThrownBy(() -> q.add(SIZE)).isInstanceOf(ChannelClosedException.class);
      assertThatThrownBy(() -> q.put(SIZE)).isInstanceOf(ChannelClosedException.class)
          .satisfies(t -> assertThat(((ChannelClosedException) t).unsent()).isEqualTo(SIZE));
      assertThat(q.size()).isEqualTo(SIZE);
      assertThat(q.peek()).isZero();
      assertThat(q.element()).isZero();
      assertThat(q).containsExactlyElementsOf(upTo(SIZE));
      assertThat(q.contains(5)).isTrue();
      assertThat(q.remove((Object) 5)).isTrue();
      assertThat(q.poll()).isZero();
      assertThat(q.take()).isEqualTo(1);
      assertThat(q.poll(LONG_MS, MILLISECONDS)).isEqualTo(2);
      assertThat(q.remove()).isEqualTo(3);
      List<Integer> rest = new ArrayList<>();
      assertThat(q.drainTo(rest, 2)).isEqualTo(2);
      assertThat(q.drainTo(rest)).isEqualTo(SIZE - 7);
      List<Integer> expected = upTo(SIZE).subList(4, SIZE);
      expected = new ArrayList<>(expected);
      expected.remove((Integer) 5);
      assertThat(rest).containsExactlyElementsOf(expected);
      assertDrainedAndClosed(q);
    }

    void assertDrainedAndClosed(BlockingQueue<Integer> q) throws InterruptedException {
      assertThat(q.isEmpty()).isTrue();
      assertThat(q.size()).isZero();
      assertThat(q.poll()).isNull();
      assertThat(q.peek()).isNull();
      long start = System.nanoTime();
      assertThat(q.poll(LONG_MS, MILLISECONDS)).isNull();
      assertThat(millisSince(start)).as("timed poll returns at once when closed")
          .isLessThan(LONG_MS / 2);
      assertThatThrownBy(q::take).isInstanceOf(ChannelClosedException.class);
      assertThatThrownBy(q::remove).isInstanceOf(NoSuchElementException.class);
      assertThatThrownBy(q::element).isInstanceOf(NoSuchElementException.class);
      assertThat(q.drainTo(new ArrayList<>())).isZero();
      assertThat(q.iterator().hasNext()).isFalse();
      assertThat(q.offer(1)).isFalse();
      assertThatThrownBy(() -> q.add(1)).isInstanceOf(ChannelClosedException.class);
      assertThatThrownBy(() -> q.put(1)).isInstanceOf(ChannelClosedException.class);
    }

    @Test
    void afterLastReceiverClosesEverythingIsDiscarded() throws InterruptedException {
      BlockingQueue<Integer> q = populatedQueue();
      channel.receiver().close();
      assertDrainedAndClosed(q);
    }

    @Test
    void viewNeitherKeepsTheChannelOpenNorClosesIt() throws InterruptedException {
      BlockingQueue<Integer> q = emptyQueue();
      q.add(1);
      assertThat(channel.receiver().isClosed()).isFalse();
      assertThat(channel.sender().isClosed()).isFalse();
      channel.sender().close();
      assertThat(q.take()).isEqualTo(1);
      assertThat(channel.receiver().isClosed()).isTrue();
    }

    @Test
    void closingWakesABlockedTake() throws InterruptedException {
      BlockingQueue<Integer> q = emptyQueue();
      try (TestThreads threads = new TestThreads()) {
        Thread taker = threads.start("worker-14", 
            () -> assertThatThrownBy(q::take).isInstanceOf(ChannelClosedException.class));
        Thread poller = threads.start("worker-15", 
            () -> assertThat(q.poll(LONG_MS, MILLISECONDS)).isNull());
        TestThreads.awaitBlocked(taker);
        TestThreads.awaitBlocked(poller);
        channel.sender().close();
      }
    }

    @Test
    void closingWakesABlockedPut() throws InterruptedException {
      BlockingQueue<Integer> q = populatedQueue();
      if (!bounded()) {
        return;
      }
      try (TestThreads threads = new TestThreads()) {
        Thread putter = threads.start("worker-16", () -> assertThatThrownBy(() -> q.put(SIZE))
            .isInstanceOf(ChannelClosedException.class)
            .satisfies(t -> assertThat(((ChannelClosedException) t).unsent()).isEqualTo(SIZE)));
        Thread offerer = threads.start("worker-17", 
            () -> assertThat(q.offer(SIZE + 1, LONG_MS, MILLISECONDS)).isFalse());
        TestThreads.awaitBlocked(putter);
        TestThreads.awaitBlocked(offerer);
        channel.receiver().close();
      }
      assertThat(q).isEmpty();
    }
  }

  /** The hang guard in milliseconds, for the {@code TimeUnit} forms. */
  static final long LONG_MS = Timeouts.LONG.toMillis();
  /** A wait expected to time out, in milliseconds. */
  static final long SHORT_MS = Timeouts.SHORT.toMillis();

  static long millisSince(long startNanos) {
    return NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
