package dev.ferrite.sync;

/**
 * Shared access to a lock's value while the lock is held: the handle returned by the guard forms
 * of {@link RwLock}. Close it (try-with-resources) to release the lock.
 *
 * <p>A guard belongs to the thread that acquired it: calling any method from another thread
 * throws {@link IllegalStateException} (a j.u.c. lock can only be released by its owner). After
 * {@link #close()} the value is out of reach: {@link #get()} throws
 * {@link IllegalStateException}. Closing is idempotent.
 *
 * <p>Java cannot stop a reference obtained from {@link #get()} from escaping the guard; a value
 * kept and used after close is not protected by the lock. Keep it inside the block.
 *
 * @param <T> the protected value's type
 */
public sealed interface ReadGuard<T> extends AutoCloseable permits WriteGuard, SharedGuard {
  /**
   * {@return the protected value}
   *
   * @throws IllegalStateException if the guard was closed or the caller is not its owner
   */
  T get();

  /** {@return whether this guard still holds the lock} Never throws. */
  boolean isHeld();

  /**
   * Releases the lock; does nothing if it was already released. The release
   * <i>happens-before</i> every later acquisition of the lock.
   *
   * @throws IllegalStateException if the caller is not the guard's owner (and it is still held)
   */
  @Override
  void close();
}
