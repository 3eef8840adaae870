package dev.ferrite.sync;

/**
 * A timed form waited the whole timeout without acquiring the lock. Nothing ran.
 *
 * @param <R> the result type the function would have had
 */
public record LockTimedOut<R>() implements TimedLockResult<R> {}
