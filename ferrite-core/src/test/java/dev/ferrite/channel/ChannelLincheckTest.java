package dev.ferrite.channel;

import java.time.Duration;
import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the channel's non-blocking operations and of closing, in every flavour,
 * checked by Lincheck against {@link Model}, a plain sequential channel.
 *
 * <p>Lincheck generates small concurrent scenarios from the {@code @Operation} methods of a
 * structure class and checks every result against some sequential order of the same calls on the
 * model. The model checker explores thread interleavings (assuming sequential consistency); the
 * stress runs use real threads. Operations that wait cannot be checked this way (a waiting send is
 * not an operation of a sequential channel); {@link ChannelBlockingLincheckTest} covers them.
 *
 * <p>A handle belongs to one thread at a time: using a handle while another thread closes it is a
 * race the API does not define (the send may see the handle open and then the channel closed).
 * So each handle's operations, its close included, form a Lincheck <i>non-parallel group</i>,
 * which Lincheck runs in one thread; closing is one-shot ({@code runOnce}). Two operation sets:
 * <ul>
 *   <li>{@link SenderClose}: two sender handles in two producer threads, each sending with the
 *       try and zero-timeout forms and then perhaps closing; receives of every form, size and
 *       {@code isClosed} from any thread. The channel closes when both handles have closed;
 *       receivers drain it, then see "closed".
 *   <li>{@link ReceiverClose}: sends from any thread racing the close of the only receiver handle
 *       (sends fail; the buffer is discarded). {@code size()} is left out here: the discarding
 *       that follows a receiver close is not atomic with it.
 * </ul>
 */
class ChannelLincheckTest {
  /*
   * Budget: the Lincheck suite runs in every `./mvnw verify`, on two cores, and model checking
   * costs milliseconds per interleaving, so each check explores 4 random scenarios x 40
   * interleavings and runs 3 x 300 stress invocations (about a minute for all Lincheck tests).
   * Scenarios of three threads with two operations each, after two set-up operations, reach the
   * interesting races (a close between a claim and its publication, two receivers on one slot).
   * For a longer hunt, -Dferrite.lincheck.scale=N multiplies the scenarios (and enables the
   * thorough-only programs of ChannelBlockingLincheckTest).
   */
  static final int SCALE = Integer.getInteger("ferrite.lincheck.scale", 1);
  static final int MC_ITERATIONS = 4 * SCALE;
  static final int MC_INVOCATIONS = 40;
  static final int STRESS_ITERATIONS = 3 * SCALE;
  static final int STRESS_INVOCATIONS = 300;

  static <O extends Options<O, ?>> O shape(O options, Class<?> model) {
    return options
        .threads(3)
        .actorsPerThread(2)
        .actorsBefore(2)
        .actorsAfter(1)
        .sequentialSpecification(model);
  }

  static ModelCheckingOptions modelChecking(Class<?> model) {
    return shape(new ModelCheckingOptions(), model)
        .iterations(MC_ITERATIONS)
        .invocationsPerIteration(MC_INVOCATIONS);
  }

  static StressOptions stress(Class<?> model) {
    return shape(new StressOptions(), model)
        .iterations(STRESS_ITERATIONS)
        .invocationsPerIteration(STRESS_INVOCATIONS);
  }

  // ---- the tests ----

  @Test
  void boundedOneModelChecking() {
    modelChecking(Model.BoundedOne.class).check(SenderClose.BoundedOne.class);
    modelChecking(Model.BoundedOne.class).check(ReceiverClose.BoundedOne.class);
  }

  @Test
  void boundedOneStress() {
    stress(Model.BoundedOne.class).check(SenderClose.BoundedOne.class);
    stress(Model.BoundedOne.class).check(ReceiverClose.BoundedOne.class);
  }

  @Test
  void boundedTwoModelChecking() {
    modelChecking(Model.BoundedTwo.class).check(SenderClose.BoundedTwo.class);
    modelChecking(Model.BoundedTwo.class).check(ReceiverClose.BoundedTwo.class);
  }

  @Test
  void boundedTwoStress() {
    stress(Model.BoundedTwo.class).check(SenderClose.BoundedTwo.class);
    stress(Model.BoundedTwo.class).check(ReceiverClose.BoundedTwo.class);
  }

  @Test
  void unboundedModelChecking() {
    modelChecking(Model.Unbounded.class).check(SenderClose.Unbounded.class);
    modelChecking(Model.Unbounded.class).check(ReceiverClose.Unbounded.class);
  }

  @Test
  void unboundedStress() {
    stress(Model.Unbounded.class).check(SenderClose.Unbounded.class);
    stress(Model.Unbounded.class).check(ReceiverClose.Unbounded.class);
  }

