package dev.ferrite.exec.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.test.Timeouts;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds jobs inside a worker until the test opens it: how tests occupy workers and fill the
 * intake without sleeping. A held job waits interruptibly, so a stop can end it; it counts the
 * interrupts it saw. Declare a gate after its pool in try-with-resources: closing opens it, so a
 * failing test does not leave the pool's close waiting on it.
 */
final class Gate implements AutoCloseable {
  private final CountDownLatch entered;
  private final CountDownLatch release = new CountDownLatch(1);
  final AtomicInteger interrupts = new AtomicInteger();
  final AtomicInteger finished = new AtomicInteger();

  /** A gate that {@link #awaitEntered()} considers full once {@code parties} jobs are inside. */
  Gate(int parties) {
    entered = new CountDownLatch(parties);
  }

  Gate() {
    this(1);
  }

  /** {@return a task that enters the gate, waits until it opens, then returns {@code result}} */
  <T> Callable<T> task(T result) {
    return () -> {
      hold();
      return result;
    };
  }

  /** {@return a runnable that enters the gate and waits until it opens} */
  Runnable runnable() {
    return () -> {
      try {
        hold();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  private void hold() throws InterruptedException {
    entered.countDown();
    try {
      if (!release.await(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new AssertionError("gate never opened");
      }
      finished.incrementAndGet();
    } catch (InterruptedException e) {
      interrupts.incrementAndGet();
      throw e;
    }
  }

  /** Waits (hang guard) until the expected number of jobs are inside. */
  void awaitEntered() throws InterruptedException {
    assertThat(entered.await(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS))
        .as("jobs entered the gate").isTrue();
  }

  void open() {
    release.countDown();
  }

  @Override
  public void close() {
    open();
  }
}
