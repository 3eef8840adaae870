package dev.ferrite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ferrite.cli.bench.Report;
import dev.ferrite.cli.bench.RunInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code ferrite bench} end to end against {@link FakeJmh} packed as a benchmarks jar: the
 * child JVMs, the merge of their results, the report files, the exit codes and messages.
 */
class BenchCommandTest {
  private static final Duration LIMIT =
      Duration.ofSeconds(60).multipliedBy(Long.getLong("ferrite.test.timeoutScale", 1));

  @TempDir static Path jarDir;
  private static Path jar;

  private record Result(int code, List<String> out, List<String> err) {}

  @BeforeAll
  static void packFakeJmh() throws IOException {
    jar = jarDir.resolve("benchmarks.jar");
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeJmh.class.getName());
    String entry = FakeJmh.class.getName().replace('.', '/') + ".class";
    try (OutputStream f = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(f, mf);
        InputStream in = FakeJmh.class.getClassLoader().getResourceAsStream(entry)) {
      assertThat(in).isNotNull();
      j.putNextEntry(new JarEntry(entry));
      in.transferTo(j);
      j.closeEntry();
    }
  }

  private static Result run(String... args) {
    return assertTimeoutPreemptively(LIMIT, () -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code;
      try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
          PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
        code = Main.run(args, o, e);
      }
      return new Result(code, out.toString(StandardCharsets.UTF_8).lines().toList(),
          err.toString(StandardCharsets.UTF_8).lines().toList());
    });
  }

  private static String argsLog() throws IOException {
    return Files.readString(jar.resolveSibling("args.log"), StandardCharsets.UTF_8);
  }

  @Test
  void quickRunWritesTheThreeFilesFromTheChildJvm(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("report");
    Result r = run("bench", "--quick", "--only", "Counter", "--jar", jar.toString(),
        "--out", out.toString());

    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).anyMatch(l -> l.startsWith("wrote " + out.resolve("report.html")))
        .anyMatch(l -> l.startsWith("ran 2 cases in "));
    List<Report.Result> results =
        Report.parse(Files.readString(out.resolve("results.json"), StandardCharsets.UTF_8));
    assertThat(results).extracting(Report.Result::impl)
        .containsExactly("ferrite-atomic", "AtomicLong");
    assertThat(Files.readString(out.resolve("report.md"), StandardCharsets.UTF_8))
        .contains("| increment1 | AtomicLong | 100 | 1.00 | ops/us | 2.00× |")
        .contains("**quick run**");
    assertThat(Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8))
        .contains("data-ratio=\"2.00×\"").contains("Quick run.");
    assertThat(RunInfo.read(out).quick()).isTrue();
    assertThat(Files.readString(out.resolve("jmh.log"), StandardCharsets.UTF_8))
        .contains("# Run progress: 50.00% complete");
    assertThat(argsLog()).contains("-f 1 -wi 1 -w 500ms -i 3 -r 500ms")
        .contains("^(dev\\.ferrite\\.bench\\.CounterBench\\.increment1)$");
    try (var files = Files.list(out)) { // the per-run parts are gone
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("report.html", "report.md", "results.json", "jmh.log",
              RunInfo.FILE);
    }
  }

  @Test
  void aFailingBenchmarkFailsTheCommandButKeepsTheOthersResults(@TempDir Path dir)
      throws IOException {
    Result r = run("bench", "--jar", jar.toString(), "--out", dir.toString(),
        "--jmh-options", "-f 1 -i 1");

    assertThat(r.code()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(r.err()).singleElement().asString()
        .startsWith("ferrite: some benchmarks failed: FailBench (2 failed)");
    assertThat(Report.parse(Files.readString(dir.resolve("results.json")))).hasSize(2);
    assertThat(RunInfo.read(dir).kind()).isEqualTo("custom: JMH options -f 1 -i 1");
  }

  @Test
  void fromRegeneratesTheReportOfAnExistingResultsFile(@TempDir Path dir) throws IOException {
    Path first = dir.resolve("first");
    assertThat(run("bench", "--only", "Counter", "--jar", jar.toString(), "--out",
        first.toString()).code()).isZero();
    Path second = dir.resolve("second");

    Result r = run("bench", "--from", first.resolve("results.json").toString(), "--out",
        second.toString());

    assertThat(r.code()).isZero();
    assertThat(Files.readString(second.resolve("report.md")))
        .isEqualTo(Files.readString(first.resolve("report.md")));
    assertThat(RunInfo.read(second)).isEqualTo(RunInfo.read(first));
  }

  @Test
  void planPrintsTheRunsAndTheEstimate() {
    Result r = run("bench", "--quick", "--plan", "--jar", jar.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).anyMatch(l -> l.startsWith("CounterBench") && l.contains(" 2 "))
        .anyMatch(l -> l.startsWith("4 cases in 2 JMH runs; about 16s"));
  }

  @Test
  void errorsAreOneLine(@TempDir Path dir) {
    Result missing = run("bench", "--jar", dir.resolve("nope.jar").toString());
    Result none = run("bench", "--only", "NoSuchBench", "--jar", jar.toString());
    Result badRegex = run("bench", "--only", "(", "--jar", jar.toString());
    Result both = run("bench", "--from", "x.json", "--quick");
    Result badFrom = run("bench", "--from", dir.resolve("x.json").toString());
    Result badOption = run("bench", "--jmh-options", "-rf csv", "--jar", jar.toString());

    assertThat(missing.code()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(missing.err()).singleElement().asString()
        .startsWith("ferrite: benchmarks jar not found: ");
    assertThat(none.code()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(none.err()).containsExactly("ferrite: no benchmark matches --only NoSuchBench");
    assertThat(badRegex.code()).isEqualTo(Main.EXIT_USAGE);
    assertThat(badRegex.err()).singleElement().asString()
        .startsWith("ferrite: --only: not a regular expression");
    assertThat(both.code()).isEqualTo(Main.EXIT_USAGE);
    assertThat(both.err()).singleElement().asString().contains("--from cannot be combined");
    assertThat(badFrom.code()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(badFrom.err()).singleElement().asString().endsWith("x.json: no such file");
    assertThat(badOption.code()).isEqualTo(Main.EXIT_USAGE);
  }
}
