package dev.ferrite.bench.par;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated text corpus: words drawn from a vocabulary of {@link #VOCABULARY} made-up words
 * with Zipf-distributed frequencies (exponent 1, as in natural text), fixed seed, lines of about
 * 80 bytes. The same seed gives the same corpus.
 *
 * <p>{@code java -cp ferrite-bench/target/benchmarks.jar dev.ferrite.bench.par.ZipfCorpus BYTES FILE}
 * writes one to a file (e.g. {@code 1000000000 /tmp/zipf-1g.txt}), for timing
 * {@code ./ferrite wordcount} on it.
 */
public final class ZipfCorpus {
  /** Distinct words in the vocabulary. */
  public static final int VOCABULARY = 50_000;
  /** The seed of every corpus. */
  public static final long SEED = 0x5EED_2026L;

  private final String[] words;
  private final double[] cumulative;
  private final SplittableRandom random = new SplittableRandom(SEED);

  /** A generator with the fixed seed. */
  public ZipfCorpus() {
    SplittableRandom r = new SplittableRandom(SEED ^ 0xABCDL);
    words = new String[VOCABULARY];
    java.util.HashSet<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < VOCABULARY; i++) {
      String w;
      do {
        int len = 2 + r.nextInt(9);
        StringBuilder sb = new StringBuilder(len);
        for (int k = 0; k < len; k++) {
          sb.append((char) ('a' + r.nextInt(26)));
        }
        w = sb.toString();
      } while (!seen.add(w));
      words[i] = w;
    }
    cumulative = new double[VOCABULARY];
    double sum = 0;
    for (int i = 0; i < VOCABULARY; i++) {
      sum += 1.0 / (i + 1);
      cumulative[i] = sum;
    }
    for (int i = 0; i < VOCABULARY; i++) {
      cumulative[i] /= sum;
    }
  }

  /** {@return the next word, Zipf-distributed} */
  public String nextWord() {
    double u = random.nextDouble();
    int lo = 0;
    int hi = VOCABULARY - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return words[lo];
  }

  /** {@return the next line of about 80 bytes (without its line feed)} */
  public String nextLine() {
    StringBuilder sb = new StringBuilder(96);
    while (sb.length() < 80) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(nextWord());
    }
    return sb.toString();
  }

  /**
   * {@return lines totalling at least {@code bytes} bytes (line feeds included)}
   *
   * @param bytes the minimum size
   */
  public static List<String> lines(long bytes) {
    ZipfCorpus z = new ZipfCorpus();
    List<String> out = new ArrayList<>();
    long size = 0;
    while (size < bytes) {
      String l = z.nextLine();
      out.add(l);
      size += l.length() + 1;
    }
    return out;
  }

  /**
   * Writes a corpus of at least {@code args[0]} bytes to the file {@code args[1]}.
   *
   * @param args the size in bytes and the file
   * @throws IOException if the file cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: ZipfCorpus BYTES FILE");
      System.exit(2);
    }
    long bytes = Long.parseLong(args[0]);
    ZipfCorpus z = new ZipfCorpus();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(args[1])),
        1 << 20)) {
      long size = 0;
      while (size < bytes) {
        byte[] l = (z.nextLine() + "\n").getBytes(StandardCharsets.UTF_8);
        out.write(l);
        size += l.length;
      }
    }
  }
}
