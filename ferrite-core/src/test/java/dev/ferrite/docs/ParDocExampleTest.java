package dev.ferrite.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.exec.WorkStealingPool;
import dev.ferrite.par.ParIter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example of docs/par.md: the article's process_documents word count, fold then reduce. */
class ParDocExampleTest {
  record Document(String text) {}

  @Test
  void wordCountFoldReduce() {
    List<Document> documents = List.of(new Document("The quick brown fox"),
        new Document("jumps over the lazy dog"), new Document("THE END"));
    try (WorkStealingPool pool = WorkStealingPool.fixed(2)) {
      // @start region="example"
      Map<String, Long> counts = ParIter.of(documents).on(pool)  // without on(): a shared pool
          .flatMap(doc -> List.of(doc.text().toLowerCase(Locale.ROOT).split("\\s+")))
          .fold(HashMap<String, Long>::new,                     // one map per piece of work
              (acc, word) -> {
                acc.merge(word, 1L, Long::sum);
                return acc;
              })
          .reduce(HashMap::new,                                 // merged pairwise, in order
              (acc, piece) -> {
                piece.forEach((word, n) -> acc.merge(word, n, Long::sum));
                return acc;
              });
      // @end

      assertThat(counts).containsEntry("the", 3L).containsEntry("fox", 1L).hasSize(9);
    }
  }
}
