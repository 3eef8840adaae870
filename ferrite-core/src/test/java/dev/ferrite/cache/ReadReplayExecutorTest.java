package dev.ferrite.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Where buffered reads are replayed while several threads read: on the builder's executor, one
 * task at a time; a rejected task does not reach the reader, who replays the buffer itself.
 */
class ReadReplayExecutorTest {
  private static final int RING = ReadBuffer.STRIPE_SIZE;

  private static ConcurrentCache<Integer, Integer> filled(List<Runnable> tasks, boolean reject) {
    ConcurrentCache<Integer, Integer> cache =
        ConcurrentCache.<Integer, Integer>builder()
            .maximumSize(100)
            .executor(
                task -> {
                  tasks.add(task);
                  if (reject) {
                    throw new RejectedExecutionException("test");
                  }
                })
            .build();
    for (int i = 0; i < 10; i++) {
      cache.insert(i, i);
    }
    cache.cleanUp();
    cache.local().assumeReadersContend();
    return cache;
  }

  /** Reads, by one thread, until the first hand-off: a ring-full, then the ring's patience. */
  private static final int TO_HAND_OFF = RING - 1 + ReadBuffer.PATIENCE;

  @Test
  void aFullRingIsReplayedOnTheExecutorOneTaskAtATime() {
    List<Runnable> tasks = new ArrayList<>();
    ConcurrentCache<Integer, Integer> cache = filled(tasks, false);
    for (int i = 0; i < TO_HAND_OFF - 1; i++) {
      assertThat(cache.get(i % 10)).isEqualTo(i % 10);
    }
    assertThat(tasks).as("a full ring is patient").isEmpty();
    cache.get(0);
    assertThat(tasks).as("patience ran out").hasSize(1);
    for (int i = 0; i < 3 * ReadBuffer.PATIENCE; i++) {
      assertThat(cache.get(i % 10)).isEqualTo(i % 10);
    }
    // (3 x PATIENCE more drops: the stripe's count is back at 0 when the replay below runs)
    assertThat(tasks).as("reads that find a replay pending are dropped").hasSize(1);

    tasks.remove(0).run();
    cache.local().assumeReadersContend(); // the replay saw one reader: keep the executor mode
    for (int i = 0; i < TO_HAND_OFF - 1; i++) {
      cache.get(i % 10);
    }
    assertThat(tasks).isEmpty();
    cache.get(0);
    assertThat(tasks).as("the next ring-full and its patience schedule another").hasSize(1);
  }

  @Test
  void onePatientReplayThatFindsASingleReaderEndsTheExecutorMode() {
    List<Runnable> tasks = new ArrayList<>();
    ConcurrentCache<Integer, Integer> cache = filled(tasks, false);
    for (int i = 0; i < TO_HAND_OFF; i++) {
      cache.get(i % 10);
    }
    assertThat(tasks).hasSize(1);
    tasks.remove(0).run(); // finds this thread's stripe alone busy
    assertThat(cache.local().readersContend()).isFalse();
    for (int i = 0; i < 3 * RING; i++) {
      cache.get(i % 10);
    }
    assertThat(tasks).as("a lone reader replays its ring itself").isEmpty();
  }

  @Test
  void aDeferredReadStillRunsAPendingDrain() {
    List<Runnable> tasks = new ArrayList<>();
    ConcurrentCache<Integer, Integer> cache = filled(tasks, false);
    for (int i = 0; i < RING; i++) {
      cache.get(i % 10); // the ring is full: later reads are deferred
    }
    cache.local().requireDrain(); // as if a write's drain had found the lock taken
    cache.get(0);
    assertThat(cache.local().drainRequired()).isFalse();
    assertThat(tasks).isEmpty();
  }

  @Test
  void aRejectedReplayRunsOnTheReader() {
    List<Runnable> tasks = new ArrayList<>();
    ConcurrentCache<Integer, Integer> cache = filled(tasks, true);
    for (int round = 1; round <= 3; round++) {
      cache.local().assumeReadersContend(); // each replay below finds one reader and ends it
      for (int i = 0; i < TO_HAND_OFF; i++) {
        assertThat(cache.get(i % 10)).isEqualTo(i % 10); // no RejectedExecutionException here
      }
      // The rejected replay ran on the reader and emptied its ring: one attempt per ring-full
      // and the patience after it.
      assertThat(tasks).as("round %d", round).hasSize(round);
    }
    cache.cleanUp();
    assertThat(cache.size()).isEqualTo(10);
  }
}
