package dev.ferrite.cache.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.cache.CacheStats;
import dev.ferrite.cache.ConcurrentCache;
import dev.ferrite.cache.RemovalCause;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The article's operations, the bound, expiry, the listener and statistics, single-threaded. */
class CacheTest {
  @Test
  void articleOperations() {
    ConcurrentCache<String, Integer> c = ConcurrentCache.unbounded();
    assertThat(c.get("a")).isNull();
    assertThat(c.insert("a", 1)).isNull();
    assertThat(c.insert("a", 2)).isEqualTo(1);
    assertThat(c.get("a")).isEqualTo(2);
    assertThat(c.size()).isEqualTo(1);
    assertThat(c.remove("a")).isEqualTo(2);
    assertThat(c.remove("a")).isNull();
    assertThat(c.get("a")).isNull();
    assertThatThrownBy(() -> c.get(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> c.insert("a", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> c.insert(null, 1)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void listenerHearsReplacedAndRemoved() {
    Removals<String, Integer> r = new Removals<>();
    ConcurrentCache<String, Integer> c =
        ConcurrentCache.<String, Integer>builder().removalListener(r).build();
    c.insert("a", 1);
    c.insert("a", 2);
    c.remove("a");
    c.insert("b", 3);
    c.clear();
    assertThat(r.all())
        .containsExactly(
            new Removals.Event<>("a", 1, RemovalCause.REPLACED),
            new Removals.Event<>("a", 2, RemovalCause.REMOVED),
            new Removals.Event<>("b", 3, RemovalCause.REMOVED));
    assertThat(c.size()).isZero();
  }

  @Test
  void sizeBoundEvictsWithCause() {
    Removals<Integer, Integer> r = new Removals<>();
    ConcurrentCache<Integer, Integer> c =
        ConcurrentCache.<Integer, Integer>builder()
            .maximumSize(10)
            .removalListener(r)
            .recordStats()
            .build();
    for (int i = 0; i < 100; i++) {
      c.insert(i, i);
      assertThat(c.size()).as("single writer: bound after each write").isLessThanOrEqualTo(10);
    }
    c.cleanUp();
    assertThat(c.size()).isEqualTo(10);
    assertThat(r.count(RemovalCause.EVICTED)).isEqualTo(90);
    assertThat(c.stats().evictions()).isEqualTo(90);
    Set<Integer> evicted = new HashSet<>();
    r.events.forEach(e -> evicted.add(e.key()));
    assertThat(evicted).hasSize(90);
    for (int k : c.asMap().keySet()) {
      assertThat(evicted).doesNotContain(k);
    }
  }

  @Test
  void frequentEntriesSurviveAScan() {
    ConcurrentCache<Integer, Integer> c =
        ConcurrentCache.<Integer, Integer>builder().maximumSize(100).build();
    for (int round = 0; round < 20; round++) {
      for (int k = 0; k < 50; k++) { // the hot set, read often
        if (c.get(k) == null) {
          c.insert(k, k);
        }
      }
    }
    for (int k = 1_000; k < 11_000; k++) { // a long scan of one-hit wonders
      if (c.get(k) == null) {
        c.insert(k, k);
      }
    }
    c.cleanUp();
    int hot = 0;
    for (int k = 0; k < 50; k++) {
      hot += c.asMap().containsKey(k) ? 1 : 0;
    }
    assertThat(hot).as("hot entries kept by TinyLFU admission").isGreaterThanOrEqualTo(45);
  }

  @Test
  void weightBound() {
    Removals<String, String> r = new Removals<>();
    ConcurrentCache<String, String> c =
        ConcurrentCache.<String, String>builder()
            .maximumWeight(100, (k, v) -> v.length())
            .removalListener(r)
            .build();
    for (int i = 0; i < 50; i++) {
      c.insert("k" + i, "x".repeat(1 + i % 10));
    }
    c.insert("big", "y".repeat(101)); // heavier than the bound: evicted at once
    c.cleanUp();
    int total = c.asMap().values().stream().mapToInt(String::length).sum();
    assertThat(total).isLessThanOrEqualTo(100);
    assertThat(c.get("big")).isNull();
    assertThat(r.count(RemovalCause.EVICTED)).isPositive();
    assertThatThrownBy(
            () ->
                ConcurrentCache.<String, String>builder()
                    .maximumWeight(10, (k, v) -> -1)
                    .build()
                    .insert("a", "b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void zeroBoundKeepsNothing() {
    ConcurrentCache<Integer, Integer> c =
        ConcurrentCache.<Integer, Integer>builder().maximumSize(0).build();
    c.insert(1, 1);
    c.cleanUp();
    assertThat(c.size()).isZero();
  }

  @Test
  void expireAfterWrite() {
    FakeTicker t = new FakeTicker();
    Removals<String, Integer> r = new Removals<>();
    ConcurrentCache<String, Integer> c =
        ConcurrentCache.<String, Integer>builder()
            .expireAfterWrite(Duration.ofSeconds(10))
            .ticker(t)
            .removalListener(r)
            .build();
    c.insert("a", 1);
    t.advance(Duration.ofSeconds(6));
    c.insert("b", 2);
    assertThat(c.get("a")).isEqualTo(1); // reads do not extend a write TTL
    t.advance(Duration.ofSeconds(4));
    assertThat(c.get("a")).isNull();
    assertThat(c.asMap().containsKey("a")).isFalse();
    assertThat(c.get("b")).isEqualTo(2);
    c.cleanUp();
    assertThat(r.all()).containsExactly(new Removals.Event<>("a", 1, RemovalCause.EXPIRED));
    assertThat(c.size()).isEqualTo(1);
    t.advance(Duration.ofSeconds(6));
    c.cleanUp();
    assertThat(c.size()).isZero();
    assertThat(r.count(RemovalCause.EXPIRED)).isEqualTo(2);
  }

  @Test
  void expireAfterAccess() {
    FakeTicker t = new FakeTicker();
    Removals<String, Integer> r = new Removals<>();
    ConcurrentCache<String, Integer> c =
        ConcurrentCache.<String, Integer>builder()
            .maximumSize(100)
            .expireAfterAccess(Duration.ofSeconds(10))
            .ticker(t)
            .removalListener(r)
            .build();
    c.insert("a", 1);
    c.insert("b", 2);
    for (int i = 0; i < 5; i++) {
      t.advance(Duration.ofSeconds(5));
      assertThat(c.get("a")).isEqualTo(1); // kept alive by reads
    }
    assertThat(c.get("b")).isNull();
    c.cleanUp();
    assertThat(r.all()).containsExactly(new Removals.Event<>("b", 2, RemovalCause.EXPIRED));
    t.advance(Duration.ofSeconds(10));
    c.cleanUp();
    assertThat(c.size()).isZero();
  }

  @Test
  void writingOverAnExpiredEntryReportsExpired() {
    FakeTicker t = new FakeTicker();
    Removals<String, Integer> r = new Removals<>();
    ConcurrentCache<String, Integer> c =
        ConcurrentCache.<String, Integer>builder()
            .expireAfterWrite(Duration.ofSeconds(1))
            .ticker(t)
            .removalListener(r)
            .build();
    c.insert("a", 1);
    t.advance(Duration.ofSeconds(2));
    assertThat(c.insert("a", 2)).isNull(); // the expired value is not "previous"
    assertThat(c.asMap().putIfAbsent("b", 1)).isNull();
    assertThat(r.all()).containsExactly(new Removals.Event<>("a", 1, RemovalCause.EXPIRED));
    assertThat(c.get("a")).isEqualTo(2);
  }

  @Test
  void statistics() throws Exception {
    ConcurrentCache<String, Integer> c =
        ConcurrentCache.<String, Integer>builder().recordStats().build();
    c.get("a");
    c.insert("a", 1);
    c.get("a");
    c.get("b", k -> 2);
    assertThatThrownBy(() -> c.get("c", k -> { throw new IllegalStateException("down"); }))
        .hasRootCauseMessage("down");
    CacheStats s = c.stats();
    assertThat(s.hits()).isEqualTo(1);
    assertThat(s.misses()).isEqualTo(3);
    assertThat(s.loads()).isEqualTo(1);
    assertThat(s.loadFailures()).isEqualTo(1);
    assertThat(s.totalLoadNanos()).isPositive();
    assertThat(s.hitRatio()).isEqualTo(0.25);
    assertThat(ConcurrentCache.unbounded().stats()).isEqualTo(new CacheStats(0, 0, 0, 0, 0, 0));
  }

  @Test
  void listenerFailureDoesNotBreakTheCache() {
    ConcurrentCache<String, Integer> c =
        ConcurrentCache.<String, Integer>builder()
            .removalListener((k, v, why) -> { throw new IllegalStateException("listener"); })
            .build();
    c.insert("a", 1);
    assertThat(c.remove("a")).isEqualTo(1);
    assertThat(c.size()).isZero();
  }

  @Test
  void builderValidation() {
    assertThatThrownBy(() -> ConcurrentCache.builder().maximumSize(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConcurrentCache.builder().maximumSize(1).maximumSize(2))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ConcurrentCache.builder().expireAfterWrite(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConcurrentCache.builder().loadTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
