package dev.ferrite.channel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model checking of the blocking operations and of close waking blocked threads, in every
 * flavour, with Lincheck's general-purpose model checker ({@link Lincheck#runConcurrentTest}).
 *
 * <p>A waiting send has no sequential specification, so instead of checking linearizability each
 * test runs a small fixed program of two or three threads and asserts its outcome; Lincheck runs
 * it under many interleavings, switching threads at every shared-memory access, park and unpark,
 * and reports a schedule that breaks an assertion or leaves a thread blocked for ever (a lost
 * wake-up shows up as a deadlock). The model checker assumes sequential consistency: the jcstress
 * tests in {@code ferrite-jcstress} cover memory ordering.
 */
class ChannelBlockingLincheckTest {
  /*
   * Budget. Each explored interleaving of these programs costs milliseconds (Lincheck instruments
   * every shared access, lock and park), so `./mvnw verify` explores a few dozen interleavings per
   * program and flavour, which covers the schedules with few context switches where lost wake-ups
   * live. -Dferrite.lincheck.scale=N multiplies that, and also enables the programs marked
   * thorough-only, for a longer hunt.
   */
  static final int SCALE = ChannelLincheckTest.SCALE;
  static final boolean THOROUGH = SCALE > 1;
  /** Interleavings explored per program. */
  static final int INVOCATIONS = 25 * SCALE;

  /*
   * The suppliers are lambdas, not method references (Channel::unbounded): with a method
   * reference, Lincheck 3.7's model checker hangs on these programs.
   */
  static Stream<Arguments> flavours() {
    return Stream.of(
        Arguments.of("bounded(1)", (Supplier<Channel<Integer>>) () -> Channel.bounded(1)),
        Arguments.of("bounded(2)", (Supplier<Channel<Integer>>) () -> Channel.bounded(2)),
        Arguments.of("unbounded", (Supplier<Channel<Integer>>) () -> Channel.unbounded()),
        Arguments.of("rendezvous", (Supplier<Channel<Integer>>) () -> Channel.rendezvous()));
  }

  /** A body for a thread of the program under test, which may throw anything. */
  interface Body {
    void run() throws Exception;
  }

  /**
   * Starts a thread running {@code body}; an exception or assertion failure in it is rethrown by
   * {@link Worker#join}. Other errors pass through: Lincheck stops the threads of an abandoned
   * interleaving by throwing its own {@link Error}, which must not be swallowed.
   */
  static final class Worker {
    private final Thread thread;
    private volatile Throwable failure;

    Worker(Body body) {
      thread = new Thread(() -> {
        try {
          body.run();
        } catch (Exception | AssertionError t) {
          failure = t;
        }
      });
      thread.start();
    }

    void join() throws InterruptedException {
      thread.join();
      if (failure != null) {
        throw new AssertionError("worker failed", failure);
      }
    }
  }

  /**
   * Fails the program unless {@code condition} holds. Plain Java on purpose: code inside the
   * model checker should not call into assertion libraries, whose objects Lincheck inspects
   * (AssertJ's assert objects throw from {@code equals}).
   */
  static void require(boolean condition, String what, Object... details) {
    if (!condition) {
      throw new AssertionError(what + " " + Arrays.deepToString(details));
    }
  }

