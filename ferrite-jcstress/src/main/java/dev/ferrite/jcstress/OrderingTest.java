package dev.ferrite.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ferrite.channel.Channel;
import dev.ferrite.channel.Empty;
import dev.ferrite.channel.Received;
import dev.ferrite.channel.RecvClosed;
import dev.ferrite.channel.Receiver;
import dev.ferrite.channel.Sender;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Ordering claims under real concurrency: one producer's messages arrive in the order sent, and a
 * close that follows a send never overtakes it (receivers drain before they see "closed").
 *
 * <p>Each {@code tryRecv} is recorded as a code: 0 empty, -1 closed, n the number carried by the
 * message received, -9 a message whose fields were not all visible.
 */
public final class OrderingTest {
  private OrderingTest() {}

  static final int EMPTY = 0;
  static final int CLOSED = -1;
  static final int BROKEN = -9;

  static int code(Receiver<Payload> rx) {
    return switch (rx.tryRecv()) {
      case Received<Payload>(Payload p) -> p.b == 2 && p.c == 3 ? p.a : BROKEN;
      case Empty<Payload> e -> EMPTY;
      case RecvClosed<Payload> c -> CLOSED;
    };
  }

  static Payload numbered(int n) {
    Payload p = Payload.make();
    p.a = n;
    return p;
  }

  /** bounded(2): one producer's two messages arrive in the order sent. */
  @JCStressTest
  @Description("bounded(2): one producer's messages arrive in order")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "nothing yet")
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "first message arrives between the receives")
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "first message, second not yet")
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "both, in order")
  @Outcome(expect = FORBIDDEN, desc = "out of order, lost, duplicated or not fully visible")
  @State
  public static class FifoBounded {
    final Channel<Payload> ch = Channel.bounded(2);
    final Sender<Payload> tx = ch.sender();
    final Receiver<Payload> rx = ch.receiver();

    @Actor
    public void producer() {
      tx.trySend(numbered(1));
      tx.trySend(numbered(2));
    }

    @Actor
    public void consumer(II_Result r) {
      r.r1 = code(rx);
      r.r2 = code(rx);
    }
  }

  /** unbounded: one producer's two messages arrive in the order sent. */
  @JCStressTest
  @Description("unbounded: one producer's messages arrive in order")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "nothing yet")
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "first message arrives between the receives")
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "first message, second not yet")
  @Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "both, in order")
  @Outcome(expect = FORBIDDEN, desc = "out of order, lost, duplicated or not fully visible")
  @State
  public static class FifoUnbounded {
    final Channel<Payload> ch = Channel.unbounded();
    final Sender<Payload> tx = ch.sender();
    final Receiver<Payload> rx = ch.receiver();

    @Actor
    public void producer() {
      tx.trySend(numbered(1));
      tx.trySend(numbered(2));
    }

    @Actor
    public void consumer(II_Result r) {
      r.r1 = code(rx);
      r.r2 = code(rx);
    }
  }

  /**
   * bounded(1): send one message, then close the only sender; the receiver tries twice. "Closed" may
   * only follow the message, and the message is taken at most once.
   */
  @JCStressTest
  @Description("bounded(1): closing after a send never hides the message")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "nothing yet")
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "message arrives between the receives")
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "message, close not yet seen")
  @Outcome(id = "1, -1", expect = ACCEPTABLE, desc = "message, then closed")
  @Outcome(expect = FORBIDDEN, desc = "closed before the message was drained, or it was duplicated")
  @State
  public static class CloseAfterSendBounded {
    final Channel<Payload> ch = Channel.bounded(1);
    final Sender<Payload> tx = ch.sender();
    final Receiver<Payload> rx = ch.receiver();

    @Actor
    public void producer() {
      tx.trySend(numbered(1));
      tx.close();
    }

    @Actor
    public void consumer(II_Result r) {
      r.r1 = code(rx);
      r.r2 = code(rx);
    }
  }

  /**
   * unbounded: send one message, then close the only sender; the receiver tries twice. "Closed" may
   * only follow the message, and the message is taken at most once.
   */
  @JCStressTest
  @Description("unbounded: closing after a send never hides the message")
  @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "nothing yet")
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "message arrives between the receives")
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "message, close not yet seen")
  @Outcome(id = "1, -1", expect = ACCEPTABLE, desc = "message, then closed")
  @Outcome(expect = FORBIDDEN, desc = "closed before the message was drained, or it was duplicated")
  @State
  public static class CloseAfterSendUnbounded {
    final Channel<Payload> ch = Channel.unbounded();
    final Sender<Payload> tx = ch.sender();
    final Receiver<Payload> rx = ch.receiver();

    @Actor
    public void producer() {
      tx.trySend(numbered(1));
      tx.close();
    }

    @Actor
    public void consumer(II_Result r) {
      r.r1 = code(rx);
      r.r2 = code(rx);
    }
  }
}
