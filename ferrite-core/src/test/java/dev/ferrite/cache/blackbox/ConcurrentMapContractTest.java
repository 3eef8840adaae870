package dev.ferrite.cache.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.cache.ConcurrentCache;
import dev.ferrite.test.Seeds;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link ConcurrentMap} contract of {@code asMap()}, for an unbounded cache, a bounded one
 * (never full here) and an expiring one (never expiring here): each check is also run against
 * {@link HashMap} semantics in a seeded random differential test.
 */
class ConcurrentMapContractTest {
  record Flavour(String name, Supplier<ConcurrentMap<String, Integer>> make) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Flavour> flavours() {
    return Stream.of(
        new Flavour("unbounded", () -> ConcurrentCache.<String, Integer>unbounded().asMap()),
        new Flavour(
            "bounded",
            () -> ConcurrentCache.<String, Integer>builder().maximumSize(10_000).build().asMap()),
        new Flavour(
            "expiring",
            () ->
                ConcurrentCache.<String, Integer>builder()
                    .expireAfterAccess(Duration.ofDays(1))
                    .expireAfterWrite(Duration.ofDays(1))
                    .build()
                    .asMap()));
  }

  @ParameterizedTest
  @MethodSource("flavours")
  void atomicConditionalOperations(Flavour f) {
    ConcurrentMap<String, Integer> m = f.make().get();
    assertThat(m.putIfAbsent("a", 1)).isNull();
    assertThat(m.putIfAbsent("a", 2)).isEqualTo(1);
    assertThat(m.replace("a", 3)).isEqualTo(1);
    assertThat(m.replace("b", 3)).isNull();
    assertThat(m.containsKey("b")).isFalse();
    assertThat(m.replace("a", 9, 4)).isFalse();
    assertThat(m.replace("a", 3, 4)).isTrue();
    assertThat(m.remove("a", 3)).isFalse();
    assertThat(m.remove("a", null)).isFalse();
    assertThat(m.remove("a", 4)).isTrue();
    assertThat(m).isEmpty();
    assertThat(m.getOrDefault("a", 7)).isEqualTo(7);
  }

  @ParameterizedTest
  @MethodSource("flavours")
  void computeFamily(Flavour f) {
    ConcurrentMap<String, Integer> m = f.make().get();
    assertThat(m.computeIfAbsent("a", k -> 1)).isEqualTo(1);
    assertThat(m.computeIfAbsent("a", k -> 2)).isEqualTo(1);
    assertThat(m.computeIfAbsent("n", k -> null)).isNull();
    assertThat(m.containsKey("n")).isFalse();
    assertThat(m.computeIfPresent("a", (k, v) -> v + 10)).isEqualTo(11);
    assertThat(m.computeIfPresent("zz", (k, v) -> 1)).isNull();
    assertThat(m.containsKey("zz")).isFalse();
    assertThat(m.computeIfPresent("a", (k, v) -> null)).isNull();
    assertThat(m.containsKey("a")).isFalse();
    assertThat(m.compute("b", (k, v) -> v == null ? 1 : v + 1)).isEqualTo(1);
    assertThat(m.compute("b", (k, v) -> v == null ? 1 : v + 1)).isEqualTo(2);
    assertThat(m.compute("b", (k, v) -> null)).isNull();
    assertThat(m.compute("c", (k, v) -> null)).isNull();
    assertThat(m).isEmpty();
    assertThat(m.merge("d", 1, Integer::sum)).isEqualTo(1);
    assertThat(m.merge("d", 5, Integer::sum)).isEqualTo(6);
    assertThat(m.merge("d", 5, (a, b) -> null)).isNull();
    assertThat(m).isEmpty();
    m.put("x", 1);
    assertThatThrownBy(() -> m.compute("x", (k, v) -> { throw new ArithmeticException(); }))
        .isInstanceOf(ArithmeticException.class);
    assertThat(m.get("x")).isEqualTo(1); // a failing function leaves the mapping unchanged
    m.replaceAll((k, v) -> v * 100);
    assertThat(m).containsExactly(Map.entry("x", 100));
  }

