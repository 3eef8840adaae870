package dev.ferrite.sync;

/**
 * The outcome of a lock's try form (no waiting): {@link Locked} with the function's result (or
 * the guard), or {@link Busy} when the lock was held elsewhere. A {@code switch} over it is
 * exhaustive:
 *
 * <pre>{@code
 * switch (counter.tryLock(n -> ++n[0])) {
 *   case Locked<Integer>(Integer v) -> log("now " + v);
 *   case Busy<Integer> b -> log("busy, try later");
 * }
 * }</pre>
 *
 * @param <R> the result type
 */
public sealed interface TryLockResult<R> permits Locked, Busy {}
