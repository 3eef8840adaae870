package dev.ferrite.scope;

/**
 * A task returned a value; or, as a {@link JoinResult}, the scope's policy completed with a
 * result.
 *
 * @param value what the task returned (may be null), or the policy's result
 * @param <T> the value's type
 */
public record Success<T>(T value) implements Outcome<T>, JoinResult<T> {}
