package dev.ferrite.channel.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interruption, before and while blocked, of every blocking form: the operation throws {@link
 * InterruptedException} with the interrupt status cleared (iteration: {@link
 * CancellationException} with the status set again), and no message is lost or taken.
 */
class InterruptTest {
  private static final String INTERRUPTED = "interrupted";

  /** A named blocking operation. */
  record Form(String name, Callable<?> op) {
    /** Runs the operation in the current thread and describes how it ended. */
    String run() throws Exception {
      try {
        return "completed with " + op.call();
      } catch (InterruptedException e) {
        return Thread.currentThread().isInterrupted() ? "interrupted, status still set"
            : INTERRUPTED;
      } catch (CancellationException e) { // the iterator's way of reporting the interrupt
        return Thread.interrupted() && e.getCause() instanceof InterruptedException ? INTERRUPTED
            : "cancelled without the interrupt status";
      }
    }
  }

  static List<Form> receiveForms(Receiver<String> rx) {
    return List.of(
        new Form("recv()", rx::recv),
        new Form("recv(timeout)", () -> rx.recv(Timeouts.LONG)),
        new Form("recvUntil", () -> rx.recvUntil(Instant.now().plus(Timeouts.LONG))),
        new Form("iterator", () -> rx.iterator().hasNext()),
        new Form("select()", () -> new Select<String>().recv(rx, v -> v, () -> "closed").select()),
        new Form("select(timeout)", () -> new Select<String>().recv(rx, v -> v, () -> "closed")
            .select(Timeouts.LONG, () -> "timeout")));
  }

  static List<Form> sendForms(Sender<String> tx) {
    return List.of(
        new Form("send()", () -> {
          tx.send("send");
          return "sent";
        }),
        new Form("send(timeout)", () -> tx.send("timed", Timeouts.LONG)),
        new Form("sendUntil", () -> tx.sendUntil("until", Instant.now().plus(Timeouts.LONG))),
        new Form("select()", () -> new Select<String>()
            .send(tx, "select", () -> "sent", m -> "closed").select()),
        new Form("select(timeout)", () -> new Select<String>()
            .send(tx, "timed select", () -> "sent", m -> "closed")
            .select(Timeouts.LONG, () -> "timeout")));
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aBlockedReceiveIsInterruptedAndTakesNothing(Flavour f) throws Exception {
    Channel<String> ch = f.create();
    try (TestThreads threads = new TestThreads()) {
      for (Form form : receiveForms(ch.receiver())) {
        TestThreads.Handle<String> h = threads.call(form.name(), form::run);
        TestThreads.awaitBlocked(h.thread());
        h.thread().interrupt();
        assertThat(h.get()).as(form.name()).isEqualTo(INTERRUPTED);
      }
    }
    assertNoReceiverLeftBehind(f, ch);
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aReceiveInterruptedBeforeItBlocksThrowsAtOnce(Flavour f) throws Exception {
    Channel<String> ch = f.create();
    for (Form form : receiveForms(ch.receiver())) {
      Thread.currentThread().interrupt();
      assertThat(form.run()).as(form.name()).isEqualTo(INTERRUPTED);
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
    assertNoReceiverLeftBehind(f, ch);
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aBlockedSendIsInterruptedAndSendsNothing(Flavour f) throws Exception {
    assumeThat(f.canBeFull()).isTrue();
    Channel<String> ch = f.create();
    List<String> fill = Flavour.fill(ch.sender());
    try (TestThreads threads = new TestThreads()) {
      for (Form form : sendForms(ch.sender())) {
        TestThreads.Handle<String> h = threads.call(Thread.ofVirtual().name(form.name()), form::run);
        TestThreads.awaitBlocked(h.thread());
        h.thread().interrupt();
        assertThat(h.get()).as(form.name()).isEqualTo(INTERRUPTED);
      }
    }
    assertOnlyTheFillIsThere(ch, fill);
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aSendInterruptedBeforeItBlocksThrowsAtOnce(Flavour f) throws Exception {
    assumeThat(f.canBeFull()).isTrue();
    Channel<String> ch = f.create();
    List<String> fill = Flavour.fill(ch.sender());
    for (Form form : sendForms(ch.sender())) {
      Thread.currentThread().interrupt();
      assertThat(form.run()).as(form.name()).isEqualTo(INTERRUPTED);
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
    assertOnlyTheFillIsThere(ch, fill);
  }

  /**
   * An operation that need not wait may complete although the thread is interrupted (then the
   * status stays set) or throw (then nothing happened): either way no message is lost.
   */
  @ParameterizedTest
  @EnumSource(Flavour.class)
  void anInterruptedThreadThatNeedNotWaitEitherCompletesOrChangesNothing(Flavour f)
      throws Exception {
    assumeThat(f.buffers()).isTrue();
    Channel<String> ch = f.create();
    Sender<String> tx = ch.sender();
    Receiver<String> rx = ch.receiver();
    for (Form form : sendForms(tx)) {
      Thread.currentThread().interrupt();
      String outcome = form.run();
      boolean stillSet = Thread.interrupted();
      if (outcome.startsWith("completed")) {
        assertThat(stillSet).as("%s completed and kept the interrupt status", form.name()).isTrue();
        assertThat(rx.poll()).as(form.name()).isNotNull();
      } else {
        assertThat(outcome).as(form.name()).isEqualTo(INTERRUPTED);
        assertThat(rx.tryRecv()).as(form.name()).isEqualTo(Empty.instance());
      }
    }
    for (Form form : receiveForms(rx)) {
      tx.send("ready");
      Thread.currentThread().interrupt();
      String outcome = form.run();
      boolean stillSet = Thread.interrupted();
      if (outcome.startsWith("completed")) {
        assertThat(stillSet).as("%s completed and kept the interrupt status", form.name()).isTrue();
        assertThat(rx.tryRecv()).as(form.name()).isEqualTo(Empty.instance());
      } else {
        assertThat(outcome).as(form.name()).isEqualTo(INTERRUPTED);
        assertThat(rx.tryRecv()).as(form.name()).isEqualTo(new Received<>("ready"));
      }
    }
  }

  /** No interrupted receiver may stay registered: a later message must reach a live receiver. */
  private static void assertNoReceiverLeftBehind(Flavour f, Channel<String> ch) throws Exception {
    if (f.buffers()) {
      assertThat(ch.sender().trySend("after")).isEqualTo(Sent.instance());
      assertThat(ch.receiver().tryRecv()).isEqualTo(new Received<>("after"));
    } else {
      assertThat(ch.sender().trySend("after")).as("no receiver is waiting any more")
          .isEqualTo(new Full<>("after"));
      try (TestThreads threads = new TestThreads()) {
        TestThreads.Handle<String> rx = threads.call("receiver", ch.receiver()::recv);
        TestThreads.awaitBlocked(rx.thread());
        Guard.send(ch.sender(), "after");
        assertThat(rx.get()).isEqualTo("after");
      }
    }
  }

  /** The channel holds just its fill: no interrupted send got in, and no sender is still offering. */
  private static void assertOnlyTheFillIsThere(Channel<String> ch, List<String> fill)
      throws Exception {
    List<String> got = new ArrayList<>(OutcomeTableTest.drain(ch.receiver()));
    assertThat(got).isEqualTo(fill);
    assertThat(ch.receiver().tryRecv()).isEqualTo(Empty.instance());
  }
}
