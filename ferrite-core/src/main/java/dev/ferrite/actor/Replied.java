package dev.ferrite.actor;

/**
 * The actor answered.
 *
 * @param value the reply
 * @param <R> the reply type
 */
public record Replied<R>(R value) implements AskResult<R> {}
