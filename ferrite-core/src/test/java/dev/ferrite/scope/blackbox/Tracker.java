package dev.ferrite.scope.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.channel.Channel;
import dev.ferrite.channel.Receiver;
import dev.ferrite.channel.Sender;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Records the threads a scope's tasks run in, and makes tasks that block until cancelled, in
 * several ways. Tests use it to check that cancellation reaches a blocked task and that no thread
 * outlives its scope. Close it after the scope (declare it first in try-with-resources): closing
 * releases what it holds (the lock, the channel), so a failing test does not hang.
 */
final class Tracker implements AutoCloseable {
  /** Ways a task can block until it is interrupted. */
  enum Block {
    SLEEP,
    LOCK,
    CONDITION,
    CHANNEL_RECV,
    LATCH
  }

  final Queue<Thread> threads = new ConcurrentLinkedQueue<>();
  final AtomicInteger interrupted = new AtomicInteger();
  private final AtomicInteger entered = new AtomicInteger();
  private final Queue<Thread> blockers = new ConcurrentLinkedQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition never = lock.newCondition();
  private final Channel<String> channel = Channel.bounded(1);
  private final Sender<String> tx = channel.sender();
  private final Receiver<String> rx = channel.receiver();
  private final CountDownLatch latch = new CountDownLatch(1);
  private boolean lockHeld;

  /** Holds the lock in the calling thread, so {@link Block#LOCK} tasks wait for it. */
  Tracker holdLock() {
    lock.lock();
    lockHeld = true;
    return this;
  }

  /** {@return {@code c}, recording the thread it runs in} */
  <T> Callable<T> track(Callable<T> c) {
    return () -> {
      threads.add(Thread.currentThread());
      return c.call();
    };
  }

  /** {@return a task that returns {@code value}, recording its thread} */
  <T> Callable<T> value(T value) {
    return track(() -> value);
  }

  /** {@return a task that throws {@code e}, recording its thread} */
  <T> Callable<T> failing(Exception e) {
    return track(() -> {
      throw e;
    });
  }

  /**
   * {@return a task that blocks as {@code how} says until interrupted, then rethrows the
   * interrupt} It fails the test if it is not interrupted within the hang guard.
   */
  <T> Callable<T> blocking(Block how) {
    return track(() -> {
      blockers.add(Thread.currentThread());
      entered.incrementAndGet();
      try {
        switch (how) {
          case SLEEP -> Thread.sleep(Timeouts.LONG.toMillis());
          case LOCK -> {
            if (lock.tryLock(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS)) {
              lock.unlock();
            }
          }
          case CONDITION -> {
            lock.lockInterruptibly();
            try {
              never.await(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS);
            } finally {
              lock.unlock();
            }
          }
          case CHANNEL_RECV -> rx.recv(Timeouts.LONG); // timed only to bound a broken test
          case LATCH -> latch.await(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS);
        }
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw e;
      }
      throw new AssertionError("a blocked task was never cancelled (" + how + ")");
    });
  }

  /** Waits until {@code n} blocking tasks are parked in their blocking call. */
  void awaitBlocked(int n) {
    TestThreads.await(() -> entered.get() >= n, () -> n + " tasks to start blocking");
    for (Thread t : blockers) {
      TestThreads.awaitBlocked(t);
    }
  }

  /** Asserts that every thread a task ran in has terminated. */
  void assertAllTerminated() {
    List<Thread> alive = threads.stream().filter(Thread::isAlive).toList();
    assertThat(alive).as("threads still alive after their scope closed").isEmpty();
  }

  @Override
  public void close() {
    if (lockHeld) {
      lock.unlock();
      lockHeld = false;
    }
    latch.countDown();
    tx.close();
    rx.close();
  }
}
