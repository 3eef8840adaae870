package dev.ferrite.channel.blackbox;

import dev.ferrite.channel.Received;
import dev.ferrite.channel.Receiver;
import dev.ferrite.channel.RecvTimeoutResult;
import dev.ferrite.channel.Select;
import dev.ferrite.channel.SendTimeoutResult;
import dev.ferrite.channel.Sender;
import dev.ferrite.channel.Sent;
import dev.ferrite.test.Timeouts;

/**
 * Blocking steps of the test thread with the hang guard: where a test waits for another thread
 * (a rendezvous partner, a producer), it uses these instead of the untimed forms, so a broken
 * channel fails the test instead of hanging the build.
 */
final class Guard {
  private Guard() {}

  /** Sends {@code m}, failing if it is not accepted within {@link Timeouts#LONG}. */
  static <T> void send(Sender<T> tx, T m) throws InterruptedException {
    SendTimeoutResult<T> r = tx.send(m, Timeouts.LONG);
    if (!(r instanceof Sent<T>)) {
      throw new AssertionError("send of " + m + " not accepted within the hang guard: " + r);
    }
  }

  /** Receives a message, failing if none arrives within {@link Timeouts#LONG}. */
  static <T> T recv(Receiver<T> rx) throws InterruptedException {
    RecvTimeoutResult<T> r = rx.recv(Timeouts.LONG);
    if (r instanceof Received<T>(T v)) {
      return v;
    }
    throw new AssertionError("no message within the hang guard: " + r);
  }

  /** Selects, failing if no case completes within {@link Timeouts#LONG}. */
  static <R> R select(Select<R> select) throws InterruptedException {
    return select.select(Timeouts.LONG, () -> {
      throw new AssertionError("no select case completed within the hang guard");
    });
  }
}
