package dev.ferrite.cli.tour;

import dev.ferrite.cli.wordcount.WordCount;
import dev.ferrite.cli.wordcount.WordCount.Counts;
import dev.ferrite.exec.WorkStealingPool;
import java.io.PrintStream;
import java.util.Map;

/**
 * The article's data-parallel pattern: rayon's
 * {@code par_iter().flat_map(words).fold(HashMap::new, count).reduce(HashMap::new, merge)} on
 * {@code ParIter}, counting the words of the built-in corpus. Each worker folds its pieces into
 * its own map; the maps are merged at the end. The result must equal the sequential reference's,
 * and the section prints the speed-up over it (best of a few runs each, after a warm-up).
 */
final class ParallelIteratorsSection implements TourSection {
  private static final int RUNS = 3;

  @Override
  public String name() {
    return "parallel-iterators";
  }

  @Override
  public String title() {
    return "word count with fold/reduce on parallel iterators (rayon's par_iter)";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    byte[] corpus = WordCount.corpus();
    out.printf("corpus: the King James Bible, %,d bytes of UTF-8%n", corpus.length);
    int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
    try (WorkStealingPool pool =
        WorkStealingPool.builder().workers(workers).name("tour-par").build()) {
      Counts seq = null;
      Counts par = null;
      long seqBest = Long.MAX_VALUE;
      long parBest = Long.MAX_VALUE;
      for (int i = 0; i <= RUNS; i++) { // run 0 is the warm-up
        long t0 = System.nanoTime();
        seq = WordCount.sequential(WordCount.CORPUS_NAME, corpus);
        long t1 = System.nanoTime();
        par = WordCount.parallel(WordCount.CORPUS_NAME, corpus, pool, 1 << 18);
        long t2 = System.nanoTime();
        if (i > 0) {
          seqBest = Math.min(seqBest, t1 - t0);
          parBest = Math.min(parBest, t2 - t1);
        }
      }
      out.printf("%,d words, %,d distinct; top 5:%n", par.total(), par.distinct());
      for (Map.Entry<String, Long> e : par.top(5)) {
        out.printf("  %,7d  %s%n", e.getValue(), e.getKey());
      }
      out.printf("sequential reference: %d ms; parallel on %d workers: %d ms; speed-up %.2fx"
          + " (best of %d)%n", seqBest / 1_000_000, workers, parBest / 1_000_000,
          (double) seqBest / parBest, RUNS);
      if (!par.equals(seq)) {
        throw new IllegalStateException("the parallel count differs from the sequential one");
      }
      out.println("parallel result identical to the sequential reference: yes");
    }
  }
}
