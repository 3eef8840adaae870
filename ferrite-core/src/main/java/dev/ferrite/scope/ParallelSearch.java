package dev.ferrite.scope;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.IntPredicate;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * The Rust article's scoped-threads example, ready to use: search an array or list in chunks, one
 * task per chunk in a {@link Scope}, the tasks reading the caller's data in place.
 *
 * <pre>{@code
 * int[] haystack = ...;
 * int first = ParallelSearch.firstIndex(haystack, 8, x -> x == needle); // smallest index, or -1
 * int any = ParallelSearch.anyIndex(haystack, 8, x -> x == needle);     // some index, or -1
 * }</pre>
 *
 * <ul>
 *   <li>{@code firstIndex} searches every chunk to its first match (a fail-fast scope) and returns
 *       the smallest matching index, the same answer as a sequential search from the start.
 *   <li>{@code anyIndex} returns the first match any chunk finds (a first-success scope): the
 *       other chunks are cancelled at once and stop within a few thousand elements. Which match
 *       is returned when there are several depends on timing.
 * </ul>
 *
 * <p>The haystack is split into {@code min(chunks, size)} contiguous chunks of nearly equal
 * size, searched on virtual threads in a scope named {@code search}. Every method returns -1 if
 * nothing matches, and waits for every chunk's thread to end before returning, also when it
 * throws. The caller must not modify the haystack during the search; its writes before the call
 * are visible to the search (see {@link Scope}'s memory consistency effects). A {@link List} that
 * is not {@link RandomAccess} is copied to an array first.
 *
 * <p>Exceptions: if the predicate throws, {@code firstIndex} throws a
 * {@link TaskFailedException} with that exception as its cause (the other chunks are cancelled);
 * {@code anyIndex} does so only if no chunk finds a match. If the calling thread is interrupted,
 * every chunk is cancelled and the method throws {@link InterruptedException} once they stopped.
 */
public final class ParallelSearch {
  /*
   * Each chunk checks its thread's interrupt status every BLOCK elements, so a cancelled chunk
   * stops within microseconds; the check is one field read, invisible next to 4096 predicate
   * calls. anyIndex turns "nothing in my chunk" into a failure (a shared, stackless exception),
   * so that the first-success policy wins only with a real match.
   */
  private static final int BLOCK = 4096;

  private ParallelSearch() {}

  /** One chunk of a search: the first matching index in [from, to), or -1. */
  @FunctionalInterface
  private interface Chunk {
    int search(int from, int to) throws InterruptedException;
  }

  /** Nothing matched in one chunk; shared, without stack trace or suppressed exceptions. */
  private static final class NotFound extends Exception {
    private static final long serialVersionUID = 1L;
    static final NotFound INSTANCE = new NotFound();

    private NotFound() {
      super("no match in this chunk", null, false, false);
    }
  }

  // ------------------------------------------------------------------------------ int[]

  /**
   * Returns the smallest index of {@code haystack} whose element matches, searching
   * {@code chunks} chunks in parallel, each to its first match.
   *
   * @param haystack the array to search; not modified
   * @param chunks how many chunks (tasks) to split it into, {@code >= 1}; fewer if the array is
   *     shorter
   * @param matches the predicate; called from several threads at once
   * @return the smallest matching index, or -1 if no element matches
   * @throws TaskFailedException if the predicate threw (the cause)
   * @throws InterruptedException if the caller is interrupted; the search is cancelled
   * @throws IllegalArgumentException if {@code chunks < 1}
   * @throws NullPointerException if {@code haystack} or {@code matches} is null
   */
  public static int firstIndex(int[] haystack, int chunks, IntPredicate matches)
      throws InterruptedException {
    Objects.requireNonNull(haystack, "haystack");
    Objects.requireNonNull(matches, "matches");
    return first(haystack.length, chunks, (from, to) -> scan(haystack, from, to, matches));
  }

  /**
   * Returns the index of some element of {@code haystack} that matches: the first match any of
   * {@code chunks} parallel chunks finds; the other chunks are cancelled at once.
   *
   * @param haystack the array to search; not modified
   * @param chunks how many chunks (tasks) to split it into, {@code >= 1}; fewer if the array is
   *     shorter
   * @param matches the predicate; called from several threads at once
   * @return a matching index, or -1 if no element matches
   * @throws TaskFailedException if no chunk found a match and the predicate threw (the cause)
   * @throws InterruptedException if the caller is interrupted; the search is cancelled
   * @throws IllegalArgumentException if {@code chunks < 1}
   * @throws NullPointerException if {@code haystack} or {@code matches} is null
   */
  public static int anyIndex(int[] haystack, int chunks, IntPredicate matches)
      throws InterruptedException {
    Objects.requireNonNull(haystack, "haystack");
    Objects.requireNonNull(matches, "matches");
    return any(haystack.length, chunks, (from, to) -> scan(haystack, from, to, matches));
  }

  // ------------------------------------------------------------------------------ long[]

  /**
   * {@link #firstIndex(int[], int, IntPredicate)} for a {@code long[]}.
   *
   * @param haystack the array to search; not modified
   * @param chunks how many chunks to split it into, {@code >= 1}
   * @param matches the predicate; called from several threads at once
   * @return the smallest matching index, or -1
   * @throws TaskFailedException if the predicate threw (the cause)
   * @throws InterruptedException if the caller is interrupted; the search is cancelled
   * @throws IllegalArgumentException if {@code chunks < 1}
   * @throws NullPointerException if {@code haystack} or {@code matches} is null
   */
  public static int firstIndex(long[] haystack, int chunks, LongPredicate matches)
      throws InterruptedException {
    Objects.requireNonNull(haystack, "haystack");
    Objects.requireNonNull(matches, "matches");
    return first(haystack.length, chunks, (from, to) -> scan(haystack, from, to, matches));
  }

  /**
   * {@link #anyIndex(int[], int, IntPredicate)} for a {@code long[]}.
   *
   * @param haystack the array to search; not modified
   * @param chunks how many chunks to split it into, {@code >= 1}
   * @param matches the predicate; called from several threads at once
   * @return a matching index, or -1
   * @throws TaskFailedException if no chunk found a match and the predicate threw (the cause)
   * @throws InterruptedException if the caller is interrupted; the search is cancelled
   * @throws IllegalArgumentException if {@code chunks < 1}
   * @throws NullPointerException if {@code haystack} or {@code matches} is null
   */
  public static int anyIndex(long[] haystack, int chunks, LongPredicate matches)
      throws InterruptedException {
    Objects.requireNonNull(haystack, "haystack");
    Objects.requireNonNull(matches, "matches");
    return any(haystack.length, chunks, (from, to) -> scan(haystack, from, to, matches));
  }

  // ------------------------------------------------------------------------------ List

  /**
   * {@link #firstIndex(int[], int, IntPredicate)} for a {@link List}, which must not be modified
   * during the search. Null elements are passed to the predicate.
   *
   * @param haystack the list to search
   * @param chunks how many chunks to split it into, {@code >= 1}
   * @param matches the predicate; called from several threads at once
   * @param <E> the element type
   * @return the smallest matching index, or -1
   * @throws TaskFailedException if the predicate threw (the cause)
   * @throws InterruptedException if the caller is interrupted; the search is cancelled
   * @throws IllegalArgumentException if {@code chunks < 1}
   * @throws NullPointerException if {@code haystack} or {@code matches} is null
   */
  public static <E> int firstIndex(List<? extends E> haystack, int chunks,
      Predicate<? super E> matches) throws InterruptedException {
    Objects.requireNonNull(matches, "matches");
    List<? extends E> list = randomAccess(haystack);
    return first(list.size(), chunks, (from, to) -> scan(list, from, to, matches));
  }

  /**
   * {@link #anyIndex(int[], int, IntPredicate)} for a {@link List}, which must not be modified
   * during the search. Null elements are passed to the predicate.
   *
   * @param haystack the list to search
   * @param chunks how many chunks to split it into, {@code >= 1}
   * @param matches the predicate; called from several threads at once
   * @param <E> the element type
   * @return a matching index, or -1
   * @throws TaskFailedException if no chunk found a match and the predicate threw (the cause)
   * @throws InterruptedException if the caller is interrupted; the search is cancelled
   * @throws IllegalArgumentException if {@code chunks < 1}
   * @throws NullPointerException if {@code haystack} or {@code matches} is null
   */
  public static <E> int anyIndex(List<? extends E> haystack, int chunks,
      Predicate<? super E> matches) throws InterruptedException {
    Objects.requireNonNull(matches, "matches");
    List<? extends E> list = randomAccess(haystack);
    return any(list.size(), chunks, (from, to) -> scan(list, from, to, matches));
  }

  private static <E> List<? extends E> randomAccess(List<? extends E> list) {
    Objects.requireNonNull(list, "haystack");
    return list instanceof RandomAccess ? list : new ArrayList<>(list);
  }

  // ------------------------------------------------------------------------------ the searches

  private static int chunkCount(int length, int chunks) {
    if (chunks < 1) {
      throw new IllegalArgumentException("chunks must be >= 1: " + chunks);
    }
    return Math.min(chunks, length);
  }

  /** {@return the start of chunk {@code c} of {@code n} over {@code length} elements} */
  private static int bound(int length, int n, int c) {
    return (int) ((long) length * c / n);
  }

  private static int first(int length, int chunks, Chunk chunk) throws InterruptedException {
    int n = chunkCount(length, chunks);
    if (n == 0) {
      return -1;
    }
    try (Scope<Integer, List<Integer>> scope =
        Scope.builder().name("search").open(Policy.failFast())) {
      for (int c = 0; c < n; c++) {
        int from = bound(length, n, c);
        int to = bound(length, n, c + 1);
        scope.spawn(() -> chunk.search(from, to));
      }
      for (int index : scope.join()) { // chunks in order: the first hit is the smallest
        if (index >= 0) {
          return index;
        }
      }
      return -1;
    }
  }

  private static int any(int length, int chunks, Chunk chunk) throws InterruptedException {
    int n = chunkCount(length, chunks);
    if (n == 0) {
      return -1;
    }
    try (Scope<Integer, Integer> scope =
        Scope.builder().name("search").open(Policy.firstSuccess())) {
      List<Task<Integer>> tasks = new ArrayList<>(n);
      for (int c = 0; c < n; c++) {
        int from = bound(length, n, c);
        int to = bound(length, n, c + 1);
        tasks.add(scope.spawn(() -> {
          int index = chunk.search(from, to);
          if (index < 0) {
            throw NotFound.INSTANCE;
          }
          return index;
        }));
      }
      if (scope.await() instanceof Failure<Integer>) {
        for (Task<Integer> t : tasks) { // every chunk failed: a predicate may have thrown
          if (t.outcome() instanceof Failure<Integer>(Throwable e) && e != NotFound.INSTANCE) {
            throw new TaskFailedException("search failed in task " + t + ": " + e, e);
          }
        }
        return -1;
      }
      return scope.join(); // the winner's index, or the cancellation
    }
  }

  private static int scan(int[] a, int from, int to, IntPredicate p) throws InterruptedException {
    for (int base = from; base < to; ) {
      int end = to - base > BLOCK ? base + BLOCK : to;
      for (int i = base; i < end; i++) {
        if (p.test(a[i])) {
          return i;
        }
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      base = end;
    }
    return -1;
  }

  private static int scan(long[] a, int from, int to, LongPredicate p)
      throws InterruptedException {
    for (int base = from; base < to; ) {
      int end = to - base > BLOCK ? base + BLOCK : to;
      for (int i = base; i < end; i++) {
        if (p.test(a[i])) {
          return i;
        }
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      base = end;
    }
    return -1;
  }

  private static <E> int scan(List<? extends E> a, int from, int to, Predicate<? super E> p)
      throws InterruptedException {
    for (int base = from; base < to; ) {
      int end = to - base > BLOCK ? base + BLOCK : to;
      for (int i = base; i < end; i++) {
        if (p.test(a.get(i))) {
          return i;
        }
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      base = end;
    }
    return -1;
  }
}
