package dev.ferrite.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What a {@link Sender} and a {@link Receiver} have in common: the channel's shared state and the
 * handle's own one-shot closed flag.
 *
 * @param <T> the message type
 */
abstract sealed class Handle<T> permits Sender, Receiver {
  final Core<T> core;
  private volatile boolean closed;

  Handle(Core<T> core) {
    this.core = core;
  }

  /** {@return the number of messages buffered; a snapshot that may be stale at once} */
  public int size() {
    return core.size();
  }

  /** {@return the channel's capacity: 0 for rendezvous, {@link Integer#MAX_VALUE} for unbounded} */
  public int capacity() {
    return core.capacity();
  }

  /** {@return true for exactly one call: the one that closed this handle} */
  final boolean markClosed() {
    return !closed && CLOSED.compareAndSet(this, false, true);
  }

  /** @throws IllegalStateException if this handle was closed */
  final void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(getClass().getSimpleName().toLowerCase() + " handle is closed");
    }
  }

  /** {@return the channel's shared state} */
  final Core<T> core() {
    return core;
  }

  /** {@return the channel's shared state, after checking that this handle is open} */
  final Core<T> openCore() {
    ensureOpen();
    return core;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + core + (closed ? ", handle closed]" : "]");
  }

  private static final VarHandle CLOSED;

  static {
    try {
      CLOSED = MethodHandles.lookup().findVarHandle(Handle.class, "closed", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
