package dev.ferrite.channel;

/**
 * The outcome of {@link Receiver#tryRecv()}: {@link Received}, {@link Empty} or
 * {@link RecvClosed}.
 *
 * <pre>{@code
 * switch (rx.tryRecv()) {
 *   case Received<Event>(Event e) -> handle(e);
 *   case Empty<Event> e -> doOtherWork();
 *   case RecvClosed<Event> c -> finish();
 * }
 * }</pre>
 *
 * @param <T> the message type
 */
public sealed interface TryRecvResult<T> permits Received, Empty, RecvClosed {}
