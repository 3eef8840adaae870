package dev.ferrite.channel;

import dev.ferrite.internal.AdaptiveSpin;
import dev.ferrite.internal.Spin;
import dev.ferrite.internal.WaitList;
import dev.ferrite.internal.Waiter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waits on several channel operations at once and completes exactly one of them, like
 * crossbeam's {@code select!} or Go's {@code select}.
 *
 * <p>Each case is an operation plus the code to run when it completes. A receive case completes
 * when it takes a message ({@code onMessage} runs with it) or when its channel is closed and
 * drained ({@code onClosed} runs). A send case completes when its message is accepted
 * ({@code onSent}) or when its channel is closed ({@code onClosed} runs with the message handed
 * back). The handler's result is what {@code select} returns, so the caller learns which
 * operation completed and which channel was closed.
 *
 * <pre>{@code
 * Select<String> select = new Select<String>()
 *     .recv(orders, o -> "order " + o, () -> "orders closed")
 *     .recv(cancels, c -> "cancel " + c, () -> "cancels closed");
 * String what = select.select(Duration.ofSeconds(1), () -> "idle");
 * }</pre>
 *
 * <table class="striped">
 *   <caption>Forms</caption>
 *   <thead><tr><th>form</th><th>a case ready</th><th>none ready</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link #select()}</td><td>completes it</td><td>blocks</td></tr>
 *   <tr><td>{@link #select(Duration, Supplier)}</td><td>completes it</td>
 *       <td>blocks; on timeout returns {@code onTimeout}'s result</td></tr>
 *   <tr><td>{@link #trySelect(Supplier)}</td><td>completes it</td>
 *       <td>returns {@code onNoneReady}'s result at once (the non-blocking default)</td></tr>
 *   </tbody>
 * </table>
 *
 * <p><b>Fairness.</b> Each call starts its scan at the case after the one that completed last
 * (round robin), so when several cases are ready they take turns: a case that stays ready
 * completes at least once in every {@code n} calls of a select with {@code n} cases, and none
 * starves. (crossbeam and Go start at a random case instead; a rotating start gives the same
 * fairness deterministically, and when channels fill in turn it finds the ready one first,
 * without probing channels that are empty.)
 *
 * <p><b>Blocking, interruption and close.</b> A blocked select registers with every case's channel
 * and parks (after a brief spin); the first channel to become ready (or closed) wakes it, and only
 * that one operation happens. If interrupted when it would have to wait, or while waiting, select
 * throws {@link InterruptedException} and no case completed. Handlers run in the selecting
 * thread, after the operation; an exception from a handler propagates.
 *
 * <p>A {@code Select} is built once and may be run many times, by one thread at a time; it is not
 * safe for concurrent use. Memory consistency effects are those of the completed operation.
 *
 * @param <R> the result type of the handlers
 */
public final class Select<R> {
  private static final Object NOT_READY = new Object();

  /** The cases, in the order they were added (copied when a case is added; adds are rare). */
  @SuppressWarnings("unchecked")
  private Case<?, R>[] array = new Case[0];
  /** Where the next scan starts: after the case that completed last (one thread at a time). */
  private int next;
  /** Spin budget while retrying the cases, before registering. */
  private final AdaptiveSpin spin = new AdaptiveSpin(Spin.SHORT);
  /** Spin budget once registered (a rendezvous partner may complete the select meanwhile). */
  private final AdaptiveSpin registeredSpin = new AdaptiveSpin(Spin.SHORT);

  /** Creates a select with no cases. */
  public Select() {}

  /**
   * Adds a receive case.
   *
   * @param rx the receiver to take a message from
   * @param onMessage runs with the message taken
   * @param onClosed runs if the channel is closed and drained
   * @param <T> the message type
   * @return this select
   * @throws IllegalStateException if the handle is closed
   */
  public <T> Select<R> recv(
      Receiver<T> rx, Function<? super T, ? extends R> onMessage, Supplier<? extends R> onClosed) {
    Objects.requireNonNull(rx, "rx");
    Objects.requireNonNull(onMessage, "onMessage");
    Objects.requireNonNull(onClosed, "onClosed");
    add(new RecvCase<>(rx.openCore(), onMessage, onClosed));
    return this;
  }

  /**
   * Adds a send case.
   *
   * @param tx the sender to send with
   * @param message the message to send, not null
   * @param onSent runs once the message is accepted
   * @param onClosed runs with the message if the channel is closed
   * @param <T> the message type
   * @return this select
   * @throws IllegalStateException if the handle is closed
   */
  public <T> Select<R> send(
      Sender<T> tx, T message, Supplier<? extends R> onSent, Function<? super T, ? extends R> onClosed) {
    Objects.requireNonNull(tx, "tx");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(onSent, "onSent");
    Objects.requireNonNull(onClosed, "onClosed");
    add(new SendCase<>(tx.openCore(), message, onSent, onClosed));
    return this;
  }

  /**
   * Completes one ready case without waiting, or returns {@code onNoneReady}'s result.
   *
   * @param onNoneReady supplies the result when no case is ready
   * @return the completed case's handler result, or {@code onNoneReady}'s
   */
  @SuppressWarnings("unchecked")
  public R trySelect(Supplier<? extends R> onNoneReady) {
    Objects.requireNonNull(onNoneReady, "onNoneReady");
    int start = start();
    Object r = tryHinted(start, false);
    if (r == NOT_READY) {
      r = tryAll(start);
    }
    return r == NOT_READY ? onNoneReady.get() : (R) r;
  }

  /**
   * Completes one case, waiting until one is ready.
   *
   * @return the completed case's handler result
   * @throws InterruptedException if interrupted while waiting; no case completed
   * @throws IllegalStateException if the select has no case
   */
  public R select() throws InterruptedException {
    return run(0L, false, null);
  }

  /**
   * Completes one case, waiting at most {@code timeout}.
   *
   * @param timeout how long to wait at most
   * @param onTimeout supplies the result if no case completed in time
   * @return the completed case's handler result, or {@code onTimeout}'s
   * @throws InterruptedException if interrupted while waiting; no case completed
   * @throws IllegalStateException if the select has no case
   */
  public R select(Duration timeout, Supplier<? extends R> onTimeout) throws InterruptedException {
    Objects.requireNonNull(onTimeout, "onTimeout");
    return run(Core.toNanos(timeout), true, onTimeout);
  }

  private int start() {
    int n = array.length;
    if (n == 0) {
      throw new IllegalStateException("select has no case");
    }
    int s = next;
    return s < n ? s : 0;
  }

  @SuppressWarnings("unchecked")
  private void add(Case<?, R> c) {
    Case<?, R>[] grown = Arrays.copyOf(array, array.length + 1);
    grown[array.length] = c;
    array = grown;
  }

  private Object tryAll(int start) {
    Case<?, R>[] all = array;
    int n = all.length;
    for (int k = 0, i = start; k < n; k++, i = i + 1 == n ? 0 : i + 1) {
      Object r = all[i].tryComplete();
      if (r != NOT_READY) {
        next = i + 1;
        return r;
      }
    }
    return NOT_READY;
  }

  @SuppressWarnings("unchecked")
  private R run(long nanos, boolean timed, Supplier<? extends R> onTimeout)
      throws InterruptedException {
    int start = start();
    Object r = tryHinted(start, false);
    if (r != NOT_READY) {
      return (R) r;
    }
    // Exact answers are owed now only to a zero timeout and to a pending interrupt (a ready case
    // completes rather than throwing); otherwise the waiting below finds any case the hints
    // missed: every eighth poll, and the registration, try every case.
    if ((timed && nanos <= 0L) || Thread.currentThread().isInterrupted()) {
      if ((r = tryAll(start)) != NOT_READY) {
        return (R) r;
      }
      if (timed && nanos <= 0L) {
        return onTimeout.get();
      }
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (nanos > Core.FOREVER) {
      timed = false;
    }
    long deadline = timed ? System.nanoTime() + nanos : 0L;
    long began = System.nanoTime();
    long budget = spin.budget();
    if (budget > 0L) {
      long end = began + budget;
      for (int i = 0; Spin.backoff(i, end); i++) {
        boolean hold = i < Spin.HOLD_ROUNDS; // hold out for a batch first, as Core.recv does
        if ((r = !hold && (i & 7) == 7 ? tryAll(start) : tryHinted(start, hold)) != NOT_READY) {
          spin.record(System.nanoTime() - began);
          return (R) r;
        }
      }
    }
    int n = array.length;
    WaitList.Entry[] entries = new WaitList.Entry[n];
    for (;;) {
      Waiter w = new Waiter();
      boolean ready = false;
      for (int k = 0, i = start; k < n; k++, i = i + 1 == n ? 0 : i + 1) {
        Case<?, R> c = array[i];
        WaitList.Entry e = c.core().register(w, i + 1, c.sending(), c.message());
        if (e == null) {
          ready = true;
          break;
        }
        entries[i] = e;
      }
      int s;
      if (ready) {
        if (w.tryAbort()) {
          unregisterAll(entries);
          if ((r = tryAll(start)) != NOT_READY) {
            return (R) r;
          }
          continue;
        }
        s = w.state();
      } else {
        s = w.await(deadline, timed, registeredSpin);
      }
      if (s <= 0) {
        unregisterAll(entries);
        if (s == Waiter.INTERRUPTED) {
          throw new InterruptedException();
        }
        r = tryAll(start);
        return r != NOT_READY ? (R) r : onTimeout.get();
      }
      int k = (s & ~Waiter.CLOSED_BIT) - 1;
      WaitList.Entry won = entries[k];
      unregisterAll(entries);
      Case<?, R> c = array[k];
      if (c.core() instanceof ZeroCore) {
        // A rendezvous partner completed the hand-off when it claimed us.
        next = k + 1;
        return (s & Waiter.CLOSED_BIT) != 0 ? c.closed() : c.handedOff(won.packet);
      }
      if ((r = c.tryComplete()) != NOT_READY) {
        next = k + 1;
        return (R) r;
      }
      if ((r = tryAll(start)) != NOT_READY) {
        return (R) r;
      }
    }
  }

  /**
   * Like {@link #tryAll}, but tries only the cases whose flavour's cheap hint says they may be
   * ready (see {@code Core.sendMayProceed}): a case that is not ready is then skipped without
   * reading its channel's indices, which the channel's partner keeps writing. Not exact: it may
   * miss a ready case, so a verdict of "none ready" needs {@link #tryAll}. With {@code batch},
   * receive cases count as ready only with several messages buffered (see Core.recvMayProceed).
   */
  private Object tryHinted(int start, boolean batch) {
    Case<?, R>[] all = array;
    int n = all.length;
    for (int k = 0, i = start; k < n; k++, i = i + 1 == n ? 0 : i + 1) {
      Case<?, R> c = all[i];
      if (c.mayProceed(batch)) {
        Object r = c.tryComplete();
        if (r != NOT_READY) {
          next = i + 1;
          return r;
        }
      }
    }
    return NOT_READY;
  }

  private void unregisterAll(WaitList.Entry[] entries) {
    for (int i = 0; i < entries.length; i++) {
      if (entries[i] != null) {
        Case<?, R> c = array[i];
        c.core().unregister(entries[i], c.sending());
        entries[i] = null;
      }
    }
  }

  /** One case: an operation on one channel and its handlers. */
  private abstract static sealed class Case<T, R> permits RecvCase, SendCase {
    abstract Core<T> core();

    abstract boolean sending();

    abstract Object message();

    /** Tries the operation; runs the handler if it completed. */
    abstract Object tryComplete();

    /** The flavour's cheap readiness hint (see {@code Core.sendMayProceed}). */
    abstract boolean mayProceed(boolean batch);

    /** The channel closed while this case was registered (rendezvous). */
    abstract R closed();

    /** A rendezvous partner completed this case; {@code packet} holds a received message. */
    abstract R handedOff(Object packet);
  }

  private static final class RecvCase<T, R> extends Case<T, R> {
    private final Core<T> core;
    private final Function<? super T, ? extends R> onMessage;
    private final Supplier<? extends R> onClosed;

    RecvCase(Core<T> core, Function<? super T, ? extends R> onMessage, Supplier<? extends R> onClosed) {
      this.core = core;
      this.onMessage = onMessage;
      this.onClosed = onClosed;
    }

    @Override
    Core<T> core() {
      return core;
    }

    @Override
    boolean sending() {
      return false;
    }

    @Override
    Object message() {
      return null;
    }

    @Override
    boolean mayProceed(boolean batch) {
      return core.recvMayProceed(batch);
    }

    @Override
    Object tryComplete() {
      Object v = core.tryRecv();
      if (v == Core.EMPTY_MARK) {
        return NOT_READY;
      }
      return v == Core.CLOSED_MARK ? onClosed.get() : handedOff(v);
    }

    @Override
    R closed() {
      return onClosed.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    R handedOff(Object packet) {
      return onMessage.apply((T) packet);
    }
  }

  private static final class SendCase<T, R> extends Case<T, R> {
    private final Core<T> core;
    private final T message;
    private final Supplier<? extends R> onSent;
    private final Function<? super T, ? extends R> onClosed;

    SendCase(Core<T> core, T message, Supplier<? extends R> onSent, Function<? super T, ? extends R> onClosed) {
      this.core = core;
      this.message = message;
      this.onSent = onSent;
      this.onClosed = onClosed;
    }

    @Override
    Core<T> core() {
      return core;
    }

    @Override
    boolean sending() {
      return true;
    }

    @Override
    Object message() {
      return message;
    }

    @Override
    boolean mayProceed(boolean batch) {
      return core.sendMayProceed();
    }

    @Override
    Object tryComplete() {
      return switch (core.trySend(message)) {
        case Core.OK -> onSent.get();
        case Core.FULL -> NOT_READY;
        default -> onClosed.apply(message);
      };
    }

    @Override
    R closed() {
      return onClosed.apply(message);
    }

    @Override
    R handedOff(Object packet) {
      return onSent.get();
    }
  }
}