  @ParameterizedTest
  @MethodSource("flavours")
  void nullsAreRejected(Flavour f) {
    ConcurrentMap<String, Integer> m = f.make().get();
    assertThatThrownBy(() -> m.put(null, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> m.put("a", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> m.get(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> m.containsKey(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> m.containsValue(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> m.remove(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> m.putIfAbsent("a", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> m.replace("a", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> m.replace("a", 1, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> m.merge("a", null, Integer::sum))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> m.compute("a", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> m.computeIfAbsent(null, k -> 1))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> m.putAll(new HashMap<>(java.util.Collections.singletonMap("a", null))))
        .isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @MethodSource("flavours")
  void viewsWriteThroughAndEqualityFollowsMap(Flavour f) {
    ConcurrentMap<String, Integer> m = f.make().get();
    Map<String, Integer> expected = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      m.put("k" + i, i);
      expected.put("k" + i, i);
    }
    assertThat(m).isEqualTo(expected);
    assertThat(expected).isEqualTo(m);
    assertThat(m.hashCode()).isEqualTo(expected.hashCode());
    assertThat(m.entrySet()).isEqualTo(expected.entrySet());
    assertThat(m.keySet()).isEqualTo(expected.keySet());
    assertThat(m.keySet().hashCode()).isEqualTo(expected.keySet().hashCode());
    assertThat(m.values()).containsExactlyInAnyOrderElementsOf(expected.values());
    assertThat(m.toString()).startsWith("{").endsWith("}");

    assertThat(m.keySet().remove("k0")).isTrue();
    assertThat(m.keySet().remove("k0")).isFalse();
    assertThat(m.values().remove(1)).isTrue();
    assertThat(m.containsKey("k1")).isFalse();
    assertThat(m.entrySet().remove(new AbstractMap.SimpleEntry<>("k2", 99))).isFalse();
    assertThat(m.entrySet().remove(new AbstractMap.SimpleEntry<>("k2", 2))).isTrue();
    assertThat(m.entrySet().contains(Map.entry("k3", 3))).isTrue();
    assertThat(m.entrySet().contains(Map.entry("k3", 4))).isFalse();
    assertThat(m.containsValue(3)).isTrue();
    assertThat(m.containsValue(2)).isFalse();

    for (Map.Entry<String, Integer> e : m.entrySet()) {
      if (e.getKey().equals("k3")) {
        assertThat(e.setValue(33)).isEqualTo(3);
        assertThat(e.getValue()).isEqualTo(33);
      }
    }
    assertThat(m.get("k3")).isEqualTo(33);

    Iterator<String> it = m.keySet().iterator();
    assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
    while (it.hasNext()) {
      if (it.next().equals("k4")) {
        it.remove();
        assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
      }
    }
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    assertThat(m.containsKey("k4")).isFalse();
    assertThat(m.size()).isEqualTo(16);

    m.keySet().removeIf(k -> k.endsWith("5"));
    m.values().removeIf(v -> v == 6);
    m.entrySet().removeIf(e -> e.getValue() == 7);
    assertThat(m.keySet()).doesNotContain("k5", "k15", "k6", "k7");
    m.keySet().retainAll(List.of("k8", "k9"));
    assertThat(m.keySet()).containsExactlyInAnyOrder("k8", "k9");
    assertThat(m.keySet().toArray()).hasSize(2);
    assertThat(m.values().toArray(new Integer[0])).containsExactlyInAnyOrder(8, 9);
    m.values().clear();
    assertThat(m).isEmpty();
    assertThat(m.keySet()).isEmpty();
    m.put("a", 1);
    m.entrySet().clear();
    assertThat(m.isEmpty()).isTrue();
    assertThat(m).isEqualTo(Map.of());
  }

  @ParameterizedTest
  @MethodSource("flavours")
  void differentialAgainstHashMap(Flavour f) {
    for (long seed : Seeds.seeds(20)) {
      Seeds.run(seed, random -> randomRun(f.make().get(), random));
    }
  }

  private static void randomRun(ConcurrentMap<String, Integer> m, SplittableRandom r) {
    Map<String, Integer> e = new HashMap<>();
    for (int i = 0; i < 500; i++) {
      String k = "k" + r.nextInt(8);
      int v = r.nextInt(4);
      switch (r.nextInt(12)) {
        case 0 -> assertThat(m.put(k, v)).isEqualTo(e.put(k, v));
        case 1 -> assertThat(m.putIfAbsent(k, v)).isEqualTo(e.putIfAbsent(k, v));
        case 2 -> assertThat(m.remove(k)).isEqualTo(e.remove(k));
        case 3 -> assertThat(m.remove(k, v)).isEqualTo(e.remove(k, v));
        case 4 -> assertThat(m.replace(k, v)).isEqualTo(e.replace(k, v));
        case 5 -> assertThat(m.replace(k, v, v + 1)).isEqualTo(e.replace(k, v, v + 1));
        case 6 -> {
          java.util.function.BiFunction<String, Integer, Integer> fn =
              (kk, old) -> old == null ? Integer.valueOf(v) : (old + v) % 3 == 0 ? null : old + v;
          assertThat(m.compute(k, fn)).isEqualTo(e.compute(k, fn));
        }
        case 7 -> assertThat(m.computeIfAbsent(k, kk -> v == 0 ? null : v))
            .isEqualTo(e.computeIfAbsent(k, kk -> v == 0 ? null : v));
        case 8 -> {
          java.util.function.BiFunction<String, Integer, Integer> fn =
              (kk, old) -> v == 0 ? null : Integer.valueOf(old * v);
          assertThat(m.computeIfPresent(k, fn)).isEqualTo(e.computeIfPresent(k, fn));
        }
        case 9 -> {
          java.util.function.BiFunction<Integer, Integer, Integer> fn =
              (a, b) -> a + b > 5 ? null : Integer.valueOf(a + b);
          assertThat(m.merge(k, v, fn)).isEqualTo(e.merge(k, v, fn));
        }
        case 10 -> assertThat(m.get(k)).isEqualTo(e.get(k));
        default -> assertThat(m.containsKey(k)).isEqualTo(e.containsKey(k));
      }
      assertThat(m.size()).isEqualTo(e.size());
    }
    assertThat(m).isEqualTo(e);
  }
}
