package dev.ferrite.channel;

/**
 * The outcome of {@link Sender#trySend(Object)}: {@link Sent}, {@link Full} or
 * {@link SendClosed}. A failed attempt hands the message back, so nothing is lost.
 *
 * <pre>{@code
 * switch (tx.trySend(job)) {
 *   case Sent<Job> s -> {}
 *   case Full<Job>(Job j) -> backlog.add(j);
 *   case SendClosed<Job>(Job j) -> rejected(j);
 * }
 * }</pre>
 *
 * @param <T> the message type
 */
public sealed interface TrySendResult<T> permits Sent, Full, SendClosed {}
