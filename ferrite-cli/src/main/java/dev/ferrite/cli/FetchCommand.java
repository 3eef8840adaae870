package dev.ferrite.cli;

import dev.ferrite.http.FetchBatch;
import dev.ferrite.http.FetchEvent;
import dev.ferrite.http.FetchFailure;
import dev.ferrite.http.FetchRequest;
import dev.ferrite.http.FetchRequest.Target;
import dev.ferrite.http.FetchResult;
import dev.ferrite.http.Fetched;
import dev.ferrite.http.Fetcher;
import dev.ferrite.http.HttpError;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code ferrite fetch}: the article's concurrent download, bounded, with a summary. */
@Command(
    name = "fetch",
    description = {
      "Downloads URLs concurrently (the Rust article's join_all fan-out), at most",
      "-c at once and --per-host to one host, and reports one line per URL in",
      "input order, then a summary (succeeded, failed, bytes, time).",
      "",
      "Each attempt has a deadline covering connect, headers and the whole body.",
      "GETs whose connection fails, or that are answered 429 or 503, are retried",
      "with exponential back-off and jitter, honouring Retry-After.",
      "URLs come from the arguments and/or a file (-i; one per line, blank lines",
      "and # comments skipped; - for standard input). An invalid URL is reported",
      "on its own line and does not stop the others. Without -o, bodies are",
      "counted and dropped. A progress bar is shown on a terminal only.",
      "",
      "Exit codes: 0 when every URL answered 2xx, 1 when any failed, 2 for a",
      "usage error."
    })
