package dev.ferrite.cache;

/**
 * Hears of every entry that leaves a cache, with the reason.
 *
 * <p>The cache calls it on the thread whose operation caused the removal (the writer, or the
 * thread that ran the cache's maintenance for evictions and expirations), after the change is
 * visible and outside every lock of the cache, so a listener may call the cache. It should be
 * quick. An exception it throws is logged (System.Logger {@code dev.ferrite.cache}) and otherwise
 * ignored; the cache operation is not affected.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface RemovalListener<K, V> {
  /**
   * Called once per removed entry.
   *
   * @param key the entry's key
   * @param value the value that left the cache (for {@link RemovalCause#REPLACED}: the old one)
   * @param cause why
   */
  void onRemoval(K key, V value, RemovalCause cause);
}
