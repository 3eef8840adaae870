package dev.ferrite.cli.tour;

import dev.ferrite.channel.Channel;
import dev.ferrite.channel.ChannelClosedException;
import dev.ferrite.channel.Empty;
import dev.ferrite.channel.Full;
import dev.ferrite.channel.Received;
import dev.ferrite.channel.Receiver;
import dev.ferrite.channel.RecvClosed;
import dev.ferrite.channel.RecvTimedOut;
import dev.ferrite.channel.RecvTimeoutResult;
import dev.ferrite.channel.Select;
import dev.ferrite.channel.SendClosed;
import dev.ferrite.channel.SendTimedOut;
import dev.ferrite.channel.SendTimeoutResult;
import dev.ferrite.channel.Sender;
import dev.ferrite.channel.Sent;
import dev.ferrite.channel.TryRecvResult;
import dev.ferrite.channel.TrySendResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;

/**
 * Channels: producers and consumers that shut down by closing their handles, a rendezvous
 * hand-off, {@code select} over two channels, and every outcome of the try and timed forms.
 */
final class ChannelsSection implements TourSection {
  static final int PRODUCERS = 3;
  static final int CONSUMERS = 2;
  static final int PER_PRODUCER = 10;
  static final int CAPACITY = 4;
  private static final Duration SHORT = Duration.ofMillis(20);

  @Override
  public String name() {
    return "channels";
  }

  @Override
  public String title() {
    return "bounded and rendezvous channels, close, select";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    producersAndConsumers(out);
    rendezvous(out);
    select(out);
    outcomes(out);
  }

  private record Message(int producer, int seq) {}

  /**
   * Each producer sends on its own clone of the sender and closes it when done; the channel closes
   * when the last clone does, and the consumers' loops end once they have drained it.
   */
  private static void producersAndConsumers(PrintStream out) throws InterruptedException {
    out.printf(
        "%d producers -> bounded(%d) -> %d consumers; each producer closes its sender clone when done%n",
        PRODUCERS, CAPACITY, CONSUMERS);
    Channel<Message> channel = Channel.bounded(CAPACITY);
    Crew crew = new Crew();
    int[] counts = new int[CONSUMERS];
    boolean[] ordered = new boolean[CONSUMERS];
    try (Sender<Message> tx = channel.sender();
        Receiver<Message> rx = channel.receiver()) {
      for (int p = 0; p < PRODUCERS; p++) {
        int producer = p;
        Sender<Message> mine = tx.clone();
        crew.start(
            "tour-producer-" + p,
            () -> {
              try (mine) {
                for (int seq = 0; seq < PER_PRODUCER; seq++) {
                  mine.send(new Message(producer, seq));
                }
              }
            });
      }
      for (int c = 0; c < CONSUMERS; c++) {
        int consumer = c;
        Receiver<Message> mine = rx.clone();
        crew.start(
            "tour-consumer-" + c,
            () -> {
              int[] last = new int[PRODUCERS];
              Arrays.fill(last, -1);
              boolean inOrder = true;
              try (mine) {
                for (Message m : mine) { // ends when every sender is closed and the buffer drained
                  counts[consumer]++;
                  inOrder &= m.seq() > last[m.producer()];
                  last[m.producer()] = m.seq();
                }
              }
              ordered[consumer] = inOrder;
            });
      }
    } // closes the first handles: from now on the producers' clones decide when the channel closes
    crew.join(); // join() makes the consumers' counts visible here
    int total = 0;
    boolean allOrdered = true;
    for (int c = 0; c < CONSUMERS; c++) {
      out.printf("  consumer %d received %d messages%n", c, counts[c]);
      total += counts[c];
      allOrdered &= ordered[c];
    }
    out.printf(
        "  total: %d/%d messages received, each producer's in order: %s%n",
        total, PRODUCERS * PER_PRODUCER, allOrdered ? "yes" : "NO");
  }

  /** A rendezvous channel has no buffer: the sender waits until a receiver takes the message. */
  private static void rendezvous(PrintStream out) throws InterruptedException {
    Channel<String> channel = Channel.rendezvous();
    Crew crew = new Crew();
    try (Sender<String> tx = channel.sender();
        Receiver<String> rx = channel.receiver()) {
      out.println("rendezvous (capacity 0):");
      line(out, "trySend(\"early\")", describe(tx.trySend("early")) + " (no receiver waiting)");
      crew.start("tour-rendezvous", () -> tx.send("ping"));
      String got = rx.recv();
      crew.join();
      line(out, "send(\"ping\")", "returned once the other thread's recv() took \"" + got + "\"");
    }
  }

