package dev.ferrite.channel.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.ferrite.channel.Channel;
import dev.ferrite.channel.Empty;
import dev.ferrite.channel.Full;
import dev.ferrite.channel.Received;
import dev.ferrite.channel.Receiver;
import dev.ferrite.channel.Select;
import dev.ferrite.channel.Sender;
import dev.ferrite.channel.Sent;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Select}: the completed case's handler result, send and receive cases, timeout and the
 * non-blocking default, closed cases, fairness among ready cases, and a blocked select that
 * takes exactly the one message that woke it.
 */
class SelectTest {

  /** A select receiving from each channel, answering "name:message" or "name closed". */
  private static Select<String> receiveFrom(List<Channel<String>> channels) {
    Select<String> s = new Select<>();
    for (int i = 0; i < channels.size(); i++) {
      String name = "c" + i;
      s.recv(channels.get(i).receiver(), v -> name + ":" + v, () -> name + " closed");
    }
    return s;
  }

  private static List<Channel<String>> channels(Flavour f, int n) {
    List<Channel<String>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(f.create());
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aReadyReceiveCaseCompletesWithItsHandlersResult(Flavour f) throws Exception {
    assumeThat(f.buffers()).isTrue();
    List<Channel<String>> chs = channels(f, 3);
    chs.get(1).sender().send("x");
    Select<String> select = receiveFrom(chs);
    assertThat(select.select()).isEqualTo("c1:x");
    chs.get(2).sender().send("y");
    assertThat(select.trySelect(() -> "none")).isEqualTo("c2:y");
    chs.get(0).sender().send("z");
    assertThat(select.select(Timeouts.LONG, () -> "timeout")).isEqualTo("c0:z");
    assertThat(select.trySelect(() -> "none")).isEqualTo("none");
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aReadySendCaseSendsAndRunsOnSent(Flavour f) throws Exception {
    assumeThat(f.buffers()).isTrue();
    Channel<String> full = f.create();
    List<String> fill = f.canBeFull() ? Flavour.fill(full.sender()) : List.of();
    Channel<String> room = f.create();
    Select<String> select = new Select<String>()
        .send(full.sender(), "a", () -> "sent to full", m -> "full closed")
        .send(room.sender(), "b", () -> "sent to room", m -> "room closed");
    if (f.canBeFull()) {
      assertThat(select.select()).isEqualTo("sent to room");
      assertThat(room.receiver().tryRecv()).isEqualTo(new Received<>("b"));
      assertThat(OutcomeTableTest.drain(full.receiver())).isEqualTo(fill);
    } else {
      assertThat(select.select()).startsWith("sent to ");
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void sendAndReceiveCasesMix(Flavour f) throws Exception {
    assumeThat(f.canBeFull()).isTrue();
    Channel<String> in = f.create();
    Channel<String> out = f.create();
    Flavour.fill(out.sender());
    Select<String> select = new Select<String>()
        .recv(in.receiver(), v -> "received " + v, () -> "in closed")
        .send(out.sender(), "m", () -> "sent", m -> "out closed");
    assertThat(select.trySelect(() -> "none")).isEqualTo("none");
    try (TestThreads threads = new TestThreads()) {
      TestThreads.Handle<String> selecting = threads.call("select", select::select);
      TestThreads.awaitBlocked(selecting.thread());
      Guard.send(in.sender(), "v");
      assertThat(selecting.get()).isEqualTo("received v");
    }
    assertThat(OutcomeTableTest.drain(out.receiver())).doesNotContain("m");
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aTimeoutRunsOnTimeoutAndCompletesNothing(Flavour f) throws Exception {
    List<Channel<String>> chs = channels(f, 2);
    Channel<String> full = f.create();
    List<String> fill = f.canBeFull() ? Flavour.fill(full.sender()) : List.of();
    Select<String> select = receiveFrom(chs);
    if (f.canBeFull()) {
      select.send(full.sender(), "m", () -> "sent", m -> "closed");
    }
    long start = System.nanoTime();
    assertThat(select.select(Timeouts.SHORT, () -> "timeout")).isEqualTo("timeout");
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Timeouts.SHORT.toNanos());
    assertThat(select.select(java.time.Duration.ZERO, () -> "timeout")).isEqualTo("timeout");
    assertThat(select.trySelect(() -> "none")).isEqualTo("none");
    if (f.canBeFull()) {
      assertThat(OutcomeTableTest.drain(full.receiver())).isEqualTo(fill);
    }
    for (Channel<String> ch : chs) { // no registration was left behind
      assertThat(ch.sender().trySend("later"))
          .isEqualTo(f.buffers() ? Sent.instance() : new Full<>("later"));
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void closedCasesRunOnClosed(Flavour f) throws Exception {
    List<Channel<String>> chs = channels(f, 3);
    if (f.buffers()) {
      chs.get(2).sender().send("last words");
    }
    chs.get(2).sender().close();
    Select<String> select = receiveFrom(chs);
    if (f.buffers()) {
      assertThat(select.select()).isEqualTo("c2:last words");
    }
    assertThat(select.select()).isEqualTo("c2 closed");
    assertThat(select.trySelect(() -> "none")).isEqualTo("c2 closed");

    Channel<String> gone = f.create();
    gone.receiver().close();
    String m = new String("m");
    Select<Object> send = new Select<>()
        .send(gone.sender(), m, () -> "sent", back -> back);
    assertThat(send.select()).isSameAs(m); // the message is handed back to onClosed
    assertThat(send.select(Timeouts.LONG, () -> "timeout")).isSameAs(m);
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aBlockedSelectTakesExactlyTheMessageThatWokeIt(Flavour f) throws Exception {
    List<Channel<String>> chs = channels(f, 3);
    try (TestThreads threads = new TestThreads()) {
      TestThreads.Handle<String> selecting = threads.call("select", receiveFrom(chs)::select);
      TestThreads.awaitBlocked(selecting.thread());
      Guard.send(chs.get(1).sender(), "m"); // on rendezvous: returns once the select took it
      assertThat(selecting.get()).isEqualTo("c1:m");
    }
    for (Channel<String> ch : chs) {
      if (f.buffers()) {
        assertThat(ch.receiver().tryRecv()).isEqualTo(Empty.instance());
        assertThat(ch.sender().trySend("after")).isEqualTo(Sent.instance());
        assertThat(ch.receiver().tryRecv()).isEqualTo(new Received<>("after"));
      } else {
        assertThat(ch.sender().trySend("after")).as("the select is no longer waiting")
            .isEqualTo(new Full<>("after"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aBlockedSelectWakesWhenItsChannelCloses(Flavour f) throws Exception {
    List<Channel<String>> chs = channels(f, 3);
    try (TestThreads threads = new TestThreads()) {
      TestThreads.Handle<String> selecting = threads.call("select",
          () -> receiveFrom(chs).select(Timeouts.LONG, () -> "timeout"));
      TestThreads.awaitBlocked(selecting.thread());
      chs.get(2).sender().close();
      assertThat(selecting.get()).isEqualTo("c2 closed");
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aBlockedSendSelectSendsIntoTheChannelThatGotRoom(Flavour f) throws Exception {
    assumeThat(f.canBeFull()).isTrue();
    List<Channel<String>> chs = channels(f, 2);
    List<String> fill0 = Flavour.fill(chs.get(0).sender());
    List<String> fill1 = Flavour.fill(chs.get(1).sender());
    Select<String> select = new Select<String>()
        .send(chs.get(0).sender(), "m", () -> "sent c0", m -> "c0 closed")
        .send(chs.get(1).sender(), "m", () -> "sent c1", m -> "c1 closed");
    try (TestThreads threads = new TestThreads()) {
      TestThreads.Handle<String> selecting = threads.call("select", select::select);
      TestThreads.awaitBlocked(selecting.thread());
      List<String> got = new ArrayList<>();
      got.add(Guard.recv(chs.get(1).receiver())); // makes room in c1 (or takes "m" on rendezvous)
      assertThat(selecting.get()).isEqualTo("sent c1");
      got.addAll(OutcomeTableTest.drain(chs.get(1).receiver()));
      List<String> expected = new ArrayList<>(fill1);
      expected.add("m");
      assertThat(got).isEqualTo(expected);
    }
    assertThat(OutcomeTableTest.drain(chs.get(0).receiver())).isEqualTo(fill0);
  }

  @Test
  void overRendezvousChannelsASelectTakesFromAWaitingSender() throws Exception {
    List<Channel<String>> chs = channels(Flavour.RENDEZVOUS, 3);
    Select<String> select = receiveFrom(chs);
    assertThat(select.trySelect(() -> "none")).isEqualTo("none");
    try (TestThreads threads = new TestThreads()) {
      Thread sender = threads.start("sender", () -> chs.get(2).sender().send("m"));
      TestThreads.awaitBlocked(sender);
      assertThat(select.trySelect(() -> "none")).isEqualTo("c2:m");
      Thread second = threads.start("second sender", () -> chs.get(0).sender().send("n"));
      TestThreads.awaitBlocked(second);
      assertThat(Guard.select(select)).isEqualTo("c0:n");
    }
  }

  @Test
  void overRendezvousChannelsASendSelectHandsToAWaitingReceiver() throws Exception {
    List<Channel<String>> chs = channels(Flavour.RENDEZVOUS, 2);
    Select<String> select = new Select<String>()
        .send(chs.get(0).sender(), "a", () -> "sent c0", m -> "c0 closed")
        .send(chs.get(1).sender(), "b", () -> "sent c1", m -> "c1 closed");
    assertThat(select.trySelect(() -> "none")).isEqualTo("none");
    try (TestThreads threads = new TestThreads()) {
      TestThreads.Handle<String> rx = threads.call("receiver", chs.get(1).receiver()::recv);
      TestThreads.awaitBlocked(rx.thread());
      assertThat(select.trySelect(() -> "none")).isEqualTo("sent c1");
      assertThat(rx.get()).isEqualTo("b");
    }
  }

  /** After Go's TestSelfSelect: a select never pairs its own send with its own receive. */
  @ParameterizedTest
  @EnumSource(Flavour.class)
  void twoThreadsSelectingSendAndReceiveOnOneChannelNeverDeadlockOrSelfReceive(Flavour f)
      throws Exception {
    Channel<Integer> ch = f.create();
    int rounds = 1_000;
    try (TestThreads threads = new TestThreads()) {
      for (int p = 0; p < 2; p++) {
        int me = p;
        threads.start("selector-" + p, () -> {
          Select<Integer> select = new Select<Integer>()
              .send(ch.sender(), me, () -> -1, m -> -2)
              .recv(ch.receiver(), v -> v, () -> -3);
          for (int i = 0; i < rounds; i++) {
            int r = select.select();
            assertThat(r).as("round %d", i).isNotIn(-2, -3);
            if (!f.buffers()) {
              assertThat(r).as("received its own message in round %d", i).isNotEqualTo(me);
            }
          }
        });
      }
    }
  }

  /** After Go's duplicate-channel select: two cases on one channel complete once per message. */
  @ParameterizedTest
  @EnumSource(Flavour.class)
  void twoCasesOnOneChannelTakeOneMessage(Flavour f) throws Exception {
    Channel<String> ch = f.create();
    Channel<String> other = f.create();
    Select<String> select = new Select<String>()
        .recv(ch.receiver(), v -> "first " + v, () -> "closed")
        .recv(other.receiver(), v -> "other " + v, () -> "closed")
        .recv(ch.receiver(), v -> "second " + v, () -> "closed");
    try (TestThreads threads = new TestThreads()) {
      TestThreads.Handle<String> selecting = threads.call("select", select::select);
      TestThreads.awaitBlocked(selecting.thread());
      Guard.send(ch.sender(), "m");
      assertThat(selecting.get()).isIn("first m", "second m");
    }
    if (f.buffers()) {
      ch.sender().send("n");
      assertThat(ch.receiver().tryRecv()).isEqualTo(new Received<>("n"));
    } else {
      assertThat(ch.sender().trySend("n")).isEqualTo(new Full<>("n"));
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void readyReceiveCasesAreChosenFairly(Flavour f) throws Exception {
    assumeThat(f.buffers()).isTrue();
    for (int k = 2; k <= 4; k++) {
      List<Channel<String>> chs = channels(f, k);
      int[] count = new int[k];
      Select<Integer> select = new Select<>();
      for (int i = 0; i < k; i++) {
        int c = i;
        chs.get(i).sender().send("m");
        select.recv(chs.get(i).receiver(), v -> c, () -> -1);
      }
      int selects = 2_000 * k;
      int[] last = new int[k]; // the call that last completed each case
      for (int n = 1; n <= selects; n++) {
        int c = select.select();
        count[c]++;
        for (int i = 0; i < k; i++) {
          assertThat(n - (i == c ? n : last[i]))
              .as("calls since case %d last completed (round robin: fewer than %d)", i, k)
              .isLessThan(k);
        }
        last[c] = n;
        chs.get(c).sender().send("m"); // always ready again
      }
      assertFair(count, selects);
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void readySendCasesAreChosenFairly(Flavour f) throws Exception {
    assumeThat(f.buffers()).isTrue();
    int k = 3;
    List<Channel<String>> chs = channels(f, k);
    Select<Integer> select = new Select<>();
    for (int i = 0; i < k; i++) {
      int c = i;
      select.send(chs.get(i).sender(), "m", () -> c, m -> -1);
    }
    int[] count = new int[k];
    int selects = 6_000;
    for (int n = 0; n < selects; n++) {
      int c = select.select();
      count[c]++;
      assertThat(chs.get(c).receiver().tryRecv()).isEqualTo(new Received<>("m")); // room again
    }
    assertFair(count, selects);
  }

  @Test
  void aSelectNeedsACase() {
    assertThatThrownBy(() -> new Select<String>().select())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Select<String>().select(Timeouts.SHORT, () -> "timeout"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Select<String>().trySelect(() -> "none"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void casesRejectClosedHandles() {
    Channel<String> ch = Channel.bounded(1);
    Receiver<String> closedRx = ch.receiver().clone();
    closedRx.close();
    Sender<String> closedTx = ch.sender().clone();
    closedTx.close();
    assertThatThrownBy(() -> new Select<String>().recv(closedRx, v -> v, () -> "closed"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Select<String>().send(closedTx, "m", () -> "sent", m -> "closed"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSelectIsReusable() throws Exception {
    Channel<Integer> ch = Channel.bounded(4);
    Sender<Integer> tx = ch.sender();
    AtomicInteger sum = new AtomicInteger();
    Select<Boolean> select = new Select<Boolean>()
        .recv(ch.receiver(), v -> sum.addAndGet(v) >= 0, () -> false);
    try (TestThreads threads = new TestThreads()) {
      threads.startVirtual("producer", () -> {
        try (tx) {
          for (int i = 1; i <= 1_000; i++) {
            tx.send(i);
          }
        }
      });
      while (Guard.select(select)) {
        // the sum is the proof
      }
    }
    assertThat(sum.get()).isEqualTo(1_000 * 1_001 / 2);
  }

  /** Each of k always-ready cases gets at least half its fair share: no case starves. */
  private static void assertFair(int[] count, int selects) {
    int k = count.length;
    List<Integer> counts = new ArrayList<>();
    for (int c : count) {
      counts.add(c);
    }
    assertThat(Collections.min(counts))
        .as("choices among %d ready cases: %s", k, counts)
        .isGreaterThanOrEqualTo(selects / k / 2);
  }
}
