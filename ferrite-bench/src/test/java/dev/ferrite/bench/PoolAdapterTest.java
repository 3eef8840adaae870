package dev.ferrite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every pool adapter of {@link ResourcePoolBench} without JMH: 4 threads cycle through a
 * pool of 2, and no resource is ever leased to two threads at once; a pool of 10 hands out at
 * most 10 distinct resources.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PoolAdapterTest {
  static List<String> impls() {
    return PoolAdapter.IMPLS;
  }

  @ParameterizedTest
  @MethodSource("impls")
  void contendedCyclesNeverShareAResource(String impl) throws Exception {
    try (PoolAdapter pool = PoolAdapter.create(impl, 2)) {
      Map<Object, Boolean> inUse = new ConcurrentHashMap<>();
      Map<Object, Boolean> seen = new ConcurrentHashMap<>();
      AtomicInteger overlaps = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (int t = 0; t < 4; t++) {
        threads.add(Thread.ofPlatform().daemon().start(() -> {
          try {
            start.await();
            for (int i = 0; i < 2_000; i++) {
              pool.cycle(r -> {
                seen.put(r, true);
                if (inUse.putIfAbsent(r, true) != null) {
                  overlaps.incrementAndGet();
                }
                inUse.remove(r);
              });
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        }));
      }
      start.countDown();
      for (Thread t : threads) {
        assertThat(t.join(java.time.Duration.ofMinutes(1))).isTrue();
      }
      assertThat(failures).isEmpty();
      assertThat(overlaps.get()).isZero();
      assertThat(seen).hasSizeLessThanOrEqualTo(2);
    }
  }

  @ParameterizedTest
  @MethodSource("impls")
  void poolOfTenHandsOutAtMostTen(String impl) throws Exception {
    try (PoolAdapter pool = PoolAdapter.create(impl, 10)) {
      Map<Object, Boolean> seen = new ConcurrentHashMap<>();
      for (int i = 0; i < 100; i++) {
        pool.cycle(r -> seen.put(r, true));
      }
      assertThat(seen).isNotEmpty().hasSizeLessThanOrEqualTo(10);
    }
  }

  @Test
  void unknownImplIsRejected() {
    assertThatThrownBy(() -> PoolAdapter.create("nope", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ferrite");
  }
}
