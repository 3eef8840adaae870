package dev.ferrite.pool;

/**
 * No idle resource was available: at some instant during the {@link ResourcePool#tryAcquire()}
 * call, every resource of the pool was leased, being created or being retired. If the pool was
 * below its maximum size, creating a resource has been started in the background; a later call
 * may succeed.
 *
 * @param <T> the resource type
 */
public record Exhausted<T>() implements TryAcquireResult<T> {
  private static final Exhausted<?> INSTANCE = new Exhausted<>();

  /** {@return the shared instance} */
  @SuppressWarnings("unchecked")
  public static <T> Exhausted<T> instance() {
    return (Exhausted<T>) INSTANCE;
  }
}
