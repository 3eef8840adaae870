package dev.ferrite.cache;

/**
 * A snapshot of a cache's statistics, taken by {@link ConcurrentCache#stats()}. All zero unless
 * the cache was built with {@link ConcurrentCache.Builder#recordStats()}. Counters are read one
 * at a time, so under concurrent use the snapshot is not atomic as a whole.
 *
 * @param hits lookups that found a live entry (including {@code get(key, loader)} calls that did
 *     not need to load)
 * @param misses lookups that found nothing (each {@code get(key, loader)} miss, whether it ran
 *     the loader or waited for another caller's load)
 * @param loads loads that produced a value
 * @param loadFailures loads that threw or returned null
 * @param evictions entries removed by the size bound or by expiry
 * @param totalLoadNanos time spent in loaders, successful or not
 */
public record CacheStats(
    long hits, long misses, long loads, long loadFailures, long evictions, long totalLoadNanos) {

  /** {@return hits / (hits + misses), or 1 when there were no lookups} */
  public double hitRatio() {
    long total = hits + misses;
    return total == 0 ? 1.0 : (double) hits / total;
  }

  /** {@return the mean time of a load in nanoseconds, or 0 if none ran} */
  public double averageLoadNanos() {
    long n = loads + loadFailures;
    return n == 0 ? 0.0 : (double) totalLoadNanos / n;
  }
}
