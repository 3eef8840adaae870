package dev.ferrite.bench;

import com.softwaremill.jox.Channel;
import dev.ferrite.channel.Receiver;
import dev.ferrite.channel.Select;
import dev.ferrite.channel.Sender;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpscArrayQueue;
import org.jctools.queues.SpscArrayQueue;

/**
 * The one operation pair every channel benchmark measures: a blocking send from a producer thread
 * and a blocking receive on the consumer thread. Each implementation under test is one small
 * adapter, so the benchmark loops are identical for all of them; within one JMH fork only one
 * adapter class is ever used, so the calls stay monomorphic and inline.
 */
interface Pipe {

  /** Sends {@code message}, waiting while the implementation has no room. */
  void send(Object message) throws InterruptedException;

  /** Takes the next message, waiting while there is none. */
  Object recv() throws InterruptedException;

  /** Releases what the pipe holds; called once, after the producers stopped. */
  default void close() {}

  /**
   * Builds the pipe named by a benchmark's {@code impl} parameter.
   *
   * @param impl one of the names listed in {@link ChannelBench}
   * @param capacity buffer size; 0 asks for a rendezvous hand-off
   * @param producers how many threads will call {@link #send} at once (picks jctools' SPSC or
   *     MPSC queue, and limits the single-producer {@code ferrite-select} pipe)
   * @throws IllegalArgumentException if the combination makes no sense (for example an
   *     {@code ArrayBlockingQueue} of capacity 0); JMH reports it and moves on
   */
  static Pipe create(String impl, int capacity, int producers) {
    return switch (impl) {
      case "ferrite" -> new FerritePipe(dev.ferrite.channel.Channel.bounded(capacity));
      case "ferrite-unbounded" -> new FerritePipe(dev.ferrite.channel.Channel.unbounded());
      case "ferrite-queue" ->
          new QueuePipe(dev.ferrite.channel.Channel.bounded(capacity).asBlockingQueue());
      case "ferrite-select" -> {
        if (producers != 1) {
          throw new IllegalArgumentException("ferrite-select is fed by exactly one producer");
        }
        yield new FerriteSelectPipe(capacity, 4);
      }
      case "ArrayBlockingQueue" ->
          new QueuePipe(new ArrayBlockingQueue<>(buffered(impl, capacity)));
      case "LinkedBlockingQueue" ->
          new QueuePipe(new LinkedBlockingQueue<>(buffered(impl, capacity)));
      case "SynchronousQueue" -> {
        if (capacity != 0) {
          throw new IllegalArgumentException(
              "SynchronousQueue has no buffer: run it with capacity=0 (ChannelBench.rendezvous)");
        }
        yield new QueuePipe(new SynchronousQueue<>());
      }
      // Unbounded; at capacity 0 its transfer() is a rendezvous hand-off.
      case "LinkedTransferQueue" -> new TransferPipe(new LinkedTransferQueue<>(), capacity == 0);
      case "jctools" ->
          new JctoolsPipe(
              producers == 1
                  ? new SpscArrayQueue<>(buffered(impl, capacity))
                  : new MpscArrayQueue<>(buffered(impl, capacity)));
      case "jox" ->
          new JoxPipe(
              capacity == 0
                  ? Channel.newRendezvousChannel()
                  : Channel.newBufferedChannel(capacity));
      default -> throw new IllegalArgumentException("unknown impl: " + impl);
    };
  }

