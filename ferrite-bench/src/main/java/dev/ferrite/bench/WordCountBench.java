package dev.ferrite.bench;

import dev.ferrite.bench.par.ZipfCorpus;
import dev.ferrite.exec.WorkStealingPool;
import dev.ferrite.par.ParIter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The article's rayon word count on an in-memory corpus: {@code mb} megabytes of lines of words
 * drawn Zipf-distributed from 50,000 words ({@link ZipfCorpus}, fixed seed), in milliseconds per
 * count (lower is better; MB/s = mb * 1000 / score).
 *
 * <p>{@code impl}: {@code ferrite} ({@code ParIter.of(lines).fold(HashMap::new, count)
 * .reduce(HashMap::new, merge)}, counting in place in a {@code long[1]} per word as the
 * article's Rust and {@code ferrite wordcount} do), {@code sequential} (the same counting in a
 * plain loop into one map),
 * {@code parallelStream} ({@code flatMap} to words,
 * {@code Collectors.groupingBy(w -> w, counting())}) and {@code parallelStreamConcurrent}
 * ({@code groupingByConcurrent}), the streams running in a {@link ForkJoinPool} of
 * {@code workers} threads. Every implementation splits lines on the space character the same
 * way ({@link #forEachWord}) and returns the same map.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 3)
// A fixed, pre-touched heap: with only -Xmx3g, G1 resized the heap from run to run, one source
// of the +-20-30% spread of this case (sequential 706 +- 163 ms in one default run). The
// sequential case still varies between forks with it (778-890 vs 918-1434 ms in one run).
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
public class WordCountBench {
  @Param({"ferrite", "sequential", "parallelStream", "parallelStreamConcurrent"})
  String impl;

  @Param({"2"})
  int workers;

  @Param({"64"})
  int mb;

  private List<String> lines;
  private Counter counter;

  /** A word counter over lines. */
  interface Counter extends AutoCloseable {
    Map<String, Long> count(List<String> lines) throws Exception;

    @Override
    default void close() {}
  }

  @Setup(Level.Trial)
  public void setUp() {
    lines = ZipfCorpus.lines(mb * 1_000_000L);
    counter = counter(impl, workers);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    counter.close();
  }

  @Benchmark
  public Map<String, Long> count() throws Exception {
    return counter.count(lines);
  }

  /** Splits {@code line} on spaces (the generated corpus has no other white space). */
  static void forEachWord(String line, Consumer<String> out) {
    int start = 0;
    int n = line.length();
    while (start < n) {
      int sp = line.indexOf(' ', start);
      int end = sp < 0 ? n : sp;
      if (end > start) {
        out.accept(line.substring(start, end));
      }
      start = end + 1;
    }
  }

  static Stream<String> words(String line) {
    Stream.Builder<String> b = Stream.builder();
    forEachWord(line, b);
    return b.build();
  }

  /*
   * Ferrite's fold and the sequential reference count in place, as the article's Rust does
   * (`*map.entry(word).or_insert(0) += 1`) and as `ferrite wordcount` does: one long[1] per
   * distinct word, incremented, instead of HashMap.merge with Long::sum, which boxes a new Long
   * for every occurrence past 127. (Collectors.counting() in the stream impls also counts in
   * place, in a long[] per key.) The final map is converted to Map<String, Long> like theirs.
   */

  private static HashMap<String, long[]> add(HashMap<String, long[]> m, String line) {
    forEachWord(line, w -> {
      long[] c = m.get(w);
      if (c == null) {
        m.put(w, new long[] {1});
      } else {
        c[0]++;
      }
    });
    return m;
  }

  private static HashMap<String, long[]> merge(HashMap<String, long[]> a, HashMap<String, long[]> b) {
    if (a.size() < b.size()) {
      HashMap<String, long[]> t = a;
      a = b;
      b = t;
    }
    HashMap<String, long[]> into = a;
    b.forEach((w, n) -> {
      long[] c = into.putIfAbsent(w, n);
      if (c != null) {
        c[0] += n[0];
      }
    });
    return into;
  }

  private static Map<String, Long> boxed(HashMap<String, long[]> m) {
    HashMap<String, Long> out = HashMap.newHashMap(m.size());
    m.forEach((w, c) -> out.put(w, c[0]));
    return out;
  }

  /**
   * {@return the counter named {@code impl}}
   *
   * @param impl one of the {@code impl} values
   * @param workers the parallelism
   */
  static Counter counter(String impl, int workers) {
    return switch (impl) {
      case "ferrite" -> {
        WorkStealingPool pool = WorkStealingPool.builder().workers(workers).name("bench-par").build();
        yield new Counter() {
          @Override
          public Map<String, Long> count(List<String> lines) {
            return boxed(ParIter.of(lines).on(pool)
                .fold(HashMap<String, long[]>::new, WordCountBench::add)
                .reduce(HashMap::new, WordCountBench::merge));
          }

          @Override
          public void close() {
            pool.close();
          }
        };
      }
      case "sequential" -> lines -> {
        HashMap<String, long[]> m = new HashMap<>();
        for (String l : lines) {
          add(m, l);
        }
        return boxed(m);
      };
      case "parallelStream" -> inPool(workers, lines -> lines.parallelStream()
          .flatMap(WordCountBench::words)
          .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())));
      case "parallelStreamConcurrent" -> inPool(workers, lines -> lines.parallelStream()
          .flatMap(WordCountBench::words)
          .collect(Collectors.groupingByConcurrent(Function.identity(), Collectors.counting())));
      default -> throw new IllegalArgumentException("unknown impl: " + impl);
    };
  }

  /** A stream pipeline run inside a ForkJoinPool of {@code workers}, so it uses that many. */
  private static Counter inPool(int workers, Function<List<String>, Map<String, Long>> f) {
    ForkJoinPool fjp = new ForkJoinPool(workers);
    return new Counter() {
      @Override
      public Map<String, Long> count(List<String> lines) throws Exception {
        Callable<Map<String, Long>> c = () -> f.apply(lines);
        return fjp.submit(c).get();
      }

      @Override
      public void close() {
        fjp.close();
      }
    };
  }
}
