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
  void aRejectedReplayRunsOnTheReader() {
    List<Runnable> tasks = new ArrayList<>();
    ConcurrentCache<Integer, Integer> cache = filled(tasks, true);
    for (int i = 0; i < 3 * TO_HAND_OFF; i++) {
      assertThat(cache.get(i % 10)).isEqualTo(i % 10); // no RejectedExecutionException here
    }
    // Each rejected replay ran on the reader and emptied its ring: one attempt per ring-full
    // and the patience after it.
    assertThat(tasks).hasSize(3);
    cache.cleanUp();
    assertThat(cache.size()).isEqualTo(10);
  }
}
