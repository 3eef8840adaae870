package dev.ferrite.cli.tour;

import dev.ferrite.sync.AtomicCounter;
import dev.ferrite.sync.StripedCounter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * The article's lock-free counter: 8 threads increment one {@code AtomicCounter} and one
 * {@code StripedCounter}; both totals are exact.
 */
final class CounterSection implements TourSection {
  static final int THREADS = 8;
  static final int INCREMENTS = 100_000;

  @Override
  public String name() {
    return "counter";
  }

  @Override
  public String title() {
    return THREADS + " threads increment lock-free counters; the totals are exact";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    AtomicCounter atomic = new AtomicCounter();
    StripedCounter striped = new StripedCounter();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      threads.add(Thread.ofPlatform().name("tour-counter-" + t).start(() -> {
        try {
          start.await();
        } catch (Exception e) {
          return;
        }
        for (int i = 0; i < INCREMENTS; i++) {
          atomic.increment();
          striped.increment();
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    long expected = (long) THREADS * INCREMENTS;
    out.printf("AtomicCounter:  %,d (expected %,d)%n", atomic.get(), expected);
    out.printf("StripedCounter: %,d (expected %,d)%n", striped.sum(), expected);
    long previous = atomic.compareAndSwap(expected, 0);
    out.printf(
        "compareAndSwap(%,d, 0) returned %,d: %s; the counter is now %d%n",
        expected, previous, previous == expected ? "swapped" : "not swapped", atomic.get());
    out.printf("counter: %s%n", atomic.get() == 0 && striped.sum() == expected ? "exact" : "WRONG");
  }
}
