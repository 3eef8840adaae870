package dev.ferrite.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ferrite.cache.ConcurrentCache;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** The caches {@link CacheBench} compares, behind one interface. */
interface CacheAdapter {
  /** Every {@code impl} name {@link #create} accepts. */
  String[] IMPLS = {"ferrite", "rwLockHashMap", "ConcurrentHashMap", "caffeine"};

  Integer get(Integer key);

  void put(Integer key, Integer value);

  /**
   * Creates the named cache. The bounded ones ({@code ferrite}, {@code caffeine}) get
   * {@code maximumSize}; {@code rwLockHashMap} (the Rust article's design: a HashMap behind a
   * readers-writer lock) and {@code ConcurrentHashMap} are unbounded, which only flatters them.
   */
  static CacheAdapter create(String impl, int maximumSize) {
    return switch (impl) {
      case "ferrite" -> {
        ConcurrentCache<Integer, Integer> c =
            ConcurrentCache.<Integer, Integer>builder()
                .maximumSize(maximumSize)
                .initialCapacity(maximumSize)
                .build();
        yield new CacheAdapter() {
          @Override
          public Integer get(Integer key) {
            return c.get(key);
          }

          @Override
          public void put(Integer key, Integer value) {
            c.insert(key, value);
          }
        };
      }
      case "caffeine" -> {
        Cache<Integer, Integer> c =
            Caffeine.newBuilder().maximumSize(maximumSize).initialCapacity(maximumSize).build();
        yield new CacheAdapter() {
          @Override
          public Integer get(Integer key) {
            return c.getIfPresent(key);
          }

          @Override
          public void put(Integer key, Integer value) {
            c.put(key, value);
          }
        };
      }
      case "ConcurrentHashMap" -> {
        ConcurrentHashMap<Integer, Integer> m = new ConcurrentHashMap<>(maximumSize);
        yield new CacheAdapter() {
          @Override
          public Integer get(Integer key) {
            return m.get(key);
          }

          @Override
          public void put(Integer key, Integer value) {
            m.put(key, value);
          }
        };
      }
      case "rwLockHashMap" -> {
        Map<Integer, Integer> m = new HashMap<>(maximumSize * 2);
        ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        yield new CacheAdapter() {
          @Override
          public Integer get(Integer key) {
            lock.readLock().lock();
            try {
              return m.get(key);
            } finally {
              lock.readLock().unlock();
            }
          }

          @Override
          public void put(Integer key, Integer value) {
            lock.writeLock().lock();
            try {
              m.put(key, value);
            } finally {
              lock.writeLock().unlock();
            }
          }
        };
      }
      default -> throw new IllegalArgumentException("unknown impl " + impl);
    };
  }
}
