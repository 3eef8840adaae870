package dev.ferrite.channel;

import java.util.concurrent.BlockingQueue;

/**
 * A multi-producer, multi-consumer channel, as in Rust's {@code std::sync::mpsc} and
 * crossbeam-channel: created with one {@link Sender} and one {@link Receiver} handle, which can be
 * cloned and closed one by one.
 *
 * <pre>{@code
 * Channel<String> ch = Channel.bounded(16);
 * try (Sender<String> tx = ch.sender(); Receiver<String> rx = ch.receiver()) {
 *   Thread producer = Thread.ofVirtual().start(() -> {
 *     try (tx) {
 *       for (int i = 0; i < 3; i++) tx.send("job " + i);
 *     } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
 *   });
 *   for (String job : rx) System.out.println(job); // ends when tx is closed and drained
 *   producer.join();
 * }
 * }</pre>
 *
 * <h2>Flavours</h2>
 * <ul>
 *   <li>{@link #bounded(int) bounded(n)}, n &gt; 0: a ring buffer of n slots; senders wait when
 *       it is full.
 *   <li>{@link #bounded(int) bounded(0)} or {@link #rendezvous()}: no buffer; each send waits
 *       until a receiver takes the message from its hand.
 *   <li>{@link #unbounded()}: a linked list of blocks; sends never wait.
 * </ul>
 *
 * <h2>Closing and disconnection</h2>
 * When the last sender handle closes, receivers first take every message still buffered, then
 * see the channel closed. When the last receiver handle closes, every send fails and hands its
 * message back. Either way, every thread blocked on the channel wakes.
 *
 * <h2>Guarantees</h2>
 * An accepted message is delivered exactly once: never lost, never duplicated. Messages from one
 * sending thread arrive in the order sent. Actions before a send <i>happen-before</i> actions after
 * the receive that takes the message.
 *
 * @param <T> the message type; null messages are rejected
 */
public final class Channel<T> {
  private final Core<T> core;
  private final Sender<T> sender;
  private final Receiver<T> receiver;

  Channel(Core<T> core) {
    this.core = core;
    this.sender = new Sender<>(core);
    this.receiver = new Receiver<>(core);
  }

  /**
   * Creates a channel that buffers at most {@code capacity} messages; 0 makes a rendezvous
   * channel.
   *
   * @param capacity the buffer size, {@code >= 0}
   * @param <T> the message type
   * @return the channel, with one sender and one receiver handle
   * @throws IllegalArgumentException if {@code capacity} is negative or larger than 2<sup>29</sup>
   */
  public static <T> Channel<T> bounded(int capacity) {
    if (capacity < 0 || capacity > (1 << 29)) {
      throw new IllegalArgumentException("capacity must be in [0, 2^29]: " + capacity);
    }
    return new Channel<>(capacity == 0 ? new ZeroCore<>() : new ArrayCore<>(capacity));
  }

  /**
   * Creates a rendezvous channel: a send completes only when a receiver takes the message.
   * The same as {@code bounded(0)}.
   *
   * @param <T> the message type
   * @return the channel, with one sender and one receiver handle
   */
  public static <T> Channel<T> rendezvous() {
    return bounded(0);
  }

  /**
   * Creates a channel with no bound on its buffer: sends never wait.
   *
   * @param <T> the message type
   * @return the channel, with one sender and one receiver handle
   */
  public static <T> Channel<T> unbounded() {
    return new Channel<>(new ListCore<>());
  }

  /** {@return the channel's first sender handle} Further handles come from {@link Sender#clone()}. */
  public Sender<T> sender() {
    return sender;
  }

  /** {@return the channel's first receiver handle} Further handles come from {@link Receiver#clone()}. */
  public Receiver<T> receiver() {
    return receiver;
  }

  /**
   * Returns a {@link BlockingQueue} view of this channel, for code written against that
   * interface. The view is not a handle: it neither keeps the channel open nor closes it. It
   * honours the whole {@code BlockingQueue} contract while the channel is open; once the channel
   * is closed (last sender or last receiver closed):
   * <ul>
   *   <li>{@code offer} returns false, {@code add} and {@code put} throw
   *       {@link ChannelClosedException} (an {@link IllegalStateException});
   *   <li>{@code poll}, {@code peek}, {@code drainTo}, iteration and removal go on returning what
   *       is still buffered; when it is drained, {@code poll} returns null at once (also the timed
   *       form), {@code take} throws {@link ChannelClosedException}, and {@code remove()} and
   *       {@code element()} throw {@link java.util.NoSuchElementException}.
   * </ul>
   * On a rendezvous channel the view behaves like {@link java.util.concurrent.SynchronousQueue}:
   * it is always empty and {@code offer} succeeds only if a receiver is waiting.
   *
   * @return the view; every call returns a new, equivalent view
   */
  public BlockingQueue<T> asBlockingQueue() {
    return new ChannelQueue<>(core);
  }

  @Override
  public String toString() {
    return "Channel[" + core + "]";
  }
}
