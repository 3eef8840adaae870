package dev.ferrite.channel;

import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The {@link BlockingQueue} view of a channel ({@link Channel#asBlockingQueue()}): every method
 * maps onto the channel's operations; what it does once the channel is closed is specified there.
 *
 * <p>Iterators are weakly consistent: they never throw {@link
 * java.util.ConcurrentModificationException}; they return, in order, the messages buffered when
 * the iterator was created that are still buffered when {@code hasNext()} reaches them; and
 * {@code Iterator.remove()} removes the last one returned if it is still buffered.
 *
 * <p>Removing a message from the middle ({@code remove(Object)}, {@code removeAll},
 * {@code retainAll}, {@code Iterator.remove}) leaves a tombstone in its slot, which receivers
 * skip; the room it frees can be used at once (see {@link ArrayCore}).
 */
final class ChannelQueue<T> extends AbstractQueue<T> implements BlockingQueue<T> {
  private final Core<T> core;

  ChannelQueue(Core<T> core) {
    this.core = core;
  }

  @Override
  public boolean offer(T e) {
    Objects.requireNonNull(e);
    return core.trySend(e) == Core.OK;
  }

  @Override
  public boolean add(T e) {
    Objects.requireNonNull(e);
    return switch (core.trySend(e)) {
      case Core.OK -> true;
      case Core.FULL -> throw new IllegalStateException("Queue full");
      default -> throw new ChannelClosedException("channel closed", e);
    };
  }

  @Override
  public void put(T e) throws InterruptedException {
    Objects.requireNonNull(e);
    if (core.send(e, 0L, false) == Core.CLOSED) {
      throw new ChannelClosedException("channel closed", e);
    }
  }

  @Override
  public boolean offer(T e, long timeout, TimeUnit unit) throws InterruptedException {
    Objects.requireNonNull(e);
    return core.send(e, unit.toNanos(timeout), true) == Core.OK;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T take() throws InterruptedException {
    Object v = core.recv(0L, false);
    if (v == Core.CLOSED_MARK) {
      throw new ChannelClosedException("channel closed and drained", null);
    }
    return (T) v;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T poll(long timeout, TimeUnit unit) throws InterruptedException {
    Object v = core.recv(unit.toNanos(timeout), true);
    return v == Core.CLOSED_MARK || v == Core.TIMEOUT_MARK ? null : (T) v;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T poll() {
    Object v = core.tryRecv();
    return v == Core.CLOSED_MARK || v == Core.EMPTY_MARK ? null : (T) v;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T peek() {
    return (T) core.peek();
  }

  @Override
  public int size() {
    return core.size();
  }

  @Override
  public boolean isEmpty() {
    return core.peek() == null;
  }

  @Override
  public int remainingCapacity() {
    int cap = core.capacity();
    return cap == Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.max(0, cap - core.size());
  }

  @Override
  public int drainTo(Collection<? super T> c) {
    return drainTo(c, Integer.MAX_VALUE);
  }

  @Override
  @SuppressWarnings("unchecked")
  public int drainTo(Collection<? super T> c, int maxElements) {
    Objects.requireNonNull(c);
    if (c == this) {
      throw new IllegalArgumentException("cannot drain a queue into itself");
    }
    int n = 0;
    while (n < maxElements) {
      Object v = core.tryRecv();
      if (v == Core.EMPTY_MARK || v == Core.CLOSED_MARK) {
        break;
      }
      c.add((T) v);
      n++;
    }
    return n;
  }

  @Override
  public boolean contains(Object o) {
    if (o == null) {
      return false;
    }
    for (Core.Slot s : snapshot()) {
      if (o.equals(s.value())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean remove(Object o) {
    if (o == null) {
      return false;
    }
    for (Core.Slot s : snapshot()) {
      if (o.equals(s.value()) && core.removeSlot(s)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Removes every buffered message. On a rendezvous channel nothing is buffered, so this does
   * nothing (like {@link java.util.concurrent.SynchronousQueue#clear()}): a waiting sender's
   * message is not taken.
   */
  @Override
  public void clear() {
    if (core.capacity() == 0) {
      return;
    }
    while (core.tryRecv() instanceof Object v && v != Core.EMPTY_MARK && v != Core.CLOSED_MARK) {
      // drop it
    }
  }

  private List<Core.Slot> snapshot() {
    List<Core.Slot> out = new ArrayList<>();
    core.snapshot(out);
    return out;
  }

  @Override
  public Iterator<T> iterator() {
    List<Core.Slot> slots = snapshot();
    return new Iterator<>() {
      private int next;
      private Core.Slot last;
      private Core.Slot ahead; // the next slot still buffered when hasNext() looked

      @Override
      public boolean hasNext() {
        while (ahead == null && next < slots.size()) {
          Core.Slot s = slots.get(next++);
          if (core.isBuffered(s)) {
            ahead = s;
          }
        }
        return ahead != null;
      }

      @Override
      @SuppressWarnings("unchecked")
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        last = ahead;
        ahead = null;
        return (T) last.value();
      }

      @Override
      public void remove() {
        if (last == null) {
          throw new IllegalStateException();
        }
        core.removeSlot(last);
        last = null;
      }
    };
  }
}