  /**
   * Without a waiting partner a rendezvous channel never accepts a try-send, so the model is a
   * channel of capacity 0; this checks that no try form ever completes a hand-off on its own and
   * that closing is reported exactly as specified.
   */
  @Test
  void rendezvousModelChecking() {
    modelChecking(Model.Rendezvous.class).check(SenderClose.Rendezvous.class);
    modelChecking(Model.Rendezvous.class).check(ReceiverClose.Rendezvous.class);
  }

  @Test
  void rendezvousStress() {
    stress(Model.Rendezvous.class).check(SenderClose.Rendezvous.class);
    stress(Model.Rendezvous.class).check(ReceiverClose.Rendezvous.class);
  }

  // ---- result encoding shared by the structure and the model ----

  static final String SENT = "sent";
  static final String FULL = "full";
  static final String TIMED_OUT = "timed out";
  static final String EMPTY = "empty";
  static final String CLOSED = "closed";
  /** The operation used a handle that its own thread had closed before. */
  static final String HANDLE_CLOSED = "handle closed";

  static Object sendOutcome(TrySendResult<Integer> r) {
    return switch (r) {
      case Sent<Integer> s -> SENT;
      case Full<Integer> f -> FULL;
      case SendClosed<Integer> c -> CLOSED;
    };
  }

  static Object sendOutcome(SendTimeoutResult<Integer> r) {
    return switch (r) {
      case Sent<Integer> s -> SENT;
      case SendTimedOut<Integer> t -> TIMED_OUT;
      case SendClosed<Integer> c -> CLOSED;
    };
  }

  static Object recvOutcome(TryRecvResult<Integer> r) {
    return switch (r) {
      case Received<Integer>(Integer v) -> v;
      case Empty<Integer> e -> EMPTY;
      case RecvClosed<Integer> c -> CLOSED;
    };
  }

  static Object recvOutcome(RecvTimeoutResult<Integer> r) {
    return switch (r) {
      case Received<Integer>(Integer v) -> v;
      case RecvTimedOut<Integer> t -> TIMED_OUT;
      case RecvClosed<Integer> c -> CLOSED;
    };
  }

  // ---- the structures under test ----

  /** Two producers with a handle each, racing receivers and the closes of both handles. */
  public abstract static class SenderClose {
    final Sender<Integer> tx;
    final Sender<Integer> tx2;
    final Receiver<Integer> rx;

    SenderClose(Channel<Integer> ch) {
      tx = ch.sender();
      tx2 = tx.clone();
      rx = ch.receiver();
    }

    static Object trySend(Sender<Integer> s, int v) {
      try {
        return sendOutcome(s.trySend(v));
      } catch (IllegalStateException e) {
        return HANDLE_CLOSED;
      }
    }

    @Operation(nonParallelGroup = "tx")
    public Object trySend(@Param(gen = IntGen.class, conf = "1:4") int v) {
      return trySend(tx, v);
    }

    @Operation(nonParallelGroup = "tx")
    public Object sendNow(@Param(gen = IntGen.class, conf = "1:4") int v) throws InterruptedException {
      try {
        return sendOutcome(tx.send(v, Duration.ZERO));
      } catch (IllegalStateException e) {
        return HANDLE_CLOSED;
      }
    }

    @Operation(nonParallelGroup = "tx", runOnce = true)
    public void closeSender() {
      tx.close();
    }

    @Operation(nonParallelGroup = "tx2")
    public Object trySend2(@Param(gen = IntGen.class, conf = "1:4") int v) {
      return trySend(tx2, v);
    }

    @Operation(nonParallelGroup = "tx2", runOnce = true)
    public void closeSender2() {
      tx2.close();
    }

    @Operation
    public Object tryRecv() {
      return recvOutcome(rx.tryRecv());
    }

    @Operation
    public Object recvNow() throws InterruptedException {
      return recvOutcome(rx.recv(Duration.ZERO));
    }

    @Operation
    public Integer poll() {
      return rx.poll();
    }

    @Operation
    public int size() {
      return rx.size();
    }

    @Operation
    public boolean receiverIsClosed() {
      return rx.isClosed();
    }

    public static class BoundedOne extends SenderClose {
      public BoundedOne() {
        super(Channel.bounded(1));
      }
    }

    public static class BoundedTwo extends SenderClose {
      public BoundedTwo() {
        super(Channel.bounded(2));
      }
    }

    public static class Unbounded extends SenderClose {
      public Unbounded() {
        super(Channel.unbounded());
      }
    }

    public static class Rendezvous extends SenderClose {
      public Rendezvous() {
        super(Channel.rendezvous());
      }
    }
  }

