package dev.ferrite.pool;

/** Thrown by the blocking {@link ResourcePool#acquire()} when the pool is, or becomes, shut down. */
public final class PoolClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception naming the pool.
   *
   * @param pool the name of the pool that is shut down (see {@link ResourcePool#name()})
   */
  public PoolClosedException(String pool) {
    super("resource pool " + pool + " is shut down");
  }
}
