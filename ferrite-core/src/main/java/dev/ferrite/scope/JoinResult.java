package dev.ferrite.scope;

/**
 * How a whole {@link Scope} ended, as {@link Scope#await()} returns it: {@link Success} (the
 * policy's result), {@link Failure} (the policy failed: a task failed under fail-fast, or every
 * task failed under first-success), {@link TimedOut} (the scope's deadline passed first) or
 * {@link Cancelled} (the scope was cancelled: {@link Scope#cancel()}, or its owner was
 * interrupted). {@link Scope#join()} returns the first and throws for the others.
 *
 * <pre>{@code
 * switch (scope.await()) {
 *   case Success<Integer>(Integer index) -> show(index);
 *   case Failure<Integer>(Throwable e) -> log.warn("search failed", e.getCause());
 *   case TimedOut<Integer> t -> show("gave up after 2 s");
 *   case Cancelled<Integer> c -> show("stopped");
 * }
 * }</pre>
 *
 * @param <R> the policy's result type
 */
public sealed interface JoinResult<R> permits Success, Failure, TimedOut, Cancelled {}
