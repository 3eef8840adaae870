package dev.ferrite.pool;

/**
 * Thrown by the blocking {@link ResourcePool#acquire()} when the caller needed a new resource and
 * the factory failed (see {@link CreationFailed}); the factory's exception is the cause.
 */
public final class ResourceCreationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for pool {@code pool} with the factory's {@code cause}.
   *
   * @param pool the name of the pool whose factory failed (see {@link ResourcePool#name()})
   * @param cause what the factory threw; the exception's cause, also named in its message
   */
  public ResourceCreationException(String pool, Throwable cause) {
    super("resource pool " + pool + " could not create a resource: " + cause, cause);
  }
}
