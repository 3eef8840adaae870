package dev.ferrite.channel.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.ferrite.channel.Channel;
import dev.ferrite.channel.ChannelClosedException;
import dev.ferrite.channel.Empty;
import dev.ferrite.channel.Receiver;
import dev.ferrite.channel.RecvClosed;
import dev.ferrite.channel.Select;
import dev.ferrite.channel.SendClosed;
import dev.ferrite.channel.Sender;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Closing wakes every blocked thread with the right outcome: receivers blocked on an empty
 * channel when the last sender closes, senders blocked on a full (or rendezvous) channel when the
 * last receiver closes. Threads are known to be blocked by their state, never by sleeping; every
 * form of the operation is blocked at once, half on platform and half on virtual threads.
 */
class CloseWhileBlockedTest {
  private static final int ROUNDS_OF_FORMS = 2;

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void everyBlockedReceiverWakesWithClosedWhenTheLastSenderCloses(Flavour f) throws Exception {
    Channel<String> ch = f.create();
    Sender<String> clone = ch.sender().clone();
    List<Callable<String>> forms = new ArrayList<>();
    for (int round = 0; round < ROUNDS_OF_FORMS; round++) {
      Receiver<String> rx = round == 0 ? ch.receiver() : ch.receiver().clone();
      forms.add(() -> {
        try {
          return "got " + rx.recv();
        } catch (ChannelClosedException e) {
          return "closed";
        }
      });
      forms.add(() -> rx.recv(Timeouts.LONG) instanceof RecvClosed<String> ? "closed" : "other");
      forms.add(() -> rx.recvUntil(Instant.now().plus(Timeouts.LONG)) instanceof RecvClosed<String>
          ? "closed" : "other");
      forms.add(() -> rx.iterator().hasNext() ? "got " + rx.iterator().next() : "closed");
      forms.add(() -> rx.stream().findFirst().map(v -> "got " + v).orElse("closed"));
      forms.add(() -> new Select<String>().recv(rx, v -> "got " + v, () -> "closed").select());
      forms.add(() -> new Select<String>().recv(rx, v -> "got " + v, () -> "closed")
          .select(Timeouts.LONG, () -> "timeout"));
    }
    try (TestThreads threads = new TestThreads()) {
      List<TestThreads.Handle<String>> blocked = startAll(threads, "receiver", forms);
      clone.close(); // not the last sender: nobody wakes
      assertStillBlocked(blocked);
      ch.sender().close(); // the last one
      for (TestThreads.Handle<String> h : blocked) {
        assertThat(h.get()).as(h.thread().getName()).isEqualTo("closed");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void everyBlockedSenderWakesWithClosedWhenTheLastReceiverCloses(Flavour f) throws Exception {
    assumeThat(f.canBeFull()).isTrue();
    Channel<String> ch = f.create();
    Receiver<String> clone = ch.receiver().clone();
    Flavour.fill(ch.sender());
    List<Callable<String>> forms = new ArrayList<>();
    for (int round = 0; round < ROUNDS_OF_FORMS; round++) {
      Sender<String> tx = round == 0 ? ch.sender() : ch.sender().clone();
      String r = "-" + round;
      forms.add(() -> {
        String m = "send" + r;
        try {
          tx.send(m);
          return "sent";
        } catch (ChannelClosedException e) {
          return e.unsent() == m ? "closed" : "wrong message " + e.unsent();
        }
      });
      forms.add(() -> {
        String m = "timed" + r;
        return tx.send(m, Timeouts.LONG) instanceof SendClosed<String>(String back) && back == m
            ? "closed" : "other";
      });
      forms.add(() -> {
        String m = "until" + r;
        return tx.sendUntil(m, Instant.now().plus(Timeouts.LONG))
            instanceof SendClosed<String>(String back) && back == m ? "closed" : "other";
      });
      forms.add(() -> {
        String m = "select" + r;
        return new Select<String>().send(tx, m, () -> "sent", back -> back == m ? "closed" : back)
            .select();
      });
      forms.add(() -> {
        String m = "timed select" + r;
        return new Select<String>().send(tx, m, () -> "sent", back -> back == m ? "closed" : back)
            .select(Timeouts.LONG, () -> "timeout");
      });
    }
    try (TestThreads threads = new TestThreads()) {
      List<TestThreads.Handle<String>> blocked = startAll(threads, "sender", forms);
      ch.receiver().close(); // not the last receiver: nobody wakes
      assertStillBlocked(blocked);
      clone.close(); // the last one
      for (TestThreads.Handle<String> h : blocked) {
        assertThat(h.get()).as(h.thread().getName()).isEqualTo("closed");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aBlockedReceiverIsNotWokenByClosingAnotherReceiver(Flavour f) throws Exception {
    Channel<String> ch = f.create();
    Receiver<String> other = ch.receiver().clone();
    try (TestThreads threads = new TestThreads()) {
      TestThreads.Handle<String> rx = threads.call("receiver", ch.receiver()::recv);
      TestThreads.awaitBlocked(rx.thread());
      other.close();
      Guard.send(ch.sender(), "after");
      assertThat(rx.get()).isEqualTo("after");
    }
    assertThat(ch.receiver().tryRecv()).isEqualTo(Empty.instance());
  }

  /** Starts one thread per form, alternating platform and virtual, and waits until all block. */
  private static List<TestThreads.Handle<String>> startAll(
      TestThreads threads, String role, List<Callable<String>> forms) {
    List<TestThreads.Handle<String>> out = new ArrayList<>();
    for (int i = 0; i < forms.size(); i++) {
      String name = role + "-" + i;
      Thread.Builder b = i % 2 == 0
          ? Thread.ofPlatform().daemon(true).name(name) : Thread.ofVirtual().name(name);
      out.add(threads.call(b, forms.get(i)));
    }
    for (TestThreads.Handle<String> h : out) {
      TestThreads.awaitBlocked(h.thread());
    }
    return out;
  }

  private static void assertStillBlocked(List<TestThreads.Handle<String>> blocked) {
    for (TestThreads.Handle<String> h : blocked) {
      assertThat(h.thread().isAlive()).as("%s still blocked", h.thread().getName()).isTrue();
    }
  }
}
