package dev.ferrite.cli.tour;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The threads one tour step starts: named platform threads whose failures are collected, all
 * joined by {@link #join()}, which rethrows the first failure. Not thread-safe: one thread starts
 * and joins.
 */
final class Crew {
  /** A hang guard only: tour threads finish in milliseconds. */
  private static final Duration JOIN_LIMIT = Duration.ofSeconds(30);

  /** A thread body that may throw. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

  /** Starts {@code body} on a new platform thread called {@code name}. */
  void start(String name, Body body) {
    threads.add(
        Thread.ofPlatform()
            .name(name)
            .start(
                () -> {
                  try {
                    body.run();
                  } catch (Throwable t) {
                    failures.add(t);
                  }
                }));
  }

  /**
   * Waits for every thread started so far, then rethrows the first failure, if any.
   *
   * @throws IllegalStateException if a thread is still running after the hang guard, or wrapping
   *     a thread's checked failure
   */
  void join() throws InterruptedException {
    for (Thread t : threads) {
      if (!t.join(JOIN_LIMIT)) {
        throw new IllegalStateException("thread " + t.getName() + " did not finish in " + JOIN_LIMIT);
      }
    }
    threads.clear();
    Throwable first = failures.poll();
    if (first == null) {
      return;
    }
    failures.forEach(first::addSuppressed);
    failures.clear();
    if (first instanceof RuntimeException e) {
      throw e;
    }
    if (first instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(first.getMessage(), first);
  }
}
