package dev.ferrite.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.test.TestThreads;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

class WriteBufferTest {
  @Test
  void boundedFifo() {
    WriteBuffer b = new WriteBuffer(4);
    for (int i = 0; i < 4; i++) {
      assertThat(b.offer(i)).isTrue();
    }
    assertThat(b.offer(4)).as("full").isFalse();
    assertThat(b.poll()).isEqualTo(0);
    assertThat(b.offer(4)).isTrue();
    for (int i = 1; i <= 4; i++) {
      assertThat(b.poll()).isEqualTo(i);
    }
    assertThat(b.poll()).isNull();
    assertThat(b.isEmpty()).isTrue();
  }

  @Test
  void producersLoseNothing() throws Exception {
    WriteBuffer b = new WriteBuffer(64);
    int producers = 3;
    int each = 5_000;
    Set<Integer> seen = new HashSet<>();
    CyclicBarrier start = new CyclicBarrier(producers + 1);
    try (TestThreads threads = new TestThreads()) {
      for (int p = 0; p < producers; p++) {
        int base = p * each;
        threads.start("producer-" + p, () -> {
          start.await();
          for (int i = 0; i < each; i++) {
            while (!b.offer(base + i)) {
              Thread.onSpinWait();
            }
          }
        });
      }
      start.await();
      while (seen.size() < producers * each) {
        Object o = b.poll();
        if (o != null) {
          assertThat(seen.add((Integer) o)).isTrue();
        } else {
          Thread.onSpinWait();
        }
      }
    }
    assertThat(b.poll()).isNull();
  }
}