  static void check(Body program) {
    Lincheck.runConcurrentTest(INVOCATIONS, () -> {
      try {
        program.run();
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  /** Blocking sends and receives hand two messages over in order; then recv reports closed. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void blockingSendAndRecvThenClose(String name, Supplier<Channel<Integer>> flavour) {
    check(() -> {
      Channel<Integer> ch = flavour.get();
      Sender<Integer> tx = ch.sender();
      Receiver<Integer> rx = ch.receiver();
      Worker producer = new Worker(() -> {
        tx.send(1);
        tx.send(2);
        tx.close();
      });
      int a = rx.recv();
      int b = rx.recv();
      boolean closed = false;
      try {
        rx.recv();
      } catch (ChannelClosedException e) {
        closed = true;
      }
      producer.join();
      require(a == 1 && b == 2, "received in order", a, b);
      require(closed, "recv after the last sender closed and the buffer drained reports closed");
    });
  }

  /** The receiver's iterator yields every message, then ends when the sender closes. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void iteratorEndsAfterDrain(String name, Supplier<Channel<Integer>> flavour) {
    assumeTrue(THOROUGH, "thorough runs only (-Dferrite.lincheck.scale=N, N > 1)");
    check(() -> {
      Channel<Integer> ch = flavour.get();
      Sender<Integer> tx = ch.sender();
      Receiver<Integer> rx = ch.receiver();
      List<Integer> got = new ArrayList<>();
      Worker consumer = new Worker(() -> {
        for (Integer v : rx) {
          got.add(v);
        }
      });
      tx.send(1);
      tx.send(2);
      tx.close();
      consumer.join();
      require(got.equals(List.of(1, 2)), "iterated in order, then ended", got);
    });
  }

  /**
   * A receiver blocked on an empty channel wakes when the last sender closes. A try-send made
   * just before the close either is delivered (buffered flavours always accept it; a rendezvous
   * only if the receiver was already waiting) or is refused; never lost, never both.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void senderCloseWakesBlockedReceiver(String name, Supplier<Channel<Integer>> flavour) {
    check(() -> {
      Channel<Integer> ch = flavour.get();
      Sender<Integer> tx = ch.sender();
      Receiver<Integer> rx = ch.receiver();
      Integer[] got = new Integer[1];
      boolean[] closed = new boolean[1];
      Worker consumer = new Worker(() -> {
        try {
          got[0] = rx.recv();
        } catch (ChannelClosedException e) {
          closed[0] = true;
        }
      });
      boolean sent = tx.trySend(7) instanceof Sent;
      tx.close();
      consumer.join();
      require(sent || ch.sender().capacity() == 0, "a buffered channel with room accepts");
      if (sent) {
        require(Integer.valueOf(7).equals(got[0]), "an accepted message is received before closed",
            got[0]);
      } else {
        require(closed[0], "the receiver sees closed");
      }
    });
  }

  /**
   * A sender blocked for room (or for a partner) wakes when the last receiver closes, and gets its
   * message back; a message the receiver took first is not reported unsent.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void receiverCloseWakesBlockedSender(String name, Supplier<Channel<Integer>> flavour) {
    check(() -> {
      Channel<Integer> ch = flavour.get();
      Sender<Integer> tx = ch.sender();
      Receiver<Integer> rx = ch.receiver();
      List<Integer> accepted = new ArrayList<>();
      Object[] unsent = new Object[1];
      Worker producer = new Worker(() -> {
        try {
          for (int i = 1; i <= 3; i++) {
            tx.send(i);
            accepted.add(i);
          }
        } catch (ChannelClosedException e) {
          unsent[0] = e.unsent();
        }
      });
      Object first = rx.poll();
      rx.close();
      producer.join();
      int cap = ch.sender().capacity();
      // Sends stop at the first failure, which hands back exactly the message it tried.
      Integer expectedUnsent = accepted.size() < 3 ? accepted.size() + 1 : null;
      require(java.util.Objects.equals(unsent[0], expectedUnsent), "unsent message", unsent[0],
          accepted);
      // bounded(1) and rendezvous cannot accept all three without a second receive.
      require(cap >= 2 || unsent[0] != null, "the blocked sender woke with closed");
      require(first == null || (first.equals(1) && accepted.contains(1)), "first message", first);
      // No buffer: a send returns only when a receive took its message.
      require(cap > 0 || accepted.equals(first == null ? List.of() : List.of(1)),
          "rendezvous sends completed only by receives", accepted, first);
    });
  }

  /** Two blocked senders and one receiver: each message arrives exactly once. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void twoSendersOneReceiver(String name, Supplier<Channel<Integer>> flavour) {
    assumeTrue(THOROUGH, "thorough runs only (-Dferrite.lincheck.scale=N, N > 1)");
    check(() -> {
      Channel<Integer> ch = flavour.get();
      Sender<Integer> tx = ch.sender();
      Sender<Integer> tx2 = tx.clone();
      Receiver<Integer> rx = ch.receiver();
      Worker a = new Worker(() -> {
        tx.send(1);
        tx.close();
      });
      Worker b = new Worker(() -> {
        tx2.send(2);
        tx2.close();
      });
      List<Integer> got = new ArrayList<>();
      for (Integer v : rx) {
        got.add(v);
      }
      a.join();
      b.join();
      got.sort(null);
      require(got.equals(List.of(1, 2)), "each message once", got);
    });
  }

  /** Two blocked receivers and one sender: each message is taken by exactly one of them. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void oneSenderTwoReceivers(String name, Supplier<Channel<Integer>> flavour) {
    check(() -> {
      Channel<Integer> ch = flavour.get();
      Sender<Integer> tx = ch.sender();
      Receiver<Integer> rx = ch.receiver();
      Receiver<Integer> rx2 = rx.clone();
      Integer[] got = new Integer[2];
      Worker a = new Worker(() -> got[0] = rx.recv());
      Worker b = new Worker(() -> got[1] = rx2.recv());
      tx.send(1);
      tx.send(2);
      a.join();
      b.join();
      require(got[0] != null && got[1] != null && got[0] + got[1] == 3, "each message once",
          got[0], got[1]);
    });
  }
}
