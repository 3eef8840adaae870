package dev.ferrite.channel;

/**
 * The outcome of a timed receive ({@link Receiver#recv(java.time.Duration)}):
 * {@link Received}, {@link RecvTimedOut} or {@link RecvClosed}.
 *
 * @param <T> the message type
 */
public sealed interface RecvTimeoutResult<T> permits Received, RecvTimedOut, RecvClosed {}