  /** Select waits on several channels at once and says which case completed. */
  private static void select(PrintStream out) throws InterruptedException {
    Channel<String> a = Channel.bounded(1);
    Channel<String> b = Channel.bounded(1);
    Crew crew = new Crew();
    try (Sender<String> aTx = a.sender();
        Receiver<String> aRx = a.receiver();
        Sender<String> bTx = b.sender();
        Receiver<String> bRx = b.receiver()) {
      Select<String> select =
          new Select<String>()
              .recv(aRx, m -> "a: " + m, () -> "a: closed")
              .recv(bRx, m -> "b: " + m, () -> "b: closed");
      out.println("select over channels a and b:");
      crew.start("tour-select", () -> bTx.send("hello from another thread"));
      line(out, "select()", select.select());
      crew.join();
      aTx.send("world");
      line(out, "select()", select.select());
      line(out, "select(20 ms)", select.select(SHORT, () -> "timed out: nothing arrived"));
      line(out, "trySelect()", select.trySelect(() -> "nothing ready, did not block"));
      aTx.close();
      line(out, "select()", select.select() + " (a's last sender was closed)");
    }
  }

  /** The try and timed forms return every outcome as a value: an exhaustive switch covers them. */
  private static void outcomes(PrintStream out) throws InterruptedException {
    out.println("try and timed forms on bounded(1):");
    Channel<Integer> channel = Channel.bounded(1);
    try (Sender<Integer> tx = channel.sender();
        Receiver<Integer> rx = channel.receiver()) {
      line(out, "trySend(1)", describe(tx.trySend(1)));
      line(out, "trySend(2)", describe(tx.trySend(2)));
      line(out, "send(3, 20 ms)", describe(tx.send(3, SHORT)));
      line(out, "tryRecv()", describe(rx.tryRecv()));
      line(out, "tryRecv()", describe(rx.tryRecv()));
      line(out, "recv(20 ms)", describe(rx.recv(SHORT)));
      tx.send(4);
      tx.close();
      out.println("  (4 sent, then the only sender closed)");
      line(out, "tryRecv()", describe(rx.tryRecv()) + " (buffered messages outlive the close)");
      line(out, "recv(20 ms)", describe(rx.recv(SHORT)));
    }
    Channel<Integer> orphan = Channel.bounded(1);
    try (Sender<Integer> tx = orphan.sender()) {
      orphan.receiver().close();
      out.println("  (the only receiver closed)");
      line(out, "trySend(5)", describe(tx.trySend(5)));
      try {
        tx.send(6);
        line(out, "send(6)", "sent?!");
      } catch (ChannelClosedException e) {
        line(out, "send(6)", "ChannelClosedException, unsent() = " + e.unsent());
      }
    }
  }

  private static void line(PrintStream out, String call, String outcome) {
    out.printf("  %-18s -> %s%n", call, outcome);
  }

  static String describe(TrySendResult<?> r) {
    return switch (r) {
      case Sent<?> s -> "Sent";
      case Full<?> f -> "Full(" + f.message() + "), message handed back";
      case SendClosed<?> c -> "SendClosed(" + c.message() + "), message handed back";
    };
  }

  static String describe(SendTimeoutResult<?> r) {
    return switch (r) {
      case Sent<?> s -> "Sent";
      case SendTimedOut<?> t -> "SendTimedOut(" + t.message() + "), message handed back";
      case SendClosed<?> c -> "SendClosed(" + c.message() + "), message handed back";
    };
  }

  static String describe(TryRecvResult<?> r) {
    return switch (r) {
      case Received<?> v -> "Received(" + v.value() + ")";
      case Empty<?> e -> "Empty";
      case RecvClosed<?> c -> "RecvClosed";
    };
  }

  static String describe(RecvTimeoutResult<?> r) {
    return switch (r) {
      case Received<?> v -> "Received(" + v.value() + ")";
      case RecvTimedOut<?> t -> "RecvTimedOut";
      case RecvClosed<?> c -> "RecvClosed";
    };
  }
}