final class FetchCommand implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;

  @Spec private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  private boolean help;

  @Parameters(paramLabel = "URL", arity = "0..*", description = "URLs to fetch.")
  private List<String> urls = new ArrayList<>();

  @Option(names = {"-i", "--input"}, paramLabel = "FILE",
      description = "Read URLs from FILE, one per line ('-': standard input).")
  private String input;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "8",
      description = "At most N requests at once (default: ${DEFAULT-VALUE}).")
  private int concurrency;

  @Option(names = "--per-host", paramLabel = "N", defaultValue = "4",
      description = "At most N requests at once to one host (default: ${DEFAULT-VALUE}).")
  private int perHost;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Deadline of each attempt, body included: 500ms, 10s, 2m, PT1M"
          + " (default: ${DEFAULT-VALUE}).")
  private Duration timeout;

  @Option(names = "--retries", paramLabel = "N", defaultValue = "2",
      description = "Retries after the first attempt (default: ${DEFAULT-VALUE}).")
  private int retries;

  @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR",
      description = "Save each body in DIR, under a safe name made from its URL"
          + " (created if missing; existing files are not overwritten).")
  private Path outputDir;

  @Option(names = "--json",
      description = "Print one JSON object per URL, in input order: {\"url\": \"...\","
          + " \"status\": 200, \"bytes\": 1234, \"error\": null} (the summary goes to"
          + " standard error).")
  private boolean json;

  FetchCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws Exception {
    if (concurrency <= 0) {
      throw new ParameterException(spec.commandLine(), "-c must be positive: " + concurrency);
    }
    if (perHost <= 0) {
      throw new ParameterException(spec.commandLine(), "--per-host must be positive: " + perHost);
    }
    if (retries < 0) {
      throw new ParameterException(spec.commandLine(), "--retries must not be negative: " + retries);
    }
    List<String> all = new ArrayList<>(urls);
    if (input != null) {
      all.addAll(readUrls(input));
    }
    if (all.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "no URLs given (arguments or -i FILE)");
    }
    List<FetchRequest> requests = new ArrayList<>();
    List<Path> files = plan(all);
    for (int i = 0; i < all.size(); i++) {
      Path f = files.get(i);
      requests.add(FetchRequest.get(all.get(i)).to(f == null ? Target.discard() : Target.file(f)));
    }

    LongAdder bytes = new LongAdder();
    AtomicInteger done = new AtomicInteger();
    long start = System.nanoTime();
    List<FetchResult> results;
    try (Fetcher fetcher = Fetcher.builder().maxConcurrency(concurrency).maxPerHost(perHost)
            .timeout(timeout).maxAttempts(retries + 1).maxBodyBytes(Long.MAX_VALUE).build();
        Progress progress = Progress.start(Progress.terminal(out, err) ? err : null,
            secs -> progressLine(done.get(), all.size(), bytes.sum(), secs), "fetch-progress");
        FetchBatch batch = fetcher.start(requests, e -> {
          switch (e) {
            case FetchEvent.BytesReceived b -> bytes.add(b.bytes());
            case FetchEvent.Finished f -> done.incrementAndGet();
            default -> {}
          }
        })) {
      results = batch.await();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    int ok = 0;
    long total = 0;
    for (int i = 0; i < results.size(); i++) {
      FetchResult r = results.get(i);
      boolean success = r instanceof Fetched f && f.status() / 100 == 2;
      if (success) {
        ok++;
      }
      if (r instanceof Fetched f) {
        total += f.bytes();
      }
      out.println(json ? jsonLine(r) : textLine(r));
    }
    int failed = results.size() - ok;
    String summary = String.format(Locale.ROOT, "%d succeeded, %d failed, %,d bytes in %.2f s",
        ok, failed, total, took.toNanos() / 1e9);
    (json ? err : out).println(summary);
    out.flush();
    return failed == 0 ? 0 : Main.EXIT_FAILURE;
  }

  private static String progressLine(int done, int total, long bytes, double secs) {
    return String.format(Locale.ROOT, "\r%d / %d URLs  %.1f MB  %.1f MB/s ", done, total,
        bytes / 1e6, bytes / 1e6 / Math.max(1e-9, secs));
  }

  private List<String> readUrls(String file) {
    List<String> lines;
    try {
      lines = file.equals("-")
          ? List.of(new String(System.in.readAllBytes(), StandardCharsets.UTF_8).split("\\R"))
          : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalStateException(file + ": no such file", e);
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalStateException(file + ": cannot read: " + Main.describe(e), e);
    }
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      String s = line.strip();
      if (!s.isEmpty() && !s.startsWith("#")) {
        out.add(s);
      }
    }
    return out;
  }

  /** {@return the file of each URL under -o (null when not saving or the URL is invalid)} */
  private List<Path> plan(List<String> all) throws IOException {
    List<Path> files = new ArrayList<>();
    if (outputDir == null) {
      all.forEach(u -> files.add(null));
      return files;
    }
    try {
      Files.createDirectories(outputDir);
    } catch (IOException e) {
      throw new IllegalStateException(outputDir + ": cannot create directory: " + Main.describe(e), e);
    }
    Set<String> taken = new HashSet<>();
    for (String u : all) {
      String name = fileName(u);
      if (name == null) {
        files.add(null);
        continue;
      }
      String unique = name;
      for (int k = 1; taken.contains(unique.toLowerCase(Locale.ROOT))
          || Files.exists(outputDir.resolve(unique)); k++) {
        unique = withSuffix(name, "-" + k);
      }
      taken.add(unique.toLowerCase(Locale.ROOT));
      files.add(outputDir.resolve(unique));
    }
    return files;
  }

  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");
  private static final int MAX_NAME = 120;

  /**
   * {@return a safe file name made from {@code url}: host, port, path and query with every run of
   * other characters than letters, digits, '.', '_' and '-' turned into one '_', no leading dot,
   * {@code index.html} for a directory path, at most 120 characters; null for an invalid URL}
   */
  static String fileName(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return null;
    }
    if (uri.getHost() == null || uri.getScheme() == null) {
      return null;
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (path.isEmpty() || path.endsWith("/")) {
      path += "index.html";
    }
    String raw = uri.getHost() + (uri.getPort() >= 0 ? "_" + uri.getPort() : "") + "_" + path
        + (uri.getRawQuery() != null ? "_" + uri.getRawQuery() : "");
    String safe = UNSAFE.matcher(raw.replace('/', '_')).replaceAll("_").replaceAll("_+", "_");
    safe = safe.replaceAll("^[._]+", "");
    if (safe.length() > MAX_NAME) {
      int dot = safe.lastIndexOf('.');
      String ext = dot > 0 && dot > safe.lastIndexOf('_') && safe.length() - dot <= 10
          ? safe.substring(dot) : "";
      safe = safe.substring(0, MAX_NAME - ext.length()) + ext;
    }
    return safe.isEmpty() ? "index.html" : safe;
  }

  /** {@return {@code name} with {@code suffix} before its extension (after its last '_'), if any} */
  static String withSuffix(String name, String suffix) {
    int dot = name.lastIndexOf('.');
    return dot > 0 && dot > name.lastIndexOf('_')
        ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
  }

  private static String textLine(FetchResult r) {
    return switch (r) {
      case Fetched f -> String.format(Locale.ROOT, "%3d %,12d B  %s%s%s", f.status(), f.bytes(),
          f.url(), f.file() != null ? " -> " + f.file() : "",
          f.status() / 100 == 2 ? "" : "  (not 2xx)");
      case HttpError e -> String.format(Locale.ROOT, "%3d %14s  %s  %s", e.status(), "-", e.url(),
          e.reason() + attempts(e));
      case FetchFailure f -> String.format(Locale.ROOT, "  - %14s  %s  %s", "-", f.url(),
          f.reason() + attempts(f));
    };
  }

  private static String attempts(FetchFailure f) {
    return f.attempts() > 1 ? " (" + f.attempts() + " attempts)" : "";
  }

  private static String jsonLine(FetchResult r) {
    StringBuilder sb = new StringBuilder("{\"url\": ");
    WordCountCommand.jsonString(sb, r.url());
    Integer status = switch (r) {
      case Fetched f -> f.status();
      case HttpError e -> e.status();
      default -> null;
    };
    sb.append(", \"status\": ").append(status);
    sb.append(", \"bytes\": ").append(r instanceof Fetched f ? f.bytes() : 0);
    sb.append(", \"error\": ");
    String error = switch (r) {
      case Fetched f -> f.status() / 100 == 2 ? null : "HTTP " + f.status();
      case FetchFailure f -> f.reason();
    };
    if (error == null) {
      sb.append("null");
    } else {
      WordCountCommand.jsonString(sb, error);
    }
    return sb.append('}').toString();
  }

  /** Parses 500ms, 10s, 1.5s, 2m, 1h, a bare number of seconds, or ISO-8601 (PT10S). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SIMPLE =
        Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

    @Override
    public Duration convert(String value) {
      String v = value.strip();
      Duration d;
      Matcher m = SIMPLE.matcher(v);
      if (m.matches()) {
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        double nanos = n * switch (unit) {
          case "ms" -> 1e6;
          case "m" -> 60e9;
          case "h" -> 3600e9;
          default -> 1e9;
        };
        d = Duration.ofNanos((long) Math.min(nanos, Long.MAX_VALUE));
      } else {
        try {
          d = Duration.parse(v);
        } catch (DateTimeParseException e) {
          throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 10s, 2m)");
        }
      }
      if (d.isNegative() || d.isZero()) {
        throw new TypeConversionException("'" + value + "' is not a positive duration");
      }
      return d;
    }
  }
}
