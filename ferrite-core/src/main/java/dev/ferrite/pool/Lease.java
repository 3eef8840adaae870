package dev.ferrite.pool;

/**
 * The right to use one resource of a {@link ResourcePool} until the lease is released: Rust's
 * guard object, returned with try-with-resources.
 *
 * <pre>{@code
 * try (Lease<Connection> lease = pool.acquire()) {
 *   query(lease.get());
 * }                                    // the connection goes back to the pool
 * }</pre>
 *
 * <p>A lease belongs to one thread at a time (hand it to another thread with a happens-before
 * edge, as for any unsynchronized object). Releasing is idempotent: after the first of
 * {@link #close()}, {@link #release()} or {@link #releaseBroken()} the others do nothing, and
 * {@link #get()} throws.
 *
 * <p>Memory consistency effects: actions of a thread before it releases a lease
 * <i>happen-before</i> the actions of the thread that acquires the same resource next.
 *
 * @param <T> the resource type
 */
public sealed interface Lease<T> extends AutoCloseable permits PoolLease {
  /**
   * {@return the leased resource}
   *
   * @throws IllegalStateException if the lease has been released
   */
  T get();

  /**
   * Returns the resource to the pool (validating it first if the pool validates on release).
   * If the pool has shut down, the resource is destroyed instead. Does nothing if the lease was
   * released already. Never blocks on other threads and never throws.
   */
  void release();

  /**
   * Returns the resource as broken: the pool destroys it (in the background) and creates a
   * replacement when one is needed. Does nothing if the lease was released already.
   */
  void releaseBroken();

  /** {@return true once the lease has been released} */
  boolean isReleased();

  /** Same as {@link #release()}. */
  @Override
  void close();
}
