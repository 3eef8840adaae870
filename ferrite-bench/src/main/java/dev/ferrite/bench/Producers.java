package dev.ferrite.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Long-lived producer threads, started once per trial and released once per benchmark
 * invocation ("round"). In each round every producer sends its share of the batch, then waits for
 * the next round: first spinning for a few microseconds (the next invocation normally starts at
 * once), then parked, so that idle producers cost no CPU between iterations.
 *
 * <p>The consumer (the JMH benchmark thread) is the only writer of {@link #round}; it knows a
 * round is over when it has received the whole batch, so producers need not report back.
 */
final class Producers implements AutoCloseable {

  /** What one producer does in one round. */
  @FunctionalInterface
  interface Work {
    void run(int count) throws InterruptedException;
  }

  private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

  private final Thread[] threads;
  private volatile long round;
  private volatile boolean stopping;
  private volatile Throwable failure;

  /**
   * Starts {@code n} producer threads, each running {@code work.run(share)} once per round.
   *
   * @param work what each producer does per round; shared by all producers, so it must be
   *     thread-safe (each implementation's send is)
   */
  Producers(int n, int share, Work work) {
    threads = new Thread[n];
    for (int i = 0; i < n; i++) {
      threads[i] =
          Thread.ofPlatform()
              .name("bench-producer-" + i)
              .daemon(true)
              .unstarted(() -> loop(share, work));
    }
    for (Thread t : threads) {
      t.start();
    }
  }

  private void loop(int share, Work work) {
    long seen = 0;
    try {
      while (true) {
        long now = awaitRound(seen);
        if (now < 0) {
          return;
        }
        seen = now;
        work.run(share);
      }
    } catch (InterruptedException e) {
      if (!stopping) {
        fail(e);
      }
    } catch (Throwable t) {
      fail(t);
    }
  }

  private void fail(Throwable t) {
    failure = t;
    System.err.println("benchmark producer failed; the consumer will hang until JMH times out:");
    t.printStackTrace();
  }

  private long awaitRound(long seen) {
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    long r;
    while ((r = round) == seen) {
      if (stopping) {
        return -1;
      }
      if (System.nanoTime() - spinUntil < 0) {
        Thread.onSpinWait();
      } else {
        LockSupport.park(this);
      }
    }
    return stopping ? -1 : r;
  }

  /** Lets every producer send its next share. Called by the consumer thread only. */
  void startRound() {
    round = round + 1;
    for (Thread t : threads) {
      LockSupport.unpark(t);
    }
  }

  /** Stops and joins the producers; rethrows a producer's failure. */
  @Override
  public void close() throws InterruptedException {
    stopping = true;
    for (Thread t : threads) {
      t.interrupt();
    }
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(10));
      if (t.isAlive()) {
        throw new IllegalStateException(t.getName() + " did not stop");
      }
    }
    if (failure != null) {
      throw new IllegalStateException("a producer failed", failure);
    }
  }
}
