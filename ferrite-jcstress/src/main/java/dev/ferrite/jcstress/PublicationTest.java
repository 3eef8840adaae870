package dev.ferrite.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ferrite.channel.Channel;
import dev.ferrite.channel.Received;
import dev.ferrite.channel.Receiver;
import dev.ferrite.channel.Sender;
import dev.ferrite.channel.Sent;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A message's fields are fully visible to its receiver: one actor sends a freshly built
 * {@link Payload} whose fields are plain, the other tries to receive it and reads the fields. The
 * receiver may be too early (nothing received), but a received payload must never show a default
 * (zero) field.
 */
public final class PublicationTest {
  private PublicationTest() {}

  static void record(Payload p, III_Result r) {
    if (p == null) {
      r.r1 = Payload.NONE;
      r.r2 = Payload.NONE;
      r.r3 = Payload.NONE;
    } else {
      r.r1 = p.a;
      r.r2 = p.b;
      r.r3 = p.c;
    }
  }

  static Payload tryTake(Receiver<Payload> rx) {
    return rx.tryRecv() instanceof Received<Payload>(Payload p) ? p : null;
  }

  /** The ring-buffer flavour, one slot: trySend then tryRecv. */
  @JCStressTest
  @Description("bounded(1): a received message shows every field written before the send")
  @Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "not received yet")
  @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "received with all fields set")
  @Outcome(expect = FORBIDDEN, desc = "received with a field not yet visible")
  @State
  public static class Bounded {
    final Channel<Payload> ch = Channel.bounded(1);
    final Sender<Payload> tx = ch.sender();
    final Receiver<Payload> rx = ch.receiver();

    @Actor
    public void sender() {
      tx.trySend(Payload.make());
    }

    @Actor
    public void receiver(III_Result r) {
      record(tryTake(rx), r);
    }
  }

  /** The ring-buffer flavour with slots to spare, so the receiver reads a slot it never saw full. */
  @JCStressTest
  @Description("bounded(4): a received message shows every field written before the send")
  @Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "not received yet")
  @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "received with all fields set")
  @Outcome(expect = FORBIDDEN, desc = "received with a field not yet visible")
  @State
  public static class BoundedRoomy {
    final Channel<Payload> ch = Channel.bounded(4);
    final Sender<Payload> tx = ch.sender();
    final Receiver<Payload> rx = ch.receiver();

    @Actor
    public void sender() {
      tx.trySend(Payload.make());
    }

    @Actor
    public void receiver(III_Result r) {
      record(tryTake(rx), r);
    }
  }

  /** The linked-block flavour: the first send also publishes the first block. */
  @JCStressTest
  @Description("unbounded: a received message shows every field written before the send")
  @Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "not received yet")
  @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "received with all fields set")
  @Outcome(expect = FORBIDDEN, desc = "received with a field not yet visible")
  @State
  public static class Unbounded {
    final Channel<Payload> ch = Channel.unbounded();
    final Sender<Payload> tx = ch.sender();
    final Receiver<Payload> rx = ch.receiver();

    @Actor
    public void sender() {
      tx.trySend(Payload.make());
    }

    @Actor
    public void receiver(III_Result r) {
      record(tryTake(rx), r);
    }
  }

  /**
   * The rendezvous flavour needs both sides at once, and jcstress actors do not run in lock step,
   * so neither side may wait long: the receiver waits a bounded time ({@link #PATIENCE}) and then
   * says it is done; the sender keeps trying a non-blocking send (which succeeds only while the
   * receiver waits) until it succeeds or sees the receiver done. Neither side can then get far
   * ahead of the other, and nothing hangs. r4 is 1 if the sender saw its message taken. The two
   * sides must agree: a message taken while its sender gave up (or the reverse) would be
   * duplicated or lost.
   */
  @JCStressTest
  @Description("rendezvous: the taker of a hand-off sees every field; both sides agree on it")
  @Outcome(id = "1, 2, 3, 1", expect = ACCEPTABLE, desc = "handed off, all fields set")
  @Outcome(id = "-1, -1, -1, 0", expect = ACCEPTABLE_INTERESTING,
      desc = "the sender came too late: the receiver had given up")
  @Outcome(expect = FORBIDDEN, desc = "a field not visible, or the two sides disagree")
  @State
  public static class Rendezvous {
    static final Duration PATIENCE = Duration.ofMillis(10);
    final Channel<Payload> ch = Channel.rendezvous();
    final Sender<Payload> tx = ch.sender();
    final Receiver<Payload> rx = ch.receiver();
    volatile boolean receiverDone;

    @Actor
    public void sender(IIII_Result r) {
      Payload p = Payload.make();
      for (;;) {
        if (tx.trySend(p) instanceof Sent) {
          r.r4 = 1;
          return;
        }
        if (receiverDone) {
          r.r4 = 0; // the receiver gave up before this sender arrived
          return;
        }
        Thread.onSpinWait();
      }
    }

    @Actor
    public void receiver(IIII_Result r) {
      Payload p = null;
      try {
        if (rx.recv(PATIENCE) instanceof Received<Payload>(Payload v)) {
          p = v;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      receiverDone = true;
      r.r1 = p == null ? Payload.NONE : p.a;
      r.r2 = p == null ? Payload.NONE : p.b;
      r.r3 = p == null ? Payload.NONE : p.c;
    }
  }

  /** The {@link BlockingQueue} view: offer on one side, poll on the other. */
  @JCStressTest
  @Description("asBlockingQueue(): a polled element shows every field written before the offer")
  @Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "not polled yet")
  @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "polled with all fields set")
  @Outcome(expect = FORBIDDEN, desc = "polled with a field not yet visible")
  @State
  public static class QueueView {
    final BlockingQueue<Payload> q = Channel.<Payload>bounded(2).asBlockingQueue();

    @Actor
    public void sender() {
      q.offer(Payload.make());
    }

    @Actor
    public void receiver(III_Result r) {
      record(q.poll(), r);
    }
  }
}
