package dev.ferrite.cli;

import dev.ferrite.cli.bench.BenchProgress;
import dev.ferrite.cli.bench.Plan;
import dev.ferrite.cli.bench.Report;
import dev.ferrite.cli.bench.RunInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ferrite bench}: runs the JMH suites of {@code ferrite-bench} in a child JVM and writes
 * {@code report.html}, {@code report.md} and {@code results.json} (JMH's raw results).
 *
 * <p>One child JVM ({@code java -jar benchmarks.jar}, with the {@code java} running this command)
 * per benchmark class, so that a quick run can leave out parameter values per class and a class
 * that fails does not lose the others' results; their JSON arrays are concatenated into
 * {@code results.json}. JMH's console output goes to {@code jmh.log} and feeds the progress line.
 */
@Command(
    name = "bench",
    description = {
      "Runs Ferrite's JMH benchmarks against their peers in a child JVM and",
      "writes a report: report.html (one self-contained page, a bar chart per",
      "scenario with Ferrite's speedup over each peer and error bars),",
      "report.md (the same tables) and results.json (JMH's raw results), plus",
      "run.properties (the machine) and jmh.log (JMH's output).",
      "",
      "The default run uses each benchmark's own settings (about 45 minutes on 2 cores);",
      "--quick (one fork, 0.5 s warmup, 3 x 0.5 s iterations, fewer",
      "parameter values) runs the whole suite in under 10 minutes on 2 cores.",
      "Needs ferrite-bench/target/benchmarks.jar (the ./ferrite launcher",
      "builds it), or --jar / FERRITE_BENCH_JAR."
    })
final class BenchCommand implements Runnable {
  /** The environment variable naming the benchmarks jar. */
  static final String JAR_ENV = "FERRITE_BENCH_JAR";

  private final PrintStream out;
  private final PrintStream err;

  @Spec private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  private boolean help;

  @Option(names = "--quick",
      description = "A short run of the whole suite (under 10 minutes on 2 cores); the report says"
          + " so. For a first look, not for quoting.")
  private boolean quick;

  @Option(names = "--only", paramLabel = "PATTERN",
      description = "Run only the benchmarks whose full name (e.g. "
          + "dev.ferrite.bench.ChannelBench.buffered) contains a match of this regular"
          + " expression. With --from: report only those.")
  private String only;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-report",
      description = "Where to write the report (default: ${DEFAULT-VALUE}).")
  private Path outDir;

  @Option(names = "--jar", paramLabel = "FILE",
      description = "The benchmarks jar (default: $" + JAR_ENV + ", else"
          + " ferrite-bench/target/benchmarks.jar of the project).")
  private Path jar;

  @Option(names = "--from", paramLabel = "FILE",
      description = "Run nothing: write the report of an existing JMH JSON results file (and the"
          + " run.properties beside it, if any).")
  private Path from;

  @Option(names = "--plan",
      description = "Run nothing: print the JMH runs, the number of cases and the estimated time.")
  private boolean plan;

  @Option(names = "--jmh-options", paramLabel = "OPTIONS",
      description = "JMH iteration options replacing the quick ones or the benchmarks' own, e.g."
          + " \"-f 1 -wi 0 -i 2 -r 100ms\" (the report calls the run custom).")
  private String jmhOptions;

  BenchCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public void run() {
    Pattern onlyPattern = null;
    if (only != null) {
      try {
        onlyPattern = Pattern.compile(only);
      } catch (PatternSyntaxException e) {
        throw usage("--only: not a regular expression: "
            + e.getDescription() + " near index " + e.getIndex());
      }
    }
    if (from != null) {
      if (quick || plan || jar != null || jmhOptions != null) {
        throw usage("--from cannot be combined with --quick, --plan, --jar or --jmh-options");
      }
      fromFile(onlyPattern);
      return;
    }
    List<String> options = null;
    if (jmhOptions != null) {
      options = Arrays.stream(jmhOptions.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
      for (String o : options) {
        if (o.equals("-rf") || o.equals("-rff") || o.equals("-o") || o.equals("-l")
            || o.equals("-lp")) {
          throw usage("--jmh-options: " + o + " is set by ferrite bench");
        }
      }
    }
    Path benchJar = locateJar();
    Path java = Path.of(System.getProperty("java.home"), "bin",
        System.getProperty("os.name").startsWith("Windows") ? "java.exe" : "java");
    String listing = capture(List.of(java.toString(), "-jar", benchJar.toString(), "-lp"));
    Plan p = Plan.of(listing, onlyPattern, quick, options);
    if (p.runs().isEmpty()) {
      throw new IllegalStateException(only == null ? "no benchmark in " + benchJar
          : "no benchmark matches --only " + only);
    }
    if (plan) {
      printPlan(p);
      return;
    }
    String kind = options != null ? "custom: JMH options " + String.join(" ", options)
        : quick ? "quick: JMH options " + String.join(" ", Plan.QUICK_OPTIONS)
            + quickParams()
        : "default: each benchmark's own settings";
    runPlan(p, java, benchJar, RunInfo.here(kind, commandLine()));
  }

  private static String quickParams() {
    StringBuilder b = new StringBuilder();
    Plan.QUICK_PARAMS.forEach((suite, ps) -> b.append("; ").append(suite).append(" only ")
        .append(String.join(", ", ps)));
    return b.toString();
  }

  private String commandLine() {
    StringBuilder b = new StringBuilder("./ferrite bench");
    if (quick) {
      b.append(" --quick");
    }
    if (only != null) {
      b.append(" --only '").append(only).append('\'');
    }
    if (jmhOptions != null) {
      b.append(" --jmh-options '").append(jmhOptions.strip()).append('\'');
    }
    return b.toString();
  }

  private void printPlan(Plan p) {
    out.printf(Locale.ROOT, "%-22s %6s  %s%n", "benchmark class", "cases", "JMH arguments");
    for (Plan.Run r : p.runs()) {
      out.printf(Locale.ROOT, "%-22s %6d  %s%n", r.suite(), r.cases(),
          String.join(" ", r.arguments(p.jmhOptions())));
    }
    double secs = p.seconds();
    out.printf(Locale.ROOT, "%d cases in %d JMH runs; %s%n", p.cases(), p.runs().size(),
        Double.isNaN(secs) ? "time set by each benchmark's annotations (JMH prints its ETA)"
            : String.format(Locale.ROOT, "about %s (%.1f s per case, %.1f s of it fork and setup)",
                BenchProgress.duration(secs), p.caseSeconds(), Plan.CASE_OVERHEAD_SECONDS));
  }

  private void fromFile(Pattern onlyPattern) {
    if (!Files.isRegularFile(from)) {
      throw new IllegalStateException(from + ": no such file");
    }
    String json = read(from);
    RunInfo info;
    try {
      Path dir = from.toAbsolutePath().getParent();
      info = dir == null ? null : RunInfo.read(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(from + ": cannot read " + RunInfo.FILE, e);
    }
    List<Report.Result> results;
    try {
      results = Report.parse(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(from + ": " + e.getMessage(), e);
    }
    if (onlyPattern != null) {
      Pattern o = onlyPattern;
      results = results.stream().filter(r -> o.matcher(r.benchmark()).find()).toList();
    }
    writeReport(Report.of(results, info), json, info, from);
  }

  private void writeReport(Report report, String json, RunInfo info, Path source) {
    try {
      Files.createDirectories(outDir);
      Path results = outDir.resolve("results.json");
      if (source == null || !Files.exists(results) || !Files.isSameFile(source, results)) {
        Files.writeString(results, json, StandardCharsets.UTF_8);
        if (info != null && source != null) {
          info.write(outDir);
        }
      }
      Files.writeString(outDir.resolve("report.md"), report.markdown(), StandardCharsets.UTF_8);
      Files.writeString(outDir.resolve("report.html"), report.html(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(outDir + ": cannot write the report: " + e.getMessage(), e);
    }
    int scenarios = report.components().stream().mapToInt(c -> c.scenarios().size()).sum();
    out.println("wrote " + outDir.resolve("report.html") + ", report.md and results.json ("
        + report.components().size() + " components, " + scenarios + " scenarios)");
  }

  private void runPlan(Plan p, Path java, Path benchJar, RunInfo info) {
    Path parts;
    Path log = outDir.resolve("jmh.log");
    try {
      Files.createDirectories(outDir);
      parts = Files.createTempDirectory(outDir, ".runs");
    } catch (IOException e) {
      throw new UncheckedIOException(outDir + ": cannot create: " + e.getMessage(), e);
    }
    List<String> arrays = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    String firstError = null;
    long started = System.nanoTime();
    try (Writer logOut = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        BenchProgress progress = BenchProgress.start(Progress.terminal(out, err) ? err : null, p)) {
      for (int i = 0; i < p.runs().size(); i++) {
        Plan.Run run = p.runs().get(i);
        progress.startRun(i);
        Path part = parts.resolve(i + ".json");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-jar", benchJar.toString()));
        cmd.addAll(run.arguments(p.jmhOptions()));
        cmd.addAll(List.of("-rf", "json", "-rff", part.toString()));
        logOut.write("$ " + String.join(" ", cmd) + "\n");
        int failures = 0;
        String error = null;
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(
            new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            logOut.write(line);
            logOut.write('\n');
            progress.accept(line);
            if (line.equals("<failure>")) {
              failures++;
            } else if (line.startsWith("ERROR:") && error == null) {
              error = line.substring("ERROR:".length()).strip()
                  .replaceFirst("^[\\w.]+Exception: (ERROR: )?", "");
            }
          }
          int code = proc.waitFor();
          if (code != 0 || failures > 0) {
            failed.add(run.suite() + (failures > 0 ? " (" + failures + " failed)" : "")
                + (code != 0 ? " (exit " + code + (error != null ? ": " + error : "") + ")" : ""));
          }
          if (firstError == null) {
            firstError = error;
          }
        } catch (InterruptedException e) {
          proc.destroy();
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        } finally {
          if (proc.isAlive()) {
            proc.destroy();
            proc.waitFor(10, TimeUnit.SECONDS);
          }
        }
        logOut.flush();
        if (Files.isRegularFile(part)) {
          String a = read(part).strip();
          if (a.startsWith("[") && a.endsWith("]") && !a.substring(1, a.length() - 1).isBlank()) {
            arrays.add(a.substring(1, a.length() - 1).strip());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run the benchmarks: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      deleteTree(parts);
    }
    double secs = (System.nanoTime() - started) / 1e9;
    if (arrays.isEmpty()) {
      throw new IllegalStateException("no results"
          + (firstError != null ? ": " + firstError : "") + " (see " + log + ")");
    }
    String json = "[\n" + String.join(",\n", arrays) + "\n]\n";
    try {
      Files.createDirectories(outDir);
      info.write(outDir);
    } catch (IOException e) {
      throw new UncheckedIOException(outDir + ": cannot write: " + e.getMessage(), e);
    }
    writeReport(Report.of(json, info), json, info, null);
    out.println("ran " + p.cases() + " cases in " + BenchProgress.duration(secs));
    if (!failed.isEmpty()) {
      throw new IllegalStateException("some benchmarks failed: " + String.join(", ", failed)
          + " (see " + log + ")");
    }
  }

  /** Finds the benchmarks jar: --jar, $FERRITE_BENCH_JAR, then the project's. */
  private Path locateJar() {
    if (jar != null) {
      return existing(jar, "--jar");
    }
    String env = System.getenv(JAR_ENV);
    if (env != null && !env.isBlank()) {
      return existing(Path.of(env), JAR_ENV);
    }
    List<Path> starts = new ArrayList<>();
    starts.add(Path.of("").toAbsolutePath());
    try {
      starts.add(Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI()).toAbsolutePath());
    } catch (URISyntaxException | RuntimeException e) {
      // no code source: the working directory only
    }
    for (Path s : starts) {
      for (Path d = s; d != null; d = d.getParent()) {
        Path candidate = d.resolve("ferrite-bench/target/benchmarks.jar");
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException("benchmarks jar not found: build it with"
        + " './mvnw -B -DskipTests -pl ferrite-bench -am package' (the ./ferrite launcher does),"
        + " or give --jar FILE or " + JAR_ENV);
  }

  private static Path existing(Path p, String where) {
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("benchmarks jar not found: " + p + " (from " + where + ")");
    }
    return p;
  }

  private static String capture(List<String> cmd) {
    try {
      Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String text = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = proc.waitFor();
      if (code != 0) {
        String first = text.lines().filter(l -> !l.isBlank()).findFirst().orElse("no output");
        throw new IllegalStateException("cannot list the benchmarks (exit " + code + "): " + first);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cmd.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(f + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) {
    try (var files = Files.walk(dir)) {
      for (Path f : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException | UncheckedIOException e) {
      // best effort: a leftover hidden directory in the output is harmless
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
