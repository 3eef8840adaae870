package dev.ferrite.cli.tour;

import dev.ferrite.scope.Cancelled;
import dev.ferrite.scope.Failure;
import dev.ferrite.scope.ParallelSearch;
import dev.ferrite.scope.Policy;
import dev.ferrite.scope.Scope;
import dev.ferrite.scope.Success;
import dev.ferrite.scope.Task;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

/**
 * The article's scoped threads: a haystack split into chunks, each searched by a thread that
 * borrows the caller's array, all joined before the scope ends; first the smallest index (every
 * chunk searched), then any index with a first-success scope that cancels the other chunks.
 */
final class ScopedThreadsSection implements TourSection {
  static final int SIZE = 50_000_000;
  static final int CHUNKS = 8;
  /** The needle's value: negative, so the filling never produces it by chance. */
  static final int NEEDLE = -42;
  /** Where the needle is: in the sixth and seventh of eight chunks. */
  static final int FIRST_AT = 31_250_007;
  static final int SECOND_AT = 43_000_001;

  @Override
  public String name() {
    return "scoped-threads";
  }

  @Override
  public String title() {
    return String.format("search %,d ints in %d chunks on scoped threads", SIZE, CHUNKS);
  }

  @Override
  public void run(PrintStream out) throws Exception {
    int[] haystack = new int[SIZE];
    fill(haystack);
    out.printf("  haystack: %,d ints, written by %d scoped threads (one chunk each), needle at"
        + " %,d and %,d%n", SIZE, CHUNKS, FIRST_AT, SECOND_AT);

    long start = System.nanoTime();
    int first = ParallelSearch.firstIndex(haystack, CHUNKS, x -> x == NEEDLE);
    long firstMillis = millisSince(start);
    boolean agrees = first == sequential(haystack);
    out.printf("  smallest index: %,d, every one of %d chunks searched, in %d ms (a sequential"
        + " search agrees: %s)%n", first, CHUNKS, firstMillis, agrees ? "yes" : "NO");

    start = System.nanoTime();
    int found;
    int succeeded = 0;
    int inVain = 0;
    int cancelled = 0;
    try (Scope<Integer, Integer> scope =
        Scope.builder().name("tour-search").open(Policy.firstSuccess())) {
      List<Task<Integer>> chunks = new ArrayList<>(CHUNKS);
      for (int c = 0; c < CHUNKS; c++) {
        int from = (int) ((long) SIZE * c / CHUNKS);
        int to = (int) ((long) SIZE * (c + 1) / CHUNKS);
        chunks.add(scope.spawn(() -> {
          int i = search(haystack, from, to);
          if (i < 0) {
            throw new NoSuchElementException("no needle in [" + from + ", " + to + ")");
          }
          return i;
        }));
      }
      found = scope.join(); // the first chunk to find the needle wins; the others are cancelled
      for (Task<Integer> t : chunks) {
        switch (t.outcome()) {
          case Success<Integer> s -> succeeded++;
          case Failure<Integer> f -> inVain++;
          case Cancelled<Integer> c -> cancelled++;
        }
      }
    }
    out.printf("  first success: index %,d in %d ms; of %d chunks, %d found the needle, %d searched"
        + " in vain, %d were cancelled%n", found, millisSince(start), CHUNKS, succeeded, inVain,
        cancelled);
  }

  /** Fills the array in parallel: each task writes its own chunk of the caller's array. */
  private static void fill(int[] a) throws InterruptedException {
    try (Scope<Object, List<Object>> scope = Scope.builder().name("tour-fill").open()) {
      for (int c = 0; c < CHUNKS; c++) {
        int from = (int) ((long) a.length * c / CHUNKS);
        int to = (int) ((long) a.length * (c + 1) / CHUNKS);
        scope.spawn(() -> {
          for (int i = from; i < to; i++) {
            a[i] = mix(i) & 0x3fff_ffff; // never negative
          }
          return null;
        });
      }
      scope.join();
    }
    a[FIRST_AT] = NEEDLE;
    a[SECOND_AT] = NEEDLE;
  }

  /** A cheap integer hash (the finalizer of MurmurHash3), so the haystack looks random. */
  private static int mix(int x) {
    x ^= x >>> 16;
    x *= 0x85eb_ca6b;
    x ^= x >>> 13;
    x *= 0xc2b2_ae35;
    return x ^ (x >>> 16);
  }

  /** One chunk's search; checks for cancellation every 4096 elements. */
  private static int search(int[] a, int from, int to) throws InterruptedException {
    for (int base = from; base < to; base += 4096) {
      int end = Math.min(to, base + 4096);
      for (int i = base; i < end; i++) {
        if (a[i] == NEEDLE) {
          return i;
        }
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("cancelled");
      }
    }
    return -1;
  }

  private static int sequential(int[] a) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == NEEDLE) {
        return i;
      }
    }
    return -1;
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
