package dev.ferrite.cli.wordcount;

import dev.ferrite.exec.WorkStealingPool;
import dev.ferrite.par.ByteChunk;
import dev.ferrite.par.ParIter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The word count of {@code ferrite wordcount}: the article's rayon pattern on
 * {@link ParIter}, and the sequential reference it must agree with.
 *
 * <p>Inputs are UTF-8. Each file is read in chunks that end at line feeds (a line feed is white
 * space, so no word spans two chunks); a big file is split among the workers, small files are
 * shared out whole. Each worker folds its chunks into its own map (no shared state, no locks),
 * and the maps are merged pairwise at the end. Invalid UTF-8 is an error naming the file and the
 * byte offset: the bytes are never replaced and counted.
 */
public final class WordCount {
  /** Files at least this big are split among the workers; smaller ones are read whole. */
  static final long SPLIT_FILE = 1 << 20;

  private WordCount() {}

  /**
   * The counts: total words and the number of occurrences of each distinct word.
   *
   * @param total the number of words, counting repeats
   * @param words the number of occurrences of each distinct (lower-cased) word
   */
  public record Counts(long total, Map<String, Long> words) {
    /** {@return the number of distinct words} */
    public long distinct() {
      return words.size();
    }

    /**
     * {@return the {@code n} most frequent words, by count descending, then word ascending (by
     * code point)}
     *
     * @param n how many at most
     */
    public List<Map.Entry<String, Long>> top(int n) {
      Comparator<Map.Entry<String, Long>> order =
          Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
              .thenComparing((a, b) -> Words.compareCodePoints(a.getKey(), b.getKey()));
      return words.entrySet().stream().sorted(order).limit(n)
          .<Map.Entry<String, Long>>map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }
  }

  /** A worker's partial count: confined to one thread until merged. */
  static final class Tally {
    final HashMap<String, long[]> map = new HashMap<>();
    long total;

    void add(String w) {
      total++;
      long[] c = map.get(w);
      if (c == null) {
        map.put(w, new long[] {1});
      } else {
        c[0]++;
      }
    }

    Tally merge(Tally o) {
      Tally big = map.size() >= o.map.size() ? this : o;
      Tally small = big == this ? o : this;
      small.map.forEach((w, c) -> {
        long[] b = big.map.get(w);
        if (b == null) {
          big.map.put(w, c);
        } else {
          b[0] += c[0];
        }
      });
      big.total = total + o.total;
      return big;
    }

    Counts toCounts() {
      HashMap<String, Long> m = HashMap.newHashMap(map.size());
      map.forEach((w, c) -> m.put(w, c[0]));
      return new Counts(total, m);
    }
  }

  // ===================================================================== inputs

