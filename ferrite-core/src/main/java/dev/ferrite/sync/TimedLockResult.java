package dev.ferrite.sync;

/**
 * The outcome of a lock's timed form: {@link Locked} with the function's result (or the guard),
 * or {@link LockTimedOut} when the lock could not be acquired before the timeout. Interruption
 * while waiting is reported by {@link InterruptedException}, not by a value.
 *
 * @param <R> the result type
 */
public sealed interface TimedLockResult<R> permits Locked, LockTimedOut {}
