package dev.ferrite.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The receiving half of a {@link Channel}: one handle of possibly many. Handles are safe to share
 * between threads and counted: {@link #clone()} adds one, {@link #close()} removes this one. Each
 * message goes to exactly one receive, whichever handle it is made on.
 *
 * <h2>Forms of receive</h2>
 * <table class="striped">
 *   <caption>Outcomes of each form</caption>
 *   <thead><tr><th>form</th><th>message</th><th>none ready</th><th>timed out</th><th>closed and drained</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link #recv()}</td><td>returns it</td><td>blocks</td><td>&mdash;</td>
 *       <td>throws {@link ChannelClosedException}</td></tr>
 *   <tr><td>{@link #tryRecv()}</td><td>{@link Received}</td><td>{@link Empty}</td><td>&mdash;</td>
 *       <td>{@link RecvClosed}</td></tr>
 *   <tr><td>{@link #recv(Duration)}, {@link #recvUntil(Instant)}</td><td>{@link Received}</td>
 *       <td>blocks</td><td>{@link RecvTimedOut}</td><td>{@link RecvClosed}</td></tr>
 *   <tr><td>{@link #iterator()}, {@link #stream()}</td><td>next element</td><td>blocks</td>
 *       <td>&mdash;</td><td>ends</td></tr>
 *   </tbody>
 * </table>
 * Closing is seen only after the buffer is drained: messages accepted before the last sender
 * closed are all delivered first.
 *
 * <h2>Blocking, interruption and close</h2>
 * Blocking forms spin briefly, then park; they never hold a monitor. A receive that finds a
 * message takes it whatever the interrupt status. If the thread's interrupt status is set when the
 * receive would have to wait, or is set while it waits, the receive throws
 * {@link InterruptedException} and clears the status; no message was taken. Closing the last
 * sender wakes every blocked receiver; each either takes a remaining message or sees the closed
 * outcome.
 *
 * <p>Memory consistency effects: actions in a thread before it sends a message
 * <i>happen-before</i> actions after the receive of that message in another thread.
 *
 * @param <T> the message type
 */
public final class Receiver<T> extends Handle<T> implements AutoCloseable, Cloneable, Iterable<T> {
  Receiver(Core<T> core) {
    super(core);
  }

  /**
   * Receives a message, waiting until one arrives or the channel is closed and drained.
   *
   * @return the message
   * @throws ChannelClosedException if the channel is closed and drained
   * @throws InterruptedException if interrupted while waiting; no message was taken
   * @throws IllegalStateException if this handle was closed
   */
  @SuppressWarnings("unchecked")
  public T recv() throws InterruptedException {
    ensureOpen();
    Object v = core.recv(0L, false);
    if (v == Core.CLOSED_MARK) {
      throw new ChannelClosedException("channel closed and drained", null);
    }
    return (T) v;
  }

  /**
   * Receives a message if one is ready, without waiting.
   *
   * @return {@link Received}, {@link Empty}, or {@link RecvClosed} once closed and drained
   * @throws IllegalStateException if this handle was closed
   */
  @SuppressWarnings("unchecked")
  public TryRecvResult<T> tryRecv() {
    ensureOpen();
    Object v = core.tryRecv();
    if (v == Core.EMPTY_MARK) {
      return Empty.instance();
    }
    if (v == Core.CLOSED_MARK) {
      return RecvClosed.instance();
    }
    return new Received<>((T) v);
  }

  /**
   * Receives a message if one is ready, without waiting: the allocation-free form for hot loops.
   *
   * @return the message, or null if none is ready or the channel is closed and drained (tell
   *     them apart with {@link #isClosed()} after a null, or use {@link #tryRecv()})
   * @throws IllegalStateException if this handle was closed
   */
  @SuppressWarnings("unchecked")
  public T poll() {
    ensureOpen();
    Object v = core.tryRecv();
    return v == Core.EMPTY_MARK || v == Core.CLOSED_MARK ? null : (T) v;
  }

  /**
   * Receives a message, waiting at most {@code timeout}. A zero or negative timeout behaves like
   * {@link #tryRecv()} except that "none ready" is reported as {@link RecvTimedOut}.
   *
   * @param timeout how long to wait at most
   * @return {@link Received}, {@link RecvTimedOut} or {@link RecvClosed}
   * @throws InterruptedException if interrupted while waiting; no message was taken
   * @throws IllegalStateException if this handle was closed
   */
  public RecvTimeoutResult<T> recv(Duration timeout) throws InterruptedException {
    return recvNanos(Core.toNanos(timeout));
  }

  /**
   * Receives a message, waiting until {@code deadline} at the latest. The deadline is turned into
   * a timeout once, on entry, by the system clock.
   *
   * @param deadline when to give up
   * @return {@link Received}, {@link RecvTimedOut} or {@link RecvClosed}
   * @throws InterruptedException if interrupted while waiting; no message was taken
   * @throws IllegalStateException if this handle was closed
   */
  public RecvTimeoutResult<T> recvUntil(Instant deadline) throws InterruptedException {
    return recvNanos(Core.untilNanos(deadline));
  }

  @SuppressWarnings("unchecked")
  private RecvTimeoutResult<T> recvNanos(long nanos) throws InterruptedException {
    ensureOpen();
    Object v = core.recv(nanos, true);
    if (v == Core.TIMEOUT_MARK) {
      return RecvTimedOut.instance();
    }
    if (v == Core.CLOSED_MARK) {
      return RecvClosed.instance();
    }
    return new Received<>((T) v);
  }

  /**
   * {@return a blocking iterator over the messages, ending when the channel is closed and
   * drained}
   *
   * <p>{@code hasNext()} blocks like {@link #recv()}. If the thread is interrupted while it
   * waits, {@code hasNext()} sets the interrupt status again and throws
   * {@link CancellationException}; no message is lost. {@code remove()} is not supported.
   */
  @Override
  public Iterator<T> iterator() {
    ensureOpen();
    return new Iterator<>() {
      private Object next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          try {
            next = core.recv(0L, false);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException ce = new CancellationException("interrupted while receiving");
            ce.initCause(e);
            throw ce;
          }
        }
        return next != Core.CLOSED_MARK;
      }

      @Override
      @SuppressWarnings("unchecked")
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException("channel closed and drained");
        }
        T v = (T) next;
        next = null;
        return v;
      }
    };
  }

  /**
   * {@return a sequential stream of the messages, ending when the channel is closed and drained}
   * It blocks and reacts to interruption like {@link #iterator()}.
   */
  public Stream<T> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /**
   * {@return a new receiver handle for the same channel} The channel stays open for senders until
   * the new handle is closed too.
   *
   * @throws IllegalStateException if this handle was closed
   */
  @Override
  public Receiver<T> clone() {
    ensureOpen();
    core.addReceiver();
    return new Receiver<>(core);
  }

  /**
   * Closes this handle; idempotent. Closing the last receiver handle closes the channel for
   * sending: every later send fails and hands its message back, and every blocked sender wakes
   * with the closed outcome. Messages still buffered then can no longer be received and are
   * discarded; to keep them, drain the channel (for example with {@link #tryRecv()}) before
   * closing the last receiver.
   */
  @Override
  public void close() {
    if (markClosed()) {
      core.removeReceiver();
    }
  }

  /**
   * {@return true if no message can arrive any more: the channel is closed and drained} A
   * channel closed with messages still buffered returns false until they are taken.
   */
  public boolean isClosed() {
    return core.isDisconnected() && core.size() == 0;
  }

  /** {@return true if no message is buffered right now} */
  public boolean isEmpty() {
    return core.size() == 0;
  }
}