  /**
   * {@return the regular files named by {@code paths}, directories searched recursively, in
   * order (each directory's files sorted by path)}
   *
   * @param paths files and directories, as given on the command line
   * @throws IllegalArgumentException with a one-line message naming the path, for a missing or
   *     unreadable path or a directory with no file in it
   */
  public static List<Path> expand(List<Path> paths) {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        List<Path> found;
        try (Stream<Path> s = Files.walk(p)) {
          found = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
          throw new IllegalArgumentException(p + ": cannot list the directory: " + reason(e));
        }
        if (found.isEmpty()) {
          throw new IllegalArgumentException(p + ": a directory with no file to read");
        }
        for (Path f : found) {
          checkReadable(f);
        }
        files.addAll(found);
      } else if (Files.exists(p)) {
        if (!Files.isRegularFile(p)) {
          throw new IllegalArgumentException(p + ": not a regular file");
        }
        checkReadable(p);
        files.add(p);
      } else {
        throw new IllegalArgumentException(p + ": no such file or directory");
      }
    }
    return files;
  }

  private static void checkReadable(Path f) {
    if (!Files.isReadable(f)) {
      throw new IllegalArgumentException(f + ": permission denied");
    }
  }

  private static String reason(Exception e) {
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    if (t instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (t instanceof AccessDeniedException) {
      return "permission denied";
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }

  /** {@return the built-in corpus (the King James Bible, public domain), as UTF-8 bytes} */
  public static byte[] corpus() {
    try (InputStream in = WordCount.class.getResourceAsStream("/dev/ferrite/cli/corpus/kjv.txt.gz")) {
      if (in == null) {
        throw new IllegalStateException("the built-in corpus is missing from the class path");
      }
      return new GZIPInputStream(in).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in corpus: " + e.getMessage(), e);
    }
  }

  /** The name the built-in corpus goes by in messages. */
  public static final Path CORPUS_NAME = Path.of("(built-in corpus)");

  // ===================================================================== parallel

  /**
   * Counts the words of {@code files} in parallel on {@code pool}.
   *
   * @param files regular files (see {@link #expand})
   * @param pool the pool to run on
   * @param bytesDone incremented by each chunk's size once it is counted (for progress)
   * @return the counts
   * @throws UncheckedIOException naming the file, for an I/O error or invalid UTF-8
   */
  public static Counts parallel(List<Path> files, WorkStealingPool pool, LongAdder bytesDone) {
    List<Path> small = new ArrayList<>();
    Tally all = new Tally();
    for (Path f : files) {
      long size;
      try {
        size = Files.size(f);
      } catch (IOException e) {
        throw new UncheckedIOException(f + ": " + reason(e), e);
      }
      if (size >= SPLIT_FILE) {
        all = all.merge(ParIter.chunks(f).on(pool)
            .fold(Tally::new, (t, c) -> countChunk(t, c, bytesDone))
            .reduce(Tally::new, Tally::merge));
      } else {
        small.add(f);
      }
    }
    if (!small.isEmpty()) {
      all = all.merge(ParIter.of(small).on(pool)
          .fold(Tally::new, (t, f) -> {
            byte[] b;
            try {
              b = Files.readAllBytes(f);
            } catch (IOException e) {
              throw new UncheckedIOException(f + ": " + reason(e), e);
            }
            return countChunk(t, new ByteChunk(f, 0, ByteBuffer.wrap(b)), bytesDone);
          })
          .reduce(Tally::new, Tally::merge));
    }
    return all.toCounts();
  }

  /**
   * Counts the words of {@code text} (UTF-8) in parallel on {@code pool}, cut into line-aligned
   * chunks of about {@code chunkBytes}.
   *
   * @param name the name for error messages
   * @param text the UTF-8 bytes
   * @param pool the pool to run on
   * @param chunkBytes the target chunk size
   * @return the counts
   */
  public static Counts parallel(Path name, byte[] text, WorkStealingPool pool, int chunkBytes) {
    return ParIter.of(lineChunks(name, text, chunkBytes)).on(pool)
        .fold(Tally::new, (t, c) -> countChunk(t, c, null))
        .reduce(Tally::new, Tally::merge)
        .toCounts();
  }

  /** {@return {@code text} cut after line feeds into chunks of about {@code size} bytes} */
  static List<ByteChunk> lineChunks(Path name, byte[] text, int size) {
    List<ByteChunk> out = new ArrayList<>();
    int pos = 0;
    while (pos < text.length) {
      int end = Math.min(text.length, pos + Math.max(1, size));
      while (end < text.length && text[end - 1] != '\n') {
        end++;
      }
      out.add(new ByteChunk(name, pos, ByteBuffer.wrap(text, pos, end - pos).slice()));
      pos = end;
    }
    return out;
  }

  static Tally countChunk(Tally t, ByteChunk c, LongAdder bytesDone) {
    // Lower-casing the chunk equals lower-casing the whole text: the chunk ends at a line feed
    // (white space), and no case mapping looks across white space (see Words).
    Words.forEachRawWord(decode(c).toString().toLowerCase(Locale.ROOT), t::add);
    if (bytesDone != null) {
      bytesDone.add(c.length());
    }
    return t;
  }

  /** {@return the chunk decoded as strict UTF-8} */
  static CharBuffer decode(ByteChunk c) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = c.bytes().duplicate();
    CharBuffer out = CharBuffer.allocate(in.remaining());
    CoderResult r = d.decode(in, out, true);
    if (!r.isError()) {
      r = d.flush(out);
    }
    if (r.isError()) {
      throw new UncheckedIOException(
          new IOException(c.file() + ": invalid UTF-8 at byte " + (c.offset() + in.position())));
    }
    return out.flip();
  }

  // ===================================================================== sequential reference

  /**
   * The sequential reference, the article's rule spelled out: decode each whole file, lower-case
   * the whole text, split on white space, count in one map. Reads each file into memory.
   *
   * @param files the files
   * @return the counts
   * @throws UncheckedIOException naming the file, for an I/O error or invalid UTF-8
   */
  public static Counts sequential(List<Path> files) {
    Tally t = new Tally();
    for (Path f : files) {
      try {
        sequential(f, Files.readAllBytes(f), t);
      } catch (IOException e) {
        throw new UncheckedIOException(f + ": " + reason(e), e);
      }
    }
    return t.toCounts();
  }

  /**
   * {@return the sequential reference's counts of the UTF-8 {@code text}}
   *
   * @param name the name for error messages
   * @param text the bytes
   */
  public static Counts sequential(Path name, byte[] text) {
    Tally t = new Tally();
    sequential(name, text, t);
    return t.toCounts();
  }

  private static void sequential(Path name, byte[] text, Tally t) {
    String s = decode(new ByteChunk(name, 0, ByteBuffer.wrap(text))).toString();
    Words.forEachRawWord(s.toLowerCase(Locale.ROOT), t::add);
  }
}
