package dev.ferrite.sync;

/**
 * Exclusive access to a lock's value while the lock is held: returned by {@link Mutex#lock()}
 * and {@link RwLock#writeLock()}. Besides reading and mutating the value, the holder may replace
 * it with {@link #set(Object)}. All rules of {@link ReadGuard} apply.
 *
 * <pre>{@code
 * try (WriteGuard<List<String>> g = names.lock()) {
 *   g.get().add("ferrite");
 * }
 * }</pre>
 *
 * @param <T> the protected value's type
 */
public sealed interface WriteGuard<T> extends ReadGuard<T> permits Guard {
  /**
   * Replaces the protected value.
   *
   * @param value the new value (may be null if the lock was created with a null value in mind)
   * @throws IllegalStateException if the guard was closed or the caller is not its owner
   */
  void set(T value);
}
