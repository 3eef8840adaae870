package dev.ferrite.cache.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.cache.CacheLoadException;
import dev.ferrite.cache.ConcurrentCache;
import dev.ferrite.cache.LoadFailed;
import dev.ferrite.cache.LoadResult;
import dev.ferrite.cache.LoadTimedOut;
import dev.ferrite.cache.Loaded;
import dev.ferrite.test.Seeds;
import dev.ferrite.test.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Single-flight loading: once per key per miss, shared results and failures, timeouts. */
class LoadTest {
  @Test
  void concurrentMissesRunTheLoaderOnce() throws Exception {
    ConcurrentCache<String, String> c = ConcurrentCache.unbounded();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    int waiters = 6;
    try (TestThreads threads = new TestThreads()) {
      List<TestThreads.Handle<String>> results = new ArrayList<>();
      results.add(threads.call("first", () -> c.get("k", k -> {
        calls.incrementAndGet();
        loading.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return "v";
      })));
      loading.await();
      List<Thread> blocked = new ArrayList<>();
      for (int i = 0; i < waiters; i++) {
        TestThreads.Handle<String> h = threads.call("waiter-" + i, () -> c.get("k", k -> {
          calls.incrementAndGet();
          return "other";
        }));
        results.add(h);
        blocked.add(h.thread());
      }
      for (Thread t : blocked) {
        TestThreads.awaitBlocked(t); // every waiter is parked on the in-flight load
      }
      // A load in flight blocks nobody else: other keys are read, written and loaded freely.
      c.insert("x", "1");
      assertThat(c.get("x")).isEqualTo("1");
      assertThat(c.get("y", k -> "2")).isEqualTo("2");
      assertThat(c.get("k")).isNull(); // a plain read does not wait for the load
      release.countDown();
      for (TestThreads.Handle<String> h : results) {
        assertThat(h.get()).isEqualTo("v");
      }
    }
    assertThat(calls.get()).isEqualTo(1);
    assertThat(c.get("k")).isEqualTo("v");
  }

  @Test
  void everyWaiterGetsTheFailureAndNothingIsCached() throws Exception {
    ConcurrentCache<String, String> c = ConcurrentCache.unbounded();
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    IllegalStateException boom = new IllegalStateException("boom");
    try (TestThreads threads = new TestThreads()) {
      Thread first = threads.start("first", () ->
          assertThatThrownBy(() -> c.get("k", k -> {
            loading.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            throw boom;
          })).isInstanceOf(CacheLoadException.class).hasCause(boom));
      loading.await();
      Thread waiter = threads.start("waiter", () -> {
        LoadResult<String> r = c.get("k", k -> "never", Duration.ofMinutes(1));
        assertThat(r).isEqualTo(new LoadFailed<String>(boom));
      });
      TestThreads.awaitBlocked(waiter);
      release.countDown();
      threads.joinAll();
      assertThat(first.isAlive()).isFalse();
    }
    assertThat(c.get("k")).isNull();
    assertThat(c.get("k", k -> "again")).isEqualTo("again"); // failures are not cached
  }

  @Test
  void recursiveLoadOfTheSameKeyFailsFast() throws Exception {
    ConcurrentCache<String, String> c = ConcurrentCache.unbounded();
    assertThatThrownBy(() -> c.get("k", k -> {
          try {
            return c.get("k", kk -> "inner");
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }))
        .isInstanceOf(CacheLoadException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("recursive load of key k");
    // Other keys may be loaded from a loader.
    assertThat(c.get("a", k -> {
      try {
        return c.get("b", kk -> "b") + "a";
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    })).isEqualTo("ba");
    // With a timeout the loader runs on its own thread; recursion is still detected.
    LoadResult<String> r = c.get("z", k -> {
      try {
        return c.get("z", kk -> "inner", Duration.ofMinutes(1)).toString();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, Duration.ofMinutes(1));
    assertThat(r).isInstanceOf(LoadFailed.class);
    assertThat(((LoadFailed<String>) r).cause()).hasMessageContaining("recursive load");
  }

  @Test
  void timedLoadsGiveUpWaitingButTheLoadGoesOn() throws Exception {
    ConcurrentCache<String, String> c =
        ConcurrentCache.<String, String>builder().loadTimeout(Duration.ofMillis(20)).build();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    assertThat(c.get("k", k -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      finished.countDown();
      return "late";
    }, Duration.ofMillis(20))).isInstanceOf(LoadTimedOut.class);
    assertThatThrownBy(() -> c.get("k", k -> "never"))
        .isInstanceOf(CacheLoadException.class)
        .hasCauseInstanceOf(TimeoutException.class);
    release.countDown();
    finished.await();
    assertThat(c.get("k", k -> "never", Duration.ofMinutes(1))).isEqualTo(new Loaded<>("late"));
  }

  @Test
  void interruptedWaiterLeavesTheLoadRunning() throws Exception {
    ConcurrentCache<String, String> c = ConcurrentCache.unbounded();
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (TestThreads threads = new TestThreads()) {
      TestThreads.Handle<String> loader = threads.call("loader", () -> c.get("k", k -> {
        loading.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return "v";
      }));
      loading.await();
      Thread waiter = threads.start("waiter", () ->
          assertThatThrownBy(() -> c.get("k", k -> "no")).isInstanceOf(InterruptedException.class));
      TestThreads.awaitBlocked(waiter);
      waiter.interrupt();
      waiter.join();
      release.countDown();
      assertThat(loader.get()).isEqualTo("v");
    }
  }

  @Test
  void loaderRunsOncePerKeyPerMissUnderRaces() throws Exception {
    for (long seed : Seeds.seeds(5)) {
      Seeds.run(seed, random -> {
        ConcurrentCache<Integer, String> c = ConcurrentCache.unbounded();
        ConcurrentHashMap<Integer, AtomicInteger> calls = new ConcurrentHashMap<>();
        int keys = 1 + random.nextInt(8);
        int threadsN = 4;
        CyclicBarrier start = new CyclicBarrier(threadsN);
        try (TestThreads threads = new TestThreads()) {
          for (int t = 0; t < threadsN; t++) {
            long s = random.nextLong();
            threads.start("loader-" + t, () -> {
              java.util.SplittableRandom r = new java.util.SplittableRandom(s);
              start.await();
              for (int i = 0; i < 2_000; i++) {
                int k = r.nextInt(keys);
                String v = c.get(k, key -> {
                  calls.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet();
                  return "v" + key;
                });
                assertThat(v).isEqualTo("v" + k);
              }
            });
          }
        }
        // Nothing is ever evicted or removed here: exactly one miss per key loads.
        calls.forEach((k, n) -> assertThat(n.get()).as("loads of key " + k).isEqualTo(1));
      });
    }
  }
}
