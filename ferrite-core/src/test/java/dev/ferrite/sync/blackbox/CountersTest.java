package dev.ferrite.sync.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.sync.AtomicCounter;
import dev.ferrite.sync.StripedCounter;
import dev.ferrite.test.TestThreads;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

class CountersTest {
  @Test
  void atomicCounterOperations() {
    AtomicCounter c = new AtomicCounter();
    assertThat(c.increment()).isEqualTo(1);
    assertThat(c.increment()).isEqualTo(2);
    assertThat(c.decrement()).isEqualTo(1);
    assertThat(c.getAndAdd(10)).isEqualTo(1);
    assertThat(c.get()).isEqualTo(11);
    assertThat(c.compareAndSwap(11, 0)).isEqualTo(11); // success: returns the expected value
    assertThat(c.compareAndSwap(11, 5)).isEqualTo(0); // failure: returns what was there
    assertThat(c.get()).isZero();
    assertThat(new AtomicCounter(Long.MAX_VALUE).increment()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void stripedCounterIsExactWhenQuiescent() throws Exception {
    StripedCounter s = new StripedCounter();
    AtomicCounter a = new AtomicCounter();
    int threadsN = 8;
    int perThread = 50_000;
    CyclicBarrier start = new CyclicBarrier(threadsN);
    try (TestThreads threads = new TestThreads()) {
      for (int t = 0; t < threadsN; t++) {
        threads.start("inc-" + t, () -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            s.increment();
            a.increment();
            if ((i & 7) == 0) {
              s.add(3);
              s.decrement();
              s.add(-2);
            }
          }
        });
      }
    }
    assertThat(s.sum()).isEqualTo((long) threadsN * perThread).isEqualTo(a.get());
    assertThat(s.sumThenReset()).isEqualTo((long) threadsN * perThread);
    assertThat(s.sum()).isZero();
  }

  @Test
  void sumThenResetLosesNothingUnderConcurrency() throws Exception {
    StripedCounter s = new StripedCounter();
    int threadsN = 4;
    int perThread = 100_000;
    long[] drained = new long[1];
    CyclicBarrier start = new CyclicBarrier(threadsN + 1);
    try (TestThreads threads = new TestThreads()) {
      for (int t = 0; t < threadsN; t++) {
        threads.start("inc-" + t, () -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            s.increment();
          }
        });
      }
      threads.start("drainer", () -> {
        start.await();
        for (int i = 0; i < 1_000; i++) {
          drained[0] += s.sumThenReset();
        }
      });
    }
    assertThat(drained[0] + s.sum()).isEqualTo((long) threadsN * perThread);
  }
}
