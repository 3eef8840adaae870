package dev.ferrite.pool;

/**
 * The outcome of a timed acquire ({@link ResourcePool#acquire(java.time.Duration)}):
 * {@link Acquired}, {@link TimedOut}, {@link Closed} or {@link CreationFailed}. A {@code switch}
 * over it is exhaustive:
 *
 * <pre>{@code
 * switch (pool.acquire(Duration.ofMillis(250))) {
 *   case Acquired<Connection>(Lease<Connection> lease) -> {
 *     try (lease) { query(lease.get()); }
 *   }
 *   case TimedOut<Connection> t -> reply503();
 *   case CreationFailed<Connection>(Throwable cause) -> log.warn("database down", cause);
 *   case Closed<Connection> c -> shutdownInProgress();
 * }
 * }</pre>
 *
 * @param <T> the resource type
 */
public sealed interface AcquireResult<T> permits Acquired, TimedOut, Closed, CreationFailed {}
