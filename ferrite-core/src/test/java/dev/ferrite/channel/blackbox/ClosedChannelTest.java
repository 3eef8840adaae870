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
import dev.ferrite.channel.Select;
import dev.ferrite.channel.SendClosed;
import dev.ferrite.channel.Sender;
import dev.ferrite.channel.Sent;
import dev.ferrite.channel.TryRecvResult;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Go's closed-channel semantics (the ideas of Go's {@code chan_test.go} and of crossbeam's port
 * {@code tests/golang.rs}, rewritten for this API) and the counting of cloned handles.
 */
class ClosedChannelTest {

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void bufferedMessagesAreReceivedAfterTheLastSenderClosesThenClosedForever(Flavour f)
      throws Exception {
    Channel<Integer> ch = f.create();
    int n = f.smallBuffer();
    for (int i = 0; i < n; i++) {
      ch.sender().send(i);
    }
    ch.sender().close();
    Receiver<Integer> rx = ch.receiver();
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      assertThat(rx.isClosed()).as("closed while messages remain").isFalse();
      // every form of receive still delivers buffered messages
      got.add(switch (i % 4) {
        case 0 -> rx.recv();
        case 1 -> ((Received<Integer>) rx.tryRecv()).value();
        case 2 -> ((Received<Integer>) rx.recv(Timeouts.LONG)).value();
        default -> rx.poll();
      });
    }
    assertThat(got).containsExactlyElementsOf(java.util.stream.IntStream.range(0, n).boxed()
        .toList());
    for (int round = 0; round < 3; round++) { // closed at once, and forever
      assertThat(rx.isClosed()).isTrue();
      assertThat(rx.tryRecv()).isEqualTo(RecvClosed.instance());
      assertThat(rx.recv(Timeouts.LONG)).isEqualTo(RecvClosed.instance());
      assertThat(rx.poll()).isNull();
      assertThatThrownBy(rx::recv).isInstanceOf(ChannelClosedException.class);
      assertThat(rx.iterator().hasNext()).isFalse();
      assertThat(new Select<String>().recv(rx, v -> "message", () -> "closed").select())
          .isEqualTo("closed");
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void sendingAfterTheLastReceiverClosedFailsInEveryFormAndForever(Flavour f) throws Exception {
    Channel<String> ch = f.create();
    Sender<String> tx = ch.sender();
    if (f.buffers()) {
      tx.send("buffered"); // discarded by the close below
    }
    ch.receiver().close();
    for (int round = 0; round < 3; round++) {
      assertThat(tx.isClosed()).isTrue();
      assertThat(tx.trySend("a")).isEqualTo(new SendClosed<>("a"));
      assertThat(tx.send("b", Timeouts.LONG)).isEqualTo(new SendClosed<>("b"));
      assertThatThrownBy(() -> tx.send("c"))
          .isInstanceOf(ChannelClosedException.class)
          .extracting(e -> ((ChannelClosedException) e).unsent()).isEqualTo("c");
      assertThat(new Select<String>().send(tx, "d", () -> "sent", m -> "closed " + m).select())
          .isEqualTo("closed d");
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void closingIsIdempotent(Flavour f) throws Exception {
    Channel<String> ch = f.create();
    Sender<String> tx2 = ch.sender().clone();
    Receiver<String> rx2 = ch.receiver().clone();
    for (int i = 0; i < 3; i++) { // closing one handle many times counts once
      ch.sender().close();
      ch.receiver().close();
    }
    assertThat(tx2.isClosed()).isFalse();
    assertThat(rx2.isClosed()).isFalse();
    assertThat(rx2.tryRecv()).isEqualTo(Empty.instance());
    if (f.buffers()) {
      assertThat(tx2.trySend("still open")).isEqualTo(Sent.instance());
      assertThat(rx2.tryRecv()).isEqualTo(new Received<>("still open"));
    } else {
      assertThat(tx2.trySend("no receiver waiting")).isInstanceOf(Full.class);
    }
    tx2.close();
    tx2.close();
    assertThat(rx2.tryRecv()).isEqualTo(RecvClosed.instance());
    rx2.close();
    rx2.close();
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void theChannelStaysOpenUntilTheLastSenderCloneCloses(Flavour f) throws Exception {
    Channel<String> ch = f.create();
    Sender<String> a = ch.sender();
    Sender<String> b = a.clone();
    Sender<String> c = b.clone();
    Receiver<String> rx = ch.receiver();
    a.close();
    assertThat(rx.tryRecv()).isEqualTo(Empty.instance());
    c.close();
    assertThat(rx.tryRecv()).isEqualTo(Empty.instance());
    assertThat(rx.isClosed()).isFalse();
    try (TestThreads threads = new TestThreads()) {
      threads.start("last sender", () -> {
        try (b) {
          b.send("last");
        }
      });
      assertThat(Guard.recv(rx)).isEqualTo("last");
      assertThat(rx.recv(Timeouts.LONG)).isEqualTo(RecvClosed.instance());
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void sendsFailOnlyOnceTheLastReceiverCloneCloses(Flavour f) throws Exception {
    Channel<String> ch = f.create();
    Receiver<String> rx2 = ch.receiver().clone();
    Receiver<String> rx3 = rx2.clone();
    ch.receiver().close();
    rx3.close();
    Sender<String> tx = ch.sender();
    assertThat(tx.isClosed()).isFalse();
    assertThat(tx.trySend("x")).isEqualTo(f.buffers() ? Sent.instance() : new Full<>("x"));
    rx2.close();
    assertThat(tx.isClosed()).isTrue();
    assertThat(tx.trySend("y")).isEqualTo(new SendClosed<>("y"));
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void theLastReceiverClosingDiscardsWhatIsBuffered(Flavour f) throws Exception {
    assumeThat(f.buffers()).isTrue();
    Channel<String> ch = f.create();
    ch.sender().send("lost");
    Receiver<String> other = ch.receiver().clone();
    ch.receiver().close();
    assertThat(other.tryRecv()).as("a remaining receiver still takes it")
        .isEqualTo(new Received<>("lost"));
    ch.sender().send("discarded");
    other.close();
    assertThat(ch.sender().isClosed()).isTrue();
    assertThat(ch.sender().size()).isZero();
  }

  /**
   * After Go's non-blocking receive race: a message buffered before the close must be received by
   * a try-receive that races the close, never reported as empty or closed.
   */
  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aBufferedMessageWinsARaceBetweenTryRecvAndClose(Flavour f) throws Exception {
    assumeThat(f.buffers()).isTrue();
    int rounds = 200;
    CyclicBarrier start = new CyclicBarrier(2);
    List<Channel<Integer>> channels = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      Channel<Integer> ch = f.create();
      ch.sender().send(i);
      channels.add(ch);
    }
    try (TestThreads threads = new TestThreads()) {
      threads.start("closer", () -> {
        for (Channel<Integer> ch : channels) {
          start.await(Timeouts.LONG.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
          ch.sender().close();
        }
      });
      for (int i = 0; i < rounds; i++) {
        start.await(Timeouts.LONG.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        TryRecvResult<Integer> r = channels.get(i).receiver().tryRecv();
        assertThat(r).as("round %d", i).isEqualTo(new Received<>(i));
      }
    }
    for (Channel<Integer> ch : channels) {
      assertThat(ch.receiver().tryRecv()).isEqualTo(RecvClosed.instance());
    }
  }

  /** After Go's close/receive race on an unbuffered channel: close must not fake a message. */
  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aReceiverRacingTheCloseOfAnEmptyChannelSeesClosed(Flavour f) throws Exception {
    int rounds = 100;
    CyclicBarrier start = new CyclicBarrier(2);
    List<Channel<Integer>> channels = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      channels.add(f.create());
    }
    try (TestThreads threads = new TestThreads()) {
      threads.start("closer", () -> {
        for (Channel<Integer> ch : channels) {
          start.await(Timeouts.LONG.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
          ch.sender().close();
        }
      });
      for (Channel<Integer> ch : channels) {
        start.await(Timeouts.LONG.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(ch.receiver().recv(Timeouts.LONG)).isEqualTo(RecvClosed.instance());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void anIteratorStartedBeforeTheCloseStillDrains(Flavour f) throws Exception {
    assumeThat(f.buffers()).isTrue();
    Channel<String> ch = f.create();
    Iterator<String> it = ch.receiver().iterator();
    ch.sender().send("a");
    ch.sender().close();
    assertThat(it.hasNext()).isTrue();
    assertThat(it.next()).isEqualTo("a");
    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(it::next).isInstanceOf(java.util.NoSuchElementException.class);
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void zeroTimeoutFormsSeeClosedRatherThanTimedOut(Flavour f) throws Exception {
    Channel<String> ch = f.create();
    ch.sender().close();
    assertThat(ch.receiver().recv(Duration.ZERO)).isEqualTo(RecvClosed.instance());
    assertThat(new Select<String>().recv(ch.receiver(), v -> v, () -> "closed")
        .select(Duration.ZERO, () -> "timeout")).isEqualTo("closed");
    assertThat(new Select<String>().recv(ch.receiver(), v -> v, () -> "closed")
        .trySelect(() -> "none")).isEqualTo("closed");
  }
}
