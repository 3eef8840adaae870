package dev.ferrite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ferrite.cli.tour.Tour;
import dev.ferrite.cli.tour.TourSection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the {@code ferrite} command in-process and checks its output and exit codes. */
class MainTest {
  /** The hang guard for one command run, scaled like every other test timeout. */
  private static final Duration LIMIT =
      Duration.ofSeconds(60).multipliedBy(Long.getLong("ferrite.test.timeoutScale", 1));

  private static final Pattern JOB_LINE = Pattern.compile("job (\\d+) done by tour-worker-(\\d+)");

  /** The outcome of one run: exit code and both streams, split into lines. */
  private record Result(int code, List<String> out, List<String> err) {}

  private static Result run(String... args) {
    return run(Tour.sections(), args);
  }

  private static Result run(List<TourSection> sections, String... args) {
    return assertTimeoutPreemptively(
        LIMIT,
        () -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          ByteArrayOutputStream err = new ByteArrayOutputStream();
          int code;
          try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
              PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e, sections);
          }
          return new Result(code, lines(out), lines(err));
        },
        () -> "ferrite " + String.join(" ", args) + " did not finish in " + LIMIT);
  }

  private static List<String> lines(ByteArrayOutputStream bytes) {
    String s = bytes.toString(StandardCharsets.UTF_8);
    return s.isEmpty() ? List.of() : s.lines().toList();
  }

  /** Every thread the tour starts is named tour-*; none may outlive the command. */
  @AfterEach
  void noTourThreadOutlivesTheCommand() throws InterruptedException {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("tour-")) {
        t.join(Duration.ofSeconds(5)); // a worker may still be returning from its last step
        assertThat(t.isAlive()).as("thread %s still alive after the command", t.getName()).isFalse();
      }
    }
  }

  @Test
  void tourRunsEverySectionInOrder() {
    Result r = run("tour");

    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    List<String> headers = r.out().stream().filter(l -> l.startsWith("== ")).toList();
    assertThat(headers)
        .extracting(h -> h.substring(3, h.indexOf(':')))
        .containsExactlyElementsOf(Tour.sections().stream().map(TourSection::name).toList());
    assertThat(headers).startsWith("== channels: " + Tour.sections().get(0).title());
  }

  @Test
  void channelsSectionShowsCloseSelectAndEveryOutcome() {
    Result r = run("tour", "channels");

    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).first().isEqualTo("== channels: " + Tour.sections().get(0).title());
    assertThat(r.out()).noneMatch(l -> l.startsWith("== worker-pool"));
    List<String> consumers = r.out().stream().filter(l -> l.matches("  consumer \\d received \\d+ messages")).toList();
    assertThat(consumers).hasSize(2);
    assertThat(r.out()).contains("  total: 30/30 messages received, each producer's in order: yes");
    String all = String.join("\n", r.out());
    assertThat(all)
        .contains("Full(early)", "took \"ping\"")
        .contains("b: hello from another thread", "a: world", "timed out", "did not block", "a: closed")
        .contains("Full(2)", "SendTimedOut(3)", "Received(1)", "Empty", "RecvTimedOut")
        .contains("Received(4)", "RecvClosed", "SendClosed(5)", "unsent() = 6");
  }

  @Test
  void workerPoolSectionRunsEveryJobOnFourWorkers() {
    Result r = run("tour", "--only", "worker-pool");

    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).first().asString().startsWith("== worker-pool: ");
    Set<Integer> jobs = new TreeSet<>();
    Set<Integer> workers = new TreeSet<>();
    for (String line : r.out()) {
      Matcher m = JOB_LINE.matcher(line);
      if (m.matches()) {
        assertThat(jobs.add(Integer.parseInt(m.group(1)))).as("job reported twice: %s", line).isTrue();
        workers.add(Integer.parseInt(m.group(2)));
      }
    }
    assertThat(jobs).containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
    assertThat(workers).containsExactly(0, 1, 2, 3);
    assertThat(r.out()).last().isEqualTo("worker pool: 20/20 jobs done by 4 workers");
  }

  @Test
  void actorsSectionCountsToTenThousandAndTimesOutAgainstTheSlowActor() {
    Result r = run("tour", "actors");

    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).containsExactly(
        "== actors: a counter actor owns its state; tell, ask, and an ask that times out",
        "  4 threads sent 10,000 increments through the handle",
        "  actor counter: 10000",
        "  ask a slow actor with a 100 ms timeout: timed out",
        "  system shut down: every actor drained and stopped, no thread left");
  }

  private static final Pattern FIRST_SUCCESS = Pattern.compile(
      "  first success: index ([\\d,]+) in \\d+ ms; of 8 chunks, (\\d) found the needle, (\\d)"
          + " searched in vain, (\\d) were cancelled");

  @Test
  void scopedThreadsSectionFindsTheNeedleBothWays() {
    Result r = run("tour", "scoped-threads");

    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).first().asString()
        .isEqualTo("== scoped-threads: search 50,000,000 ints in 8 chunks on scoped threads");
    assertThat(r.out()).anyMatch(l -> l.startsWith("  haystack: 50,000,000 ints, written by 8"));
    assertThat(r.out()).anyMatch(l -> l.matches("  smallest index: 31,250,007, every one of 8 chunks"
        + " searched, in \\d+ ms \\(a sequential search agrees: yes\\)"));
    Matcher m = r.out().stream().map(FIRST_SUCCESS::matcher).filter(Matcher::matches).findFirst()
        .orElseThrow(() -> new AssertionError("no first-success line in " + r.out()));
    assertThat(m.group(1)).isIn("31,250,007", "43,000,001");
    int found = Integer.parseInt(m.group(2));
    int inVain = Integer.parseInt(m.group(3));
    int cancelled = Integer.parseInt(m.group(4));
    assertThat(found).isBetween(1, 2);
    assertThat(found + inVain + cancelled).isEqualTo(8);
  }

  @Test
  void workStealingSectionVisitsAsManyNodesAsTheSequentialTraversal() {
    Result r = run("tour", "work-stealing");

    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).first().asString().startsWith("== work-stealing: ");
    String seq = r.out().stream().filter(l -> l.startsWith("sequential traversal"))
        .findFirst().orElseThrow().replaceAll(".*: ([0-9,]+) nodes.*", "$1");
    assertThat(r.out()).anyMatch(l -> l.startsWith("parallel traversal")
        && l.contains(": " + seq + " nodes visited") && l.endsWith("(same as sequential)"));
    long visited = Long.parseLong(seq.replace(",", ""));
    assertThat(visited).isGreaterThan(100_000);
    assertThat(r.out()).anyMatch(l -> l.replace(",", "").startsWith("tasks run: " + (visited + 1)));
    assertThat(r.out()).filteredOn(l -> l.matches("  worker \\d+: [0-9,]+ tasks, [0-9,]+ stolen"))
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void cacheSectionShowsReadersAndAHitRatio() {
    Result r = run("tour", "cache");

    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).first().asString().startsWith("== cache: ");
    assertThat(r.out())
        .contains("writer: inserted 1000 entries, removed 100; the cache now holds 900")
        .contains("get(\"key-7\") = value-7, get(\"key-10\") = null")
        .anyMatch(l -> l.matches("4 readers: \\d+ lookups meanwhile \\(\\d+ hits\\), none waited for the writer"))
        .anyMatch(l -> l.matches("bounded cache .*hit ratio \\d+\\.\\d% over .*size 1,000"));
  }

  @Test
  void counterSectionTotalsAreExact() {
    Result r = run("tour", "counter");

    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains("AtomicCounter:  800,000 (expected 800,000)")
        .contains("StripedCounter: 800,000 (expected 800,000)")
        .contains("compareAndSwap(800,000, 0) returned 800,000: swapped; the counter is now 0")
        .last().isEqualTo("counter: exact");
  }

  @Test
  void resourcePoolSectionSharesFourConnectionsAmongSixteenTasks() {
    Result r = run("tour", "resource-pool");

    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).first().asString().startsWith("== resource-pool: ");
    assertThat(r.out())
        .contains("  16/16 tasks ran their query; total of their sums: 1,001,000 (expected 1,001,000)")
        .anyMatch(l -> l.matches("  pool metrics: created 4, max in use 4, waits [1-9]\\d*,"
            + " timed out 0, leaks 0"))
        .last().isEqualTo("resource pool: 4 connections served 16 tasks; 4 connections closed at shutdown");
  }

  @Test
  void fanOutSectionStaysWithinItsBound() {
    Result r = run("tour", "fan-out");

    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).first().asString().startsWith("== fan-out: fetch 100 URLs");
    assertThat(r.out())
        .contains("  succeeded: 92, failed: 8 (HTTP 404 x4, HTTP 500 x4)")
        .contains("  bytes: 908,974")
        .contains("  results in input order: yes")
        .anyMatch(l -> l.matches("  fetched 100 URLs in \\d+ ms, at most 8 at once .*"))
        .anyMatch(l -> l.matches("  highest concurrency the server saw: [1-8]"
            + " \\(fetcher's own count: [1-8], limit 8\\)"))
        .last().isEqualTo("fan-out: bounded");
  }

  @Test
  void sectionsCanBeNamedAsArgumentsOrWithOnly() {
    Result both = run("tour", "--only=worker-pool,channels");
    Result listed = run("tour", "--list");

    assertThat(both.code()).isZero();
    assertThat(both.out()).filteredOn(l -> l.startsWith("== ")).hasSize(2);
    assertThat(listed.code()).isZero();
    assertThat(listed.out()).hasSize(Tour.sections().size()).first().asString().startsWith("channels ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--bogus", "bogus", "tour --bogus", "tour nosuch", "tour --only=nosuch", "tour --only"})
  void aUsageErrorIsOneLineAndExitCodeTwo(String args) {
    Result r = run(args.split(" "));

    assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).singleElement().asString().startsWith("ferrite: ").contains("--help")
        .doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void unknownOptionNamesTheOption() {
    assertThat(run("--bogus").err()).containsExactly("ferrite: unknown option: '--bogus' (see 'ferrite --help')");
    assertThat(run("tour", "nosuch").err()).singleElement().asString()
        .startsWith("ferrite: unknown tour section 'nosuch'; sections: channels, worker-pool,"
            + " scoped-threads, work-stealing, parallel-iterators, actors, cache, counter,"
            + " resource-pool, fan-out");
  }

  @Test
  void helpListsTheCommands() {
    Result top = run("--help");
    Result tour = run("tour", "--help");
    Result none = run();

    assertThat(top.code()).isZero();
    assertThat(top.err()).isEmpty();
    assertThat(top.out()).first().asString().startsWith("Usage: ferrite");
    assertThat(top.out()).anyMatch(l -> l.strip().startsWith("tour "));
    assertThat(none.out()).isEqualTo(top.out());
    assertThat(tour.code()).isZero();
    assertThat(tour.out()).first().asString().startsWith("Usage: ferrite tour");
    assertThat(tour.out()).anyMatch(l -> l.strip().startsWith("channels "))
        .anyMatch(l -> l.strip().startsWith("worker-pool "));
  }

  @Test
  void versionNamesTheProjectVersion() {
    Result r = run("--version");

    assertThat(r.code()).isZero();
    assertThat(r.out()).first().asString().matches("ferrite \\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void aFailingCommandPrintsOneLineAndExitCodeOne() {
    TourSection failing =
        new TourSection() {
          @Override
          public String name() {
            return "boom";
          }

          @Override
          public String title() {
            return "always fails";
          }

          @Override
          public void run(PrintStream out) {
            throw new IllegalStateException("kaboom\nsecond line");
          }
        };

    Result plain = run(List.of(failing), "tour");
    Result debug = run(List.of(failing), "tour", "--debug");

    assertThat(plain.code()).isEqualTo(Main.EXIT_FAILURE);
    if (System.getenv("FERRITE_DEBUG") == null) {
      assertThat(plain.err()).containsExactly("ferrite: tour section 'boom' failed: kaboom");
    }
    assertThat(debug.code()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(debug.err()).first().isEqualTo("ferrite: tour section 'boom' failed: kaboom");
    assertThat(debug.err()).anyMatch(l -> l.contains("IllegalStateException: kaboom"));
  }
}
