package dev.ferrite.pool;

/**
 * The outcome of {@link ResourcePool#tryAcquire()}: {@link Acquired}, {@link Exhausted} (no idle
 * resource right now) or {@link Closed}.
 *
 * @param <T> the resource type
 */
public sealed interface TryAcquireResult<T> permits Acquired, Exhausted, Closed {}
