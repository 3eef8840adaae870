package dev.ferrite.channel;

/**
 * The outcome of a timed send ({@link Sender#send(Object, java.time.Duration)}):
 * {@link Sent}, {@link SendTimedOut} or {@link SendClosed}. A failed attempt hands the message
 * back.
 *
 * @param <T> the message type
 */
public sealed interface SendTimeoutResult<T> permits Sent, SendTimedOut, SendClosed {}