  private static int buffered(String impl, int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException(
          impl + " needs capacity > 0: run it in ChannelBench.buffered, not with capacity="
              + capacity);
    }
    return capacity;
  }

  /**
   * Busy-poll misses between two {@link Thread#yield()}s (a power of two, system property
   * {@code bench.spinsPerYield}, default 128): rare enough to cost nothing when each thread has a
   * core, frequent enough that a spinner on an oversubscribed machine soon lets the thread it
   * waits for run.
   */
  int YIELD_MASK = Integer.getInteger("bench.spinsPerYield", 128) - 1;

  /** Waits one step of a busy-poll loop: a spin hint, or a yield every YIELD_MASK+1 misses. */
  static int idle(int misses) throws InterruptedException {
    if ((++misses & YIELD_MASK) == 0) {
      Thread.yield();
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    } else {
      Thread.onSpinWait();
    }
    return misses;
  }

  /** A Ferrite channel through its own handles. */
  final class FerritePipe implements Pipe {
    private final Sender<Object> tx;
    private final Receiver<Object> rx;

    FerritePipe(dev.ferrite.channel.Channel<Object> ch) {
      this.tx = ch.sender();
      this.rx = ch.receiver();
    }

    @Override
    public void send(Object message) throws InterruptedException {
      tx.send(message);
    }

    @Override
    public Object recv() throws InterruptedException {
      return rx.recv();
    }

    @Override
    public void close() {
      tx.close();
      rx.close();
    }
  }

  /**
   * Ferrite's {@link Select} over {@code n} channels of the same capacity; the single producer
   * feeds them round-robin and the consumer takes whichever is ready. Compare with
   * {@link FerritePipe} (one channel, plain {@code recv}) at the same capacity.
   */
  final class FerriteSelectPipe implements Pipe {
    private static final Object CLOSED = new Object();
    private final Sender<Object>[] txs;
    private final Receiver<Object>[] rxs;
    private final Select<Object> select = new Select<>();
    /**
     * The producer's round-robin position, on a cache line of its own: as a field of this pipe it
     * shared a line with {@code select}, which the consumer reads per message, so every send
     * evicted the consumer's copy (measured: about 20-30 ns per message of pure benchmark
     * artefact).
     */
    private final Cursor cursor = new Cursor();

    /** Padding on both sides of {@code next}: superclass fields are laid out first. */
    private static class CursorPad {
      long p0, p1, p2, p3, p4, p5, p6, p7;
    }

    private static class CursorValue extends CursorPad {
      int next; // touched by the single producer thread only
    }

    private static final class Cursor extends CursorValue {
      long q0, q1, q2, q3, q4, q5, q6, q7;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    FerriteSelectPipe(int capacity, int n) {
      txs = new Sender[n];
      rxs = new Receiver[n];
      for (int i = 0; i < n; i++) {
        dev.ferrite.channel.Channel<Object> ch = dev.ferrite.channel.Channel.bounded(capacity);
        txs[i] = ch.sender();
        rxs[i] = ch.receiver();
        select.recv(rxs[i], m -> m, () -> CLOSED);
      }
    }

    @Override
    public void send(Object message) throws InterruptedException {
      Cursor c = cursor;
      int i = c.next;
      c.next = i + 1 == txs.length ? 0 : i + 1;
      txs[i].send(message);
    }

    @Override
    public Object recv() throws InterruptedException {
      Object m = select.select();
      if (m == CLOSED) {
        throw new IllegalStateException("a select channel closed during the benchmark");
      }
      return m;
    }

    @Override
    public void close() {
      for (int i = 0; i < txs.length; i++) {
        txs[i].close();
        rxs[i].close();
      }
    }
  }

  /** Any {@link BlockingQueue}: {@code put} and {@code take}. */
  record QueuePipe(BlockingQueue<Object> queue) implements Pipe {
    @Override
    public void send(Object message) throws InterruptedException {
      queue.put(message);
    }

    @Override
    public Object recv() throws InterruptedException {
      return queue.take();
    }
  }

  /** {@link LinkedTransferQueue}: {@code transfer} (rendezvous) or {@code put} (unbounded). */
  record TransferPipe(LinkedTransferQueue<Object> queue, boolean rendezvous) implements Pipe {
    @Override
    public void send(Object message) throws InterruptedException {
      if (rendezvous) {
        queue.transfer(message);
      } else {
        queue.put(message);
      }
    }

    @Override
    public Object recv() throws InterruptedException {
      return queue.take();
    }
  }

  /**
   * A jctools array queue, which never blocks: both sides busy-poll with
   * {@link Thread#onSpinWait()}, yielding the core every 1024 misses so that three threads on two
   * cores (2 producers + consumer) still make progress.
   */
  record JctoolsPipe(MessagePassingQueue<Object> queue) implements Pipe {
    @Override
    public void send(Object message) throws InterruptedException {
      int misses = 0;
      while (!queue.relaxedOffer(message)) {
        misses = idle(misses);
      }
    }

    @Override
    public Object recv() throws InterruptedException {
      Object m;
      int misses = 0;
      while ((m = queue.relaxedPoll()) == null) {
        misses = idle(misses);
      }
      return m;
    }
  }

  /** A jox channel: {@code send} and {@code receive}. */
  record JoxPipe(Channel<Object> channel) implements Pipe {
    @Override
    public void send(Object message) throws InterruptedException {
      channel.send(message);
    }

    @Override
    public Object recv() throws InterruptedException {
      return channel.receive();
    }

    @Override
    public void close() {
      channel.doneOrClosed();
    }
  }
}
