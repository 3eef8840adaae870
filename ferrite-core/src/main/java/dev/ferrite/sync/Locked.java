package dev.ferrite.sync;

/**
 * The lock was acquired: {@code value} is what the function returned while the lock was held
 * (the lock has been released since), or the guard of a guard-returning form (the lock is held
 * until the guard is closed).
 *
 * @param value the function's result (may be null) or the guard
 * @param <R> the result type
 */
public record Locked<R>(R value) implements TryLockResult<R>, TimedLockResult<R> {}
