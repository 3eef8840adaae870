package dev.ferrite.pool;

/**
 * Creates, checks and destroys the resources of a {@link ResourcePool}: the user's side of the
 * pool.
 *
 * <p>The pool calls every method from its own background threads or from the thread that
 * acquires or releases a lease, never while it holds a lock, and never for one resource from two
 * threads at once. Each method may block (a network round trip); a {@code create} that stalls
 * delays only the acquirers waiting for that resource, within their timeouts.
 *
 * @param <T> the resource type
 */
public interface ResourceFactory<T> {
  /**
   * Creates a resource. A thrown exception (or a null result) is a creation failure: the pool
   * counts it, hands it to the acquirers waiting for a new resource, and retries with back-off
   * (see {@link ResourcePool}).
   *
   * @return a new resource, never null
   * @throws Exception if the resource cannot be created
   */
  T create() throws Exception;

  /**
   * Checks that {@code resource} is still usable; called when the pool is configured to validate
   * on acquire or on release. The default accepts every resource. Returning false or throwing
   * makes the pool destroy the resource.
   *
   * @param resource a resource this factory created, leased to nobody during the call
   * @return true if the resource may be used
   * @throws Exception treated like false
   */
  default boolean validate(T resource) throws Exception {
    return true;
  }

  /**
   * Destroys a resource the pool retires (broken, invalid, expired, idle too long, or the pool
   * shut down). Called exactly once per created resource, on a background thread. What it
   * throws is counted ({@link PoolMetrics#destroyFailures()}) and otherwise ignored.
   *
   * @param resource the resource, leased to nobody
   * @throws Exception if destruction failed; the resource is forgotten anyway
   */
  default void destroy(T resource) throws Exception {}
}
