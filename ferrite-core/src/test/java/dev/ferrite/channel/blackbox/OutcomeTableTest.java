package dev.ferrite.channel.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.ferrite.channel.Channel;
import dev.ferrite.channel.ChannelClosedException;
import dev.ferrite.channel.Empty;
import dev.ferrite.channel.Full;
import dev.ferrite.channel.Received;
import dev.ferrite.channel.Receiver;
import dev.ferrite.channel.RecvClosed;
import dev.ferrite.channel.RecvTimedOut;
import dev.ferrite.channel.RecvTimeoutResult;
import dev.ferrite.channel.SendClosed;
import dev.ferrite.channel.SendTimedOut;
import dev.ferrite.channel.SendTimeoutResult;
import dev.ferrite.channel.Sender;
import dev.ferrite.channel.Sent;
import dev.ferrite.channel.TrySendResult;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The outcome table of every operation form, flavour by flavour: each not-ready, timed-out and
 * closed outcome is reported as documented, and a failed send hands back the very message.
 */
class OutcomeTableTest {

  // ---- try forms ----

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void trySendIsSentWhenThereIsRoomOrAWaitingReceiver(Flavour f) throws Exception {
    Channel<String> ch = f.create();
    Sender<String> tx = ch.sender();
    Receiver<String> rx = ch.receiver();
    if (f.buffers()) {
      assertThat(tx.trySend("a")).isEqualTo(Sent.instance());
      assertThat(tx.size()).isEqualTo(1);
      assertThat(rx.tryRecv()).isEqualTo(new Received<>("a"));
    } else {
      try (TestThreads threads = new TestThreads()) {
        TestThreads.Handle<String> receiver = threads.call("receiver", rx::recv);
        TestThreads.awaitBlocked(receiver.thread());
        assertThat(tx.trySend("a")).isEqualTo(Sent.instance());
        assertThat(receiver.get()).isEqualTo("a");
      }
    }
    assertThat(rx.tryRecv()).isEqualTo(Empty.instance());
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void trySendOnAFullChannelIsFullAndHandsTheMessageBack(Flavour f) {
    assumeThat(f.canBeFull()).isTrue();
    Channel<String> ch = f.create();
    List<String> fill = Flavour.fill(ch.sender());
    assertThat(fill).hasSize(f.capacity);
    String m = new String("m");
    TrySendResult<String> r = ch.sender().trySend(m);
    assertThat(r).isInstanceOf(Full.class);
    assertThat(((Full<String>) r).message()).isSameAs(m);
    assertThat(drain(ch.receiver())).isEqualTo(fill);
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void trySendAfterTheLastReceiverClosedIsSendClosedWithTheMessage(Flavour f) {
    Channel<String> ch = f.create();
    ch.receiver().close();
    String m = new String("m");
    TrySendResult<String> r = ch.sender().trySend(m);
    assertThat(r).isInstanceOf(SendClosed.class);
    assertThat(((SendClosed<String>) r).message()).isSameAs(m);
    assertThat(ch.sender().isClosed()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void tryRecvIsEmptyThenReceivedThenClosed(Flavour f) throws Exception {
    Channel<String> ch = f.create();
    Receiver<String> rx = ch.receiver();
    assertThat(rx.tryRecv()).isEqualTo(Empty.instance());
    assertThat(rx.poll()).isNull();
    assertThat(rx.isClosed()).isFalse();
    if (f.buffers()) {
      ch.sender().send("a");
      assertThat(rx.isEmpty()).isFalse();
      assertThat(rx.tryRecv()).isEqualTo(new Received<>("a"));
    } else {
      try (TestThreads threads = new TestThreads()) {
        Thread sender = threads.start("sender", () -> ch.sender().send("a"));
        TestThreads.awaitBlocked(sender);
        assertThat(rx.tryRecv()).isEqualTo(new Received<>("a"));
      }
    }
    ch.sender().close();
    assertThat(rx.tryRecv()).isEqualTo(RecvClosed.instance());
    assertThat(rx.poll()).isNull();
    assertThat(rx.isClosed()).isTrue();
  }

  // ---- timed forms ----

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void timedSendIsSentWhenThereIsRoom(Flavour f) throws Exception {
    assumeThat(f.buffers()).isTrue();
    Channel<String> ch = f.create();
    assertThat(ch.sender().send("a", Timeouts.LONG)).isEqualTo(Sent.instance());
    assertThat(ch.receiver().tryRecv()).isEqualTo(new Received<>("a"));
    assertThat(ch.sender().sendUntil("b", Instant.now().plus(Timeouts.LONG)))
        .isEqualTo(Sent.instance());
    assertThat(ch.receiver().tryRecv()).isEqualTo(new Received<>("b"));
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void timedSendToAWaitingReceiverIsSent(Flavour f) throws Exception {
    Channel<String> ch = f.create();
    try (TestThreads threads = new TestThreads()) {
      TestThreads.Handle<String> receiver = threads.call("receiver", ch.receiver()::recv);
      TestThreads.awaitBlocked(receiver.thread());
      assertThat(ch.sender().send("a", Timeouts.LONG)).isEqualTo(Sent.instance());
      assertThat(receiver.get()).isEqualTo("a");
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void timedSendOnAFullChannelTimesOutAndHandsTheMessageBack(Flavour f) throws Exception {
    assumeThat(f.canBeFull()).isTrue();
    Channel<String> ch = f.create();
    List<String> fill = Flavour.fill(ch.sender());
    String m = new String("m");
    long start = System.nanoTime();
    SendTimeoutResult<String> r = ch.sender().send(m, Timeouts.SHORT);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Timeouts.SHORT.toNanos());
    assertThat(r).isInstanceOf(SendTimedOut.class);
    assertThat(((SendTimedOut<String>) r).message()).isSameAs(m);

    start = System.nanoTime();
    r = ch.sender().sendUntil(m, Instant.now().plus(Timeouts.SHORT));
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Timeouts.SHORT.toNanos() / 2);
    assertThat(r).isEqualTo(new SendTimedOut<>(m));

    // zero, negative and past deadlines behave like trySend, reporting SendTimedOut
    assertThat(ch.sender().send(m, Duration.ZERO)).isEqualTo(new SendTimedOut<>(m));
    assertThat(ch.sender().send(m, Duration.ofSeconds(-1))).isEqualTo(new SendTimedOut<>(m));
    assertThat(ch.sender().send(m, Duration.ofSeconds(Long.MIN_VALUE)))
        .isEqualTo(new SendTimedOut<>(m));
    assertThat(ch.sender().sendUntil(m, Instant.EPOCH)).isEqualTo(new SendTimedOut<>(m));
    assertThat(drain(ch.receiver())).isEqualTo(fill);
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void timedSendAfterTheLastReceiverClosedIsSendClosed(Flavour f) throws Exception {
    Channel<String> ch = f.create();
    ch.receiver().close();
    String m = new String("m");
    SendTimeoutResult<String> r = ch.sender().send(m, Timeouts.LONG);
    assertThat(r).isInstanceOf(SendClosed.class);
    assertThat(((SendClosed<String>) r).message()).isSameAs(m);
    assertThat(ch.sender().sendUntil(m, Instant.now().plus(Timeouts.LONG)))
        .isEqualTo(new SendClosed<>(m));
    assertThat(ch.sender().send(m, Duration.ZERO)).isEqualTo(new SendClosed<>(m));
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void timedRecvReceivesTimesOutAndSeesClosed(Flavour f) throws Exception {
    Channel<String> ch = f.create();
    Receiver<String> rx = ch.receiver();
    long start = System.nanoTime();
    assertThat(rx.recv(Timeouts.SHORT)).isEqualTo(RecvTimedOut.instance());
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Timeouts.SHORT.toNanos());
    assertThat(rx.recvUntil(Instant.now().plus(Timeouts.SHORT))).isEqualTo(RecvTimedOut.instance());
    assertThat(rx.recv(Duration.ZERO)).isEqualTo(RecvTimedOut.instance());
    assertThat(rx.recv(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(RecvTimedOut.instance());
    assertThat(rx.recvUntil(Instant.EPOCH)).isEqualTo(RecvTimedOut.instance());

    try (TestThreads threads = new TestThreads()) {
      // a receiver waiting "forever" (a timeout too large for nanoseconds) still gets the message
      TestThreads.Handle<RecvTimeoutResult<String>> waiting =
          threads.call("receiver", () -> rx.recv(Duration.ofSeconds(Long.MAX_VALUE)));
      TestThreads.awaitBlocked(waiting.thread());
      Guard.send(ch.sender(), "a");
      assertThat(waiting.get()).isEqualTo(new Received<>("a"));
    }
    if (f.buffers()) {
      ch.sender().send("b");
      assertThat(rx.recv(Duration.ZERO)).isEqualTo(new Received<>("b"));
    }
    ch.sender().close();
    assertThat(rx.recv(Timeouts.LONG)).isEqualTo(RecvClosed.instance());
    assertThat(rx.recvUntil(Instant.now().plus(Timeouts.LONG))).isEqualTo(RecvClosed.instance());
    assertThat(rx.recv(Duration.ZERO)).isEqualTo(RecvClosed.instance());
  }

  // ---- blocking forms ----

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void blockingSendOnAClosedChannelThrowsWithTheUnsentMessage(Flavour f) {
    Channel<String> ch = f.create();
    ch.receiver().close();
    String m = new String("m");
    assertThatThrownBy(() -> ch.sender().send(m))
        .isInstanceOf(ChannelClosedException.class)
        .isInstanceOf(IllegalStateException.class)
        .satisfies(e -> assertThat(((ChannelClosedException) e).unsent()).isSameAs(m));
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void blockingRecvReturnsWhatIsBufferedThenThrows(Flavour f) throws Exception {
    Channel<String> ch = f.create();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < f.smallBuffer(); i++) {
      sent.add("m" + i);
      ch.sender().send("m" + i);
    }
    ch.sender().close();
    List<String> got = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      got.add(ch.receiver().recv());
    }
    assertThat(got).isEqualTo(sent);
    assertThatThrownBy(ch.receiver()::recv)
        .isInstanceOf(ChannelClosedException.class)
        .satisfies(e -> assertThat(((ChannelClosedException) e).unsent()).isNull());
  }

  // ---- handles and arguments ----

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void capacityIsReportedByBothHandles(Flavour f) {
    Channel<String> ch = f.create();
    assertThat(ch.sender().capacity()).isEqualTo(f.capacity);
    assertThat(ch.receiver().capacity()).isEqualTo(f.capacity);
    assertThat(ch.receiver().size()).isZero();
    assertThat(ch.receiver().isEmpty()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void nullMessagesAreRejected(Flavour f) {
    Sender<String> tx = f.<String>create().sender();
    assertThatThrownBy(() -> tx.send(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> tx.trySend(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> tx.send(null, Timeouts.SHORT)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> tx.sendUntil(null, Instant.now()))
        .isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aClosedHandleCannotBeUsed(Flavour f) {
    Channel<String> ch = f.create();
    Sender<String> tx = ch.sender().clone(); // keep the channel open: only the handle is closed
    Receiver<String> rx = ch.receiver().clone();
    ch.sender().close();
    ch.receiver().close();
    Sender<String> closedTx = ch.sender();
    Receiver<String> closedRx = ch.receiver();
    assertThatThrownBy(() -> closedTx.send("m")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> closedTx.trySend("m")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> closedTx.send("m", Timeouts.SHORT))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(closedTx::clone).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(closedRx::recv).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(closedRx::tryRecv).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(closedRx::poll).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> closedRx.recv(Timeouts.SHORT)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(closedRx::iterator).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(closedRx::clone).isInstanceOf(IllegalStateException.class);
    // the other handles still work
    assertThat(tx.isClosed()).isFalse();
    assertThat(rx.tryRecv()).isEqualTo(Empty.instance());
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void outcomesSwitchExhaustively(Flavour f) throws Exception {
    Channel<String> ch = f.create();
    String described = switch (ch.receiver().tryRecv()) {
      case Received<String>(String v) -> "got " + v;
      case Empty<String> e -> "empty";
      case RecvClosed<String> c -> "closed";
    };
    assertThat(described).isEqualTo("empty");
    TrySendResult<String> r = ch.sender().trySend("x");
    String sent = switch (r) {
      case Sent<String> s -> "sent";
      case Full<String>(String m) -> "full " + m;
      case SendClosed<String>(String m) -> "closed " + m;
    };
    assertThat(sent).isEqualTo(f.buffers() ? "sent" : "full x");
  }

  static List<String> drain(Receiver<String> rx) {
    List<String> out = new ArrayList<>();
    while (rx.tryRecv() instanceof Received<String> got) {
      out.add(got.value());
    }
    return out;
  }
}
