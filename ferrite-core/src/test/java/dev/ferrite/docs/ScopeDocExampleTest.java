package dev.ferrite.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.scope.ParallelSearch;
import dev.ferrite.scope.Policy;
import dev.ferrite.scope.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example of docs/scope.md: the article's parallel_search, by hand and ready-made. */
class ScopeDocExampleTest {
  @Test
  void parallelSearch() throws InterruptedException {
    int[] haystack = new int[1_000_000];
    for (int i = 0; i < haystack.length; i++) {
      haystack[i] = i % 1000;
    }
    int needle = 777;
    // @start region="example"
    int chunks = 4;
    int chunkSize = (haystack.length + chunks - 1) / chunks;
    List<Integer> hits;
    try (Scope<Integer, List<Integer>> scope = Scope.open(Policy.failFast())) {
      for (int c = 0; c < chunks; c++) {
        int from = c * chunkSize;
        int to = Math.min(haystack.length, from + chunkSize);
        scope.spawn(() -> {                  // reads the caller's array: no copy
          for (int i = from; i < to; i++) {
            if (haystack[i] == needle) {
              return i;
            }
          }
          return -1;
        });
      }
      hits = scope.join();                   // every task has ended here
    }
    int first = hits.stream().filter(i -> i >= 0).min(Integer::compare).orElse(-1);

    // the same, ready-made: cancels the chunks after a hit that cannot hold a smaller index
    int same = ParallelSearch.firstIndex(haystack, chunks, x -> x == needle);
    // @end

    assertThat(first).isEqualTo(777);
    assertThat(same).isEqualTo(777);
    assertThat(hits).hasSize(4).allMatch(i -> i >= 0);
  }
}
