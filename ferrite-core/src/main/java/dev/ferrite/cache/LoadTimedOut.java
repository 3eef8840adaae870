package dev.ferrite.cache;

/**
 * The load did not finish within the timeout. It goes on in the background; when it succeeds its
 * value is cached, so a later call may find it.
 *
 * @param <V> the value type
 */
public record LoadTimedOut<V>() implements LoadResult<V> {}
