package dev.ferrite.cli;

import dev.ferrite.cli.wordcount.WordCount;
import dev.ferrite.cli.wordcount.WordCount.Counts;
import dev.ferrite.exec.WorkStealingPool;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferrite wordcount}: the article's rayon word count, on files or the built-in corpus. */
@Command(
    name = "wordcount",
    description = {
      "Counts words in parallel, with the Rust article's rule: lower-case the",
      "text (full Unicode, locale-independent), then split it on Unicode",
      "White_Space (as Rust's to_lowercase() and split_whitespace()).",
      "Prints the total, the number of distinct words and the most frequent",
      "ones as 'count<TAB>word' lines: count descending, then word ascending",
      "(by code point).",
      "",
      "Input must be UTF-8. Invalid UTF-8 is an error: the command stops with",
      "a message naming the file and the byte offset (exit code 1); invalid",
      "bytes are never replaced, skipped or counted as words.",
      "Directories are searched recursively; every regular file in them is",
      "read. With no PATH, counts the built-in corpus (the King James Bible,",
      "public domain, 4.3 MB). Files are streamed in chunks split at line",
      "feeds: one big file keeps every core busy, and files larger than",
      "memory work. A progress bar is shown on a terminal only."
    })
final class WordCountCommand implements Runnable {
  private final PrintStream out;
  private final PrintStream err;

  @Spec private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  private boolean help;

  @Option(names = "--top", paramLabel = "N", defaultValue = "10",
      description = "How many of the most frequent words to print (default: ${DEFAULT-VALUE}).")
  private int top;

  @Option(names = "--json",
      description = "Print one JSON object: {\"total\": T, \"distinct\": D, "
          + "\"top\": [{\"word\": \"...\", \"count\": C}, ...]}.")
  private boolean json;

  @Parameters(paramLabel = "PATH", arity = "0..*",
      description = "Files or directories to count (default: the built-in corpus).")
  private List<Path> paths = new ArrayList<>();

  WordCountCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public void run() {
    if (top < 0) {
      throw new ParameterException(spec.commandLine(), "--top must not be negative: " + top);
    }
    int workers = Runtime.getRuntime().availableProcessors();
    Counts counts;
    try (WorkStealingPool pool =
        WorkStealingPool.builder().workers(workers).name("wordcount").daemon(true).build()) {
      if (paths.isEmpty()) {
        counts = WordCount.parallel(WordCount.CORPUS_NAME, WordCount.corpus(), pool, 1 << 18);
      } else {
        List<Path> files = WordCount.expand(paths);
        long total = 0;
        for (Path f : files) {
          try {
            total += Files.size(f);
          } catch (IOException e) {
            throw new UncheckedIOException(f + ": cannot read: " + e.getMessage(), e);
          }
        }
        LongAdder done = new LongAdder();
        try (Progress progress = Progress.start(Progress.terminal(out, err) ? err : null, total, done)) {
          counts = WordCount.parallel(files, pool, done);
        }
      }
    } catch (UncheckedIOException e) {
      // the message names the path; the cause is an I/O detail
      throw new IllegalStateException(e.getCause() != null && e.getCause().getMessage() != null
          && e.getCause().getMessage().contains(": ") ? e.getCause().getMessage()
          : e.getMessage(), e);
    }
    PrintStream o = out == System.out
        ? new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8)
        : out;
    print(o, counts);
    o.flush();
  }

  private void print(PrintStream o, Counts counts) {
    List<Map.Entry<String, Long>> best = counts.top(top);
    if (json) {
      StringBuilder sb = new StringBuilder();
      sb.append("{\"total\": ").append(counts.total()).append(", \"distinct\": ")
          .append(counts.distinct()).append(", \"top\": [");
      for (int i = 0; i < best.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        sb.append("{\"word\": ");
        jsonString(sb, best.get(i).getKey());
        sb.append(", \"count\": ").append(best.get(i).getValue()).append('}');
      }
      sb.append("]}");
      o.println(sb);
    } else {
      o.println("total\t" + counts.total());
      o.println("distinct\t" + counts.distinct());
      for (Map.Entry<String, Long> e : best) {
        o.println(e.getValue() + "\t" + e.getKey());
      }
    }
  }

  /** Appends {@code s} as a JSON string (RFC 8259): quotes, backslashes and controls escaped. */
  static void jsonString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
