package dev.ferrite.scope.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.scope.ParallelSearch;
import dev.ferrite.scope.TaskFailedException;
import dev.ferrite.test.Seeds;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * The chunked searches agree with a sequential search: {@code firstIndex} returns exactly the
 * sequential answer, {@code anyIndex} some matching index, and -1 exactly when nothing matches.
 * Over many seeded arrays, with the edge cases forced: no match, a match in the first or the last
 * element, several matches, arrays shorter than the number of chunks, empty arrays.
 */
class ParallelSearchTest {
  private static final int RUNS = 300;

  /** The shapes each run forces on its array. */
  private enum Shape { RANDOM, NONE, FIRST, LAST, SEVERAL, CHUNK_EDGES }

  private static int sequential(int[] a, IntPredicate p) {
    for (int i = 0; i < a.length; i++) {
      if (p.test(a[i])) {
        return i;
      }
    }
    return -1;
  }

  /** A random array shaped so that {@code needle} occurs as {@code shape} says. */
  private static int[] haystack(SplittableRandom r, Shape shape, int needle, int chunks) {
    int n = r.nextInt(8) == 0 ? r.nextInt(4) : r.nextInt(1, 5_000);
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      int v = r.nextInt(1_000);
      a[i] = v == needle ? v + 1 : v; // no accidental match
    }
    if (n == 0) {
      return a;
    }
    switch (shape) {
      case RANDOM -> {
        for (int k = r.nextInt(3); k > 0; k--) {
          a[r.nextInt(n)] = needle;
        }
      }
      case NONE -> {}
      case FIRST -> a[0] = needle;
      case LAST -> a[n - 1] = needle;
      case SEVERAL -> {
        for (int k = r.nextInt(2, 12); k > 0; k--) {
          a[r.nextInt(n)] = needle;
        }
      }
      case CHUNK_EDGES -> { // the first and last element of a random chunk
        int c = r.nextInt(Math.min(chunks, n));
        int m = Math.min(chunks, n);
        int from = (int) ((long) n * c / m);
        int to = (int) ((long) n * (c + 1) / m);
        a[from] = needle;
        a[to - 1] = needle;
      }
    }
    return a;
  }

  @Test
  void intSearchesAgreeWithASequentialSearch() {
    for (long seed : Seeds.seeds(RUNS)) {
      Seeds.run(seed, r -> {
        Shape shape = Shape.values()[r.nextInt(Shape.values().length)];
        int chunks = r.nextInt(1, 18);
        int needle = r.nextInt(1_000);
        int[] a = haystack(r, shape, needle, chunks);
        IntPredicate p = x -> x == needle;
        int expected = sequential(a, p);
        assertThat(ParallelSearch.firstIndex(a, chunks, p))
            .as("firstIndex, %s, %d chunks, %s", shape, chunks, Arrays.toString(a).length() < 200
                ? Arrays.toString(a) : a.length + " elements")
            .isEqualTo(expected);
        int any = ParallelSearch.anyIndex(a, chunks, p);
        if (expected < 0) {
          assertThat(any).as("anyIndex with no match").isEqualTo(-1);
        } else {
          assertThat(any).as("anyIndex, %s", shape).isBetween(0, a.length - 1);
          assertThat(a[any]).isEqualTo(needle);
        }
      });
    }
  }

  @Test
  void longSearchesAgreeWithASequentialSearch() {
    for (long seed : Seeds.seeds(RUNS / 3)) {
      Seeds.run(seed, r -> {
        Shape shape = Shape.values()[r.nextInt(Shape.values().length)];
        int chunks = r.nextInt(1, 18);
        int needle = r.nextInt(1_000);
        long[] a = Arrays.stream(haystack(r, shape, needle, chunks))
            .mapToLong(x -> x + (1L << 40)).toArray();
        long target = needle + (1L << 40);
        int expected = sequential(Arrays.stream(a).mapToInt(x -> (int) (x - (1L << 40))).toArray(),
            x -> x == needle);
        assertThat(ParallelSearch.firstIndex(a, chunks, x -> x == target)).isEqualTo(expected);
        int any = ParallelSearch.anyIndex(a, chunks, x -> x == target);
        assertThat(any < 0 ? -1 : a[any] == target ? 1 : 0).isEqualTo(expected < 0 ? -1 : 1);
      });
    }
  }

  @Test
  void listSearchesAgreeWithIndexOf() {
    for (long seed : Seeds.seeds(RUNS / 3)) {
      Seeds.run(seed, r -> {
        Shape shape = Shape.values()[r.nextInt(Shape.values().length)];
        int chunks = r.nextInt(1, 18);
        int needle = r.nextInt(1_000);
        List<Integer> values = Arrays.stream(haystack(r, shape, needle, chunks)).boxed().toList();
        List<Integer> list = r.nextBoolean() ? new ArrayList<>(values) : new LinkedList<>(values);
        Integer boxed = needle;
        assertThat(ParallelSearch.firstIndex(list, chunks, boxed::equals))
            .isEqualTo(list.indexOf(boxed));
        int any = ParallelSearch.anyIndex(list, chunks, boxed::equals);
        if (list.contains(boxed)) {
          assertThat(list.get(any)).isEqualTo(boxed);
        } else {
          assertThat(any).isEqualTo(-1);
        }
      });
    }
  }

  @Test
  void edgeCases() throws InterruptedException {
    assertThat(ParallelSearch.firstIndex(new int[0], 4, x -> true)).isEqualTo(-1);
    assertThat(ParallelSearch.anyIndex(new long[0], 4, x -> true)).isEqualTo(-1);
    assertThat(ParallelSearch.firstIndex(List.of(), 1, x -> true)).isEqualTo(-1);
    assertThat(ParallelSearch.firstIndex(new int[] {3}, 100, x -> x == 3)).isZero();
    assertThat(ParallelSearch.anyIndex(new int[] {1, 2, 3}, 100, x -> x == 3)).isEqualTo(2);
    List<String> withNull = Arrays.asList("a", null, "b");
    assertThat(ParallelSearch.firstIndex(withNull, 2, s -> s == null)).isEqualTo(1);
    assertThatThrownBy(() -> ParallelSearch.firstIndex(new int[1], 0, x -> true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ParallelSearch.anyIndex((int[]) null, 1, x -> true))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ParallelSearch.firstIndex(new long[1], 1, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aThrowingPredicateFailsTheSearch() {
    int[] a = new int[10_000];
    IllegalStateException bad = new IllegalStateException("bad element");
    IntPredicate throwsAtTheEnd = x -> {
      throw bad;
    };
    assertThatThrownBy(() -> ParallelSearch.firstIndex(a, 4, throwsAtTheEnd))
        .isInstanceOf(TaskFailedException.class).hasCause(bad);
    assertThatThrownBy(() -> ParallelSearch.anyIndex(a, 4, throwsAtTheEnd))
        .isInstanceOf(TaskFailedException.class).hasCause(bad);
  }

  @Test
  void anyIndexCancelsTheOtherChunksPromptly() throws InterruptedException {
    // Chunk 0 matches at its first element, but only once another chunk is searching too; the
    // others never match, so without cancellation they would test all their 300,000 elements.
    int[] a = new int[4 * 100_000];
    a[0] = 1;
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch othersSearching = new CountDownLatch(1);
    int found = ParallelSearch.anyIndex(a, 4, x -> {
      if (x == 1) {
        try {
          assertThat(othersSearching.await(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        return true;
      }
      calls.incrementAndGet();
      othersSearching.countDown();
      for (int spin = 0; spin < 50; spin++) {
        Thread.onSpinWait(); // a predicate that costs a little
      }
      return false;
    });
    assertThat(found).isZero();
    assertThat(calls.get()).as("elements tested by the cancelled chunks").isLessThan(300_000);
  }

  @Test
  void anInterruptedCallerCancelsTheSearch() throws Exception {
    int[] a = new int[1_000_000];
    CountDownLatch searching = new CountDownLatch(1);
    try (TestThreads threads = new TestThreads()) {
      TestThreads.Handle<Throwable> caller = threads.call("caller", () -> {
        try {
          ParallelSearch.firstIndex(a, 2, x -> {
            searching.countDown();
            try {
              Thread.sleep(1); // slow enough that the interrupt comes mid-search
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt(); // the chunk's check notices it
            }
            return false;
          });
          return null;
        } catch (InterruptedException e) {
          return e;
        }
      });
      searching.await();
      caller.thread().interrupt();
      assertThat(caller.get()).isInstanceOf(InterruptedException.class);
    }
  }
}
