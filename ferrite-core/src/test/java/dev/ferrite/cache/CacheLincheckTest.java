package dev.ferrite.cache;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the cache's per-key operations (the article's get / insert / remove and the
 * {@code ConcurrentMap} atomic operations), checked by Lincheck against a {@link HashMap}. Two
 * caches: unbounded (no policy) and bounded with room for every key (so the policy's buffers,
 * drains and locks run, but nothing is evicted, which keeps the model deterministic). Keys are
 * 1..3, values 1..3.
 *
 * <p>{@code size()} is left out: like {@code ConcurrentHashMap.size()}, it is an estimate under
 * concurrent writes.
 */
class CacheLincheckTest {
  static final int SCALE = Integer.getInteger("ferrite.lincheck.scale", 1);

  static <O extends Options<O, ?>> O shape(O o) {
    return o.threads(3)
        .actorsPerThread(2)
        .actorsBefore(2)
        .actorsAfter(1)
        .sequentialSpecification(Model.class);
  }

  @Param(name = "key", gen = IntGen.class, conf = "1:3")
  @Param(name = "value", gen = IntGen.class, conf = "1:3")
  public abstract static class Ops {
    final ConcurrentCache<Integer, Integer> cache;
    final ConcurrentMap<Integer, Integer> map;

    Ops(ConcurrentCache<Integer, Integer> cache) {
      this.cache = cache;
      this.map = cache.asMap();
    }

    @Operation(params = {"key"})
    public Integer get(int k) {
      return cache.get(k);
    }

    @Operation(params = {"key", "value"})
    public Integer insert(int k, int v) {
      return cache.insert(k, v);
    }

    @Operation(params = {"key"})
    public Integer remove(int k) {
      return cache.remove(k);
    }

    @Operation(params = {"key", "value"})
    public Integer putIfAbsent(int k, int v) {
      return map.putIfAbsent(k, v);
    }

    @Operation(params = {"key", "value"})
    public boolean replaceIfEquals(int k, int v) {
      return map.replace(k, v, v + 1);
    }

    @Operation(params = {"key", "value"})
    public boolean removeIfEquals(int k, int v) {
      return map.remove(k, v);
    }

    @Operation(params = {"key", "value"})
    public Integer merge(int k, int v) {
      return map.merge(k, v, (a, b) -> a + b > 5 ? null : a + b);
    }

    @Operation(params = {"key"})
    public boolean containsKey(int k) {
      return map.containsKey(k);
    }
  }

  public static class Unbounded extends Ops {
    public Unbounded() {
      super(ConcurrentCache.unbounded());
    }
  }

  public static class Bounded extends Ops {
    public Bounded() {
      super(ConcurrentCache.<Integer, Integer>builder().maximumSize(100).build());
    }
  }

  public static class Model {
    private final Map<Integer, Integer> m = new HashMap<>();

    public Integer get(int k) {
      return m.get(k);
    }

    public Integer insert(int k, int v) {
      return m.put(k, v);
    }

    public Integer remove(int k) {
      return m.remove(k);
    }

    public Integer putIfAbsent(int k, int v) {
      return m.putIfAbsent(k, v);
    }

    public boolean replaceIfEquals(int k, int v) {
      return m.replace(k, v, v + 1);
    }

    public boolean removeIfEquals(int k, int v) {
      return m.remove(k, v);
    }

    public Integer merge(int k, int v) {
      return m.merge(k, v, (a, b) -> a + b > 5 ? null : a + b);
    }

    public boolean containsKey(int k) {
      return m.containsKey(k);
    }
  }

  static ModelCheckingOptions mc() {
    return shape(new ModelCheckingOptions()).iterations(4 * SCALE).invocationsPerIteration(40);
  }

  static StressOptions stress() {
    return shape(new StressOptions()).iterations(3 * SCALE).invocationsPerIteration(300);
  }

  @Test
  void unboundedModelChecking() {
    mc().check(Unbounded.class);
  }

  @Test
  void unboundedStress() {
    stress().check(Unbounded.class);
  }

  @Test
  void boundedModelChecking() {
    mc().check(Bounded.class);
  }

  @Test
  void boundedStress() {
    stress().check(Bounded.class);
  }
}
