package dev.ferrite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.cli.tour.Tour;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferrite wordcount}, run in-process: output formats, exit codes, error lines. */
class WordCountCommandTest {
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e, Tour.sections());
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void printsTotalsAndTopWords() throws IOException {
    Path f = Files.writeString(dir.resolve("a.txt"), "b a B\u00A0c\r\nA b Ä \"q\\\"\n");
    Result r = run("wordcount", "--top", "3", f.toString());
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out().lines().toList()).containsExactly(
        "total\t8", "distinct\t5", "3\tb", "2\ta", "1\t\"q\\\"");
    Result j = run("wordcount", "--json", "--top", "10", f.toString());
    assertThat(j.code()).isZero();
    assertThat(j.out().strip()).isEqualTo("{\"total\": 8, \"distinct\": 5, \"top\": ["
        + "{\"word\": \"b\", \"count\": 3}, {\"word\": \"a\", \"count\": 2}, "
        + "{\"word\": \"\\\"q\\\\\\\"\", \"count\": 1}, {\"word\": \"c\", \"count\": 1}, "
        + "{\"word\": \"ä\", \"count\": 1}]}");
  }

  @Test
  void countsTheBuiltInCorpusWithoutPaths() {
    Result r = run("wordcount", "--top", "1");
    assertThat(r.code()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("total\t");
    assertThat(lines.get(2)).endsWith("\tthe");
  }

  @Test
  void badInputIsOneLineNamingThePathAndExitsNonZero() throws IOException {
    Path missing = dir.resolve("missing");
    Path bad = Files.write(dir.resolve("bad.txt"), new byte[] {'a', ' ', (byte) 0xC0, '\n'});
    Path empty = Files.createDirectories(dir.resolve("empty"));
    for (Path p : List.of(missing, bad, empty)) {
      Result r = run("wordcount", p.toString());
      assertThat(r.code()).as(p.toString()).isEqualTo(Main.EXIT_FAILURE);
      assertThat(r.out()).isEmpty();
      assertThat(r.err().lines().toList()).hasSize(1);
      assertThat(r.err()).startsWith("ferrite: " + p).doesNotContain("Exception").doesNotContain("\tat ");
    }
    Result neg = run("wordcount", "--top", "-1");
    assertThat(neg.code()).isEqualTo(Main.EXIT_USAGE);
  }

  @Test
  void progressLineShowsBytesAndRateAndNothingWithoutATerminal() {
    assertThat(Progress.line(50_000_000, 100_000_000, 2.0))
        .isEqualTo("\r[###############               ] 50.0 MB / 100.0 MB  25.0 MB/s ");
    try (Progress none = Progress.start(null, 10, new java.util.concurrent.atomic.LongAdder())) {
      assertThat(none).isNotNull(); // no thread, nothing printed
    }
  }

  @Test
  void helpSaysWhatHappensToInvalidUtf8() {
    Result r = run("wordcount", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Invalid UTF-8 is an error").contains("White_Space");
  }
}
