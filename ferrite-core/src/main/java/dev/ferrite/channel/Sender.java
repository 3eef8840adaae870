package dev.ferrite.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The sending half of a {@link Channel}: one handle of possibly many. Handles are cheap, safe to
 * share between threads, and counted: {@link #clone()} adds one, {@link #close()} removes this
 * one. When the last sender handle closes, receivers drain what is buffered and then see the
 * channel closed.
 *
 * <h2>Forms of send</h2>
 * <table class="striped">
 *   <caption>Outcomes of each form</caption>
 *   <thead><tr><th>form</th><th>accepted</th><th>no room</th><th>timed out</th><th>closed</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link #send(Object)}</td><td>returns</td><td>blocks</td><td>&mdash;</td>
 *       <td>throws {@link ChannelClosedException} carrying the message</td></tr>
 *   <tr><td>{@link #trySend(Object)}</td><td>{@link Sent}</td><td>{@link Full}</td><td>&mdash;</td>
 *       <td>{@link SendClosed}</td></tr>
 *   <tr><td>{@link #send(Object, Duration)}, {@link #sendUntil(Object, Instant)}</td>
 *       <td>{@link Sent}</td><td>blocks</td><td>{@link SendTimedOut}</td><td>{@link SendClosed}</td></tr>
 *   </tbody>
 * </table>
 * A message that is not accepted is always handed back; an accepted message is delivered to
 * exactly one receive (unless every receiver closes first, see {@link Receiver#close()}).
 * Messages sent by one thread are received in the order sent.
 *
 * <h2>Blocking, interruption and close</h2>
 * Blocking forms first spin briefly (a hand-off often completes within microseconds) and then
 * park the thread; they never hold a monitor, so virtual threads do not pin. A send that can
 * complete at once does so whatever the interrupt status (as {@code ThreadPoolExecutor.execute}
 * does). If the thread's interrupt status is set when the send would have to wait, or is set while
 * it waits, the send throws {@link InterruptedException}, clears the status, and the message was
 * not sent. Closing the channel (last receiver closed)
 * wakes every blocked sender, which then fails with the closed outcome.
 *
 * <p>Memory consistency effects: actions in a thread before it sends a message
 * <i>happen-before</i> actions after the receive of that message in another thread.
 *
 * @param <T> the message type; messages are never null
 */
public final class Sender<T> extends Handle<T> implements AutoCloseable, Cloneable {
  Sender(Core<T> core) {
    super(core);
  }

  /**
   * Sends {@code message}, waiting for room (or, on a rendezvous channel, for a receiver to take
   * it).
   *
   * @param message the message, not null
   * @throws ChannelClosedException if the channel is closed; {@link ChannelClosedException#unsent()}
   *     returns the message
   * @throws InterruptedException if interrupted while waiting; the message was not sent
   * @throws IllegalStateException if this handle was closed
   */
  public void send(T message) throws InterruptedException {
    check(message);
    if (core.send(message, 0L, false) == Core.CLOSED) {
      throw new ChannelClosedException("channel closed: no receiver remains", message);
    }
  }

  /**
   * Sends {@code message} if that can be done at once, without waiting.
   *
   * @param message the message, not null
   * @return {@link Sent}; {@link Full} if there is no room (on a rendezvous channel: no receiver
   *     is waiting); {@link SendClosed} if the channel is closed
   * @throws IllegalStateException if this handle was closed
   */
  public TrySendResult<T> trySend(T message) {
    check(message);
    return switch (core.trySend(message)) {
      case Core.OK -> Sent.instance();
      case Core.FULL -> new Full<>(message);
      default -> new SendClosed<>(message);
    };
  }

  /**
   * Sends {@code message}, waiting at most {@code timeout} for room. A zero or negative timeout
   * behaves like {@link #trySend(Object)} except that "no room" is reported as
   * {@link SendTimedOut}.
   *
   * @param message the message, not null
   * @param timeout how long to wait at most
   * @return {@link Sent}, {@link SendTimedOut} or {@link SendClosed}
   * @throws InterruptedException if interrupted while waiting; the message was not sent
   * @throws IllegalStateException if this handle was closed
   */
  public SendTimeoutResult<T> send(T message, Duration timeout) throws InterruptedException {
    return sendNanos(message, Core.toNanos(timeout));
  }

  /**
   * Sends {@code message}, waiting for room until {@code deadline} at the latest. The deadline is
   * turned into a timeout once, on entry, by the system clock.
   *
   * @param message the message, not null
   * @param deadline when to give up
   * @return {@link Sent}, {@link SendTimedOut} or {@link SendClosed}
   * @throws InterruptedException if interrupted while waiting; the message was not sent
   * @throws IllegalStateException if this handle was closed
   */
  public SendTimeoutResult<T> sendUntil(T message, Instant deadline) throws InterruptedException {
    return sendNanos(message, Core.untilNanos(deadline));
  }

  private SendTimeoutResult<T> sendNanos(T message, long nanos) throws InterruptedException {
    check(message);
    return switch (core.send(message, nanos, true)) {
      case Core.OK -> Sent.instance();
      case Core.TIMEOUT -> new SendTimedOut<>(message);
      default -> new SendClosed<>(message);
    };
  }

  /**
   * {@return a new sender handle for the same channel} The channel stays open for receivers until
   * the new handle is closed too.
   *
   * @throws IllegalStateException if this handle was closed
   */
  @Override
  public Sender<T> clone() {
    ensureOpen();
    core.addSender();
    return new Sender<>(core);
  }

  /**
   * Closes this handle; idempotent. Closing the last sender handle closes the channel for
   * receiving: receivers take what is buffered, then see it closed, and every receiver blocked on
   * an empty channel wakes with the closed outcome. Blocked senders on other handles are not
   * affected (only the last handle's close closes the channel, and then none remain).
   */
  @Override
  public void close() {
    if (markClosed()) {
      core.removeSender();
    }
  }

  /** {@return true if the channel no longer accepts messages (every receiver or every sender closed)} */
  public boolean isClosed() {
    return core.isDisconnected();
  }

  private void check(T message) {
    Objects.requireNonNull(message, "message");
    ensureOpen();
  }
}
