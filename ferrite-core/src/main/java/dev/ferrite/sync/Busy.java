package dev.ferrite.sync;

/**
 * A try form found the lock held (in a conflicting mode) and did not wait. Nothing ran.
 *
 * @param <R> the result type the function would have had
 */
public record Busy<R>() implements TryLockResult<R> {}