  /** Senders in any thread racing the close of the only receiver handle. */
  public abstract static class ReceiverClose {
    final Sender<Integer> tx;
    final Receiver<Integer> rx;

    ReceiverClose(Channel<Integer> ch) {
      tx = ch.sender();
      rx = ch.receiver();
    }

    @Operation
    public Object trySend(@Param(gen = IntGen.class, conf = "1:4") int v) {
      return sendOutcome(tx.trySend(v));
    }

    @Operation
    public Object sendNow(@Param(gen = IntGen.class, conf = "1:4") int v) throws InterruptedException {
      return sendOutcome(tx.send(v, Duration.ZERO));
    }

    @Operation
    public boolean senderIsClosed() {
      return tx.isClosed();
    }

    @Operation(nonParallelGroup = "rx")
    public Object tryRecv() {
      try {
        return recvOutcome(rx.tryRecv());
      } catch (IllegalStateException e) {
        return HANDLE_CLOSED;
      }
    }

    @Operation(nonParallelGroup = "rx", runOnce = true)
    public void closeReceiver() {
      rx.close();
    }

    public static class BoundedOne extends ReceiverClose {
      public BoundedOne() {
        super(Channel.bounded(1));
      }
    }

    public static class BoundedTwo extends ReceiverClose {
      public BoundedTwo() {
        super(Channel.bounded(2));
      }
    }

    public static class Unbounded extends ReceiverClose {
      public Unbounded() {
        super(Channel.unbounded());
      }
    }

    public static class Rendezvous extends ReceiverClose {
      public Rendezvous() {
        super(Channel.rendezvous());
      }
    }
  }

  // ---- the sequential specification ----

  /**
   * A sequential channel with two sender handles and one receiver handle: a FIFO buffer of
   * {@code capacity} (0 accepts nothing without a waiting receiver, and nothing here waits). The
   * same model serves both operation sets; each set calls only the methods it declares.
   */
  public abstract static class Model {
    private final int capacity;
    private final ArrayDeque<Integer> buffer = new ArrayDeque<>();
    private boolean senderClosed;
    private boolean sender2Closed;
    private boolean receiverClosed;

    Model(int capacity) {
      this.capacity = capacity;
    }

    /** {@return true once the channel accepts no more messages} */
    private boolean disconnected(boolean twoSenders) {
      return (senderClosed && (sender2Closed || !twoSenders)) || receiverClosed;
    }

    private Object send(boolean handleClosed, int v, String noRoom, boolean twoSenders) {
      if (handleClosed) {
        return HANDLE_CLOSED;
      }
      if (disconnected(twoSenders)) {
        return CLOSED;
      }
      if (buffer.size() >= capacity) {
        return noRoom;
      }
      buffer.addLast(v);
      return SENT;
    }

    private Object recv(String none) {
      if (receiverClosed) {
        return HANDLE_CLOSED;
      }
      Integer v = buffer.pollFirst();
      if (v != null) {
        return v;
      }
      // Only SenderClose closes senders, and it has two of them.
      return disconnected(true) ? CLOSED : none;
    }

    // SenderClose: sends on handle 1 and 2, receives, size, isClosed.

    public Object trySend(int v) {
      return send(senderClosed, v, FULL, true);
    }

    public Object sendNow(int v) {
      return send(senderClosed, v, TIMED_OUT, true);
    }

    public Object trySend2(int v) {
      return send(sender2Closed, v, FULL, true);
    }

    public void closeSender() {
      senderClosed = true;
    }

    public void closeSender2() {
      sender2Closed = true;
    }

    public Object tryRecv() {
      return recv(EMPTY);
    }

    public Object recvNow() {
      return recv(TIMED_OUT);
    }

    public Integer poll() {
      return recv(EMPTY) instanceof Integer v ? v : null;
    }

    public int size() {
      return buffer.size();
    }

    public boolean receiverIsClosed() {
      return disconnected(true) && buffer.isEmpty();
    }

    // ReceiverClose: its sender handle is never closed, so sends fail only once the receiver is.

    public boolean senderIsClosed() {
      return receiverClosed;
    }

    public void closeReceiver() {
      receiverClosed = true;
      buffer.clear();
    }

    public static class BoundedOne extends Model {
      public BoundedOne() {
        super(1);
      }
    }

    public static class BoundedTwo extends Model {
      public BoundedTwo() {
        super(2);
      }
    }

    public static class Unbounded extends Model {
      public Unbounded() {
        super(Integer.MAX_VALUE);
      }
    }

    public static class Rendezvous extends Model {
      public Rendezvous() {
        super(0);
      }
    }
  }
}
