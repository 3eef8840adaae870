package dev.ferrite.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs exactly the benchmark cases behind the target ratios, then prints one table of
 * ratios against those targets:
 *
 * <pre>{@code
 * java -cp ferrite-bench/target/benchmarks.jar dev.ferrite.bench.Ratios [JMH run options]
 * }</pre>
 *
 * JMH applies a {@code -p} list to every benchmark that has the parameter, so one plain JMH
 * command cannot pick, say, capacity 1024 for {@code buffered} and capacity 0 for
 * {@code rendezvous}; this runner issues one JMH run per case instead. Run options such as
 * {@code -f 3 -wi 5 -i 10} are passed on (the annotations' defaults apply otherwise); benchmark
 * regexes and {@code -p} are not accepted. Every ratio is "times faster than the peer" (peer ns /
 * Ferrite ns), except select's, which is "times the cost of one receive" (select ns / recv ns,
 * columns "other" / "ferrite").
 */
public final class Ratios {
  private Ratios() {}

  private record Case(String benchmark, String impl, Map<String, String> params) {}

  private record Target(String name, Case ferrite, Case other, double goal, boolean atMost) {}

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    CommandLineOptions cli = new CommandLineOptions(args);
    boolean params =
        List.of("impl", "capacity", "producers", "queue").stream()
            .anyMatch(p -> cli.getParameter(p).hasValue());
    if (!cli.getIncludes().isEmpty() || params) {
      System.err.println("Ratios picks its own benchmarks and parameters; pass run options only");
      System.exit(2);
    }
    String buffered = ChannelBench.class.getName() + ".buffered";
    String rendezvous = ChannelBench.class.getName() + ".rendezvous";
    String select = ChannelBench.class.getName() + ".select";
    String pool = WorkerPoolBench.class.getName() + ".shortJobs";
    Map<String, String> cap1024 = Map.of("capacity", "1024", "producers", "1");
    Map<String, String> cap100 = Map.of("capacity", "100", "producers", "1");
    Map<String, String> cap0 = Map.of("capacity", "0", "producers", "1");
    Map<String, String> sel = Map.of("capacity", "1024");
    Map<String, String> queue = Map.of("queue", "1024");
    Case ferrite1024 = new Case(buffered, "ferrite", cap1024);
    Case ferrite100 = new Case(buffered, "ferrite", cap100);
    Case ferrite0 = new Case(rendezvous, "ferrite", cap0);
    List<Target> targets =
        List.of(
            new Target("capacity 1024, 1 producer vs ArrayBlockingQueue", ferrite1024,
                new Case(buffered, "ArrayBlockingQueue", cap1024), 4.0, false),
            new Target("capacity 1024, 1 producer vs jctools", ferrite1024,
                new Case(buffered, "jctools", cap1024), 0.7, false),
            new Target("capacity 100, 1 producer vs jox", ferrite100,
                new Case(buffered, "jox", cap100), 1.0, false),
            new Target("rendezvous, 1 producer vs SynchronousQueue", ferrite0,
                new Case(rendezvous, "SynchronousQueue", cap0), 4.0, false),
            new Target("rendezvous, 1 producer vs jox (no target)", ferrite0,
                new Case(rendezvous, "jox", cap0), Double.NaN, false),
            new Target("select over 4 channels: cost vs one recv (ferrite = recv, other = select)",
                new Case(select, "ferrite", sel), new Case(select, "ferrite-select", sel), 2.0,
                true),
            new Target("WorkerPool vs ThreadPoolExecutor, short jobs",
                new Case(pool, "ferrite", queue), new Case(pool, "ThreadPoolExecutor", queue), 2.0,
                false));

    Map<Case, Double> scores = new LinkedHashMap<>();
    for (Target t : targets) {
      for (Case c : List.of(t.ferrite(), t.other())) {
        if (!scores.containsKey(c)) {
          scores.put(c, run(cli, c));
        }
      }
    }

    // A Markdown table, ready for docs/BENCHMARKS.md.
    System.out.println();
    System.out.println("Ferrite target ratios; JDK " + System.getProperty("java.version") + " ("
        + System.getProperty("java.vm.name") + "), " + Runtime.getRuntime().availableProcessors()
        + " CPUs, " + LocalDate.now() + "; scores in ns/op, lower is better");
    System.out.println();
    System.out.println("| target | ferrite ns/op | other ns/op | ratio | goal | met |");
    System.out.println("|---|---:|---:|---:|---:|---|");
    for (Target t : targets) {
      double f = scores.get(t.ferrite());
      double o = scores.get(t.other());
      // "Times faster than the peer", or for select "times the cost of one receive".
      double ratio = o / f;
      boolean hasGoal = !Double.isNaN(t.goal());
      String goal = hasGoal ? (t.atMost() ? "<= " : ">= ") + fmt(t.goal()) + "x" : "-";
      boolean ok = t.atMost() ? ratio <= t.goal() : ratio >= t.goal();
      String met = !hasGoal ? "-" : ok ? "yes" : "NO";
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %sx | %s | %s |%n",
          t.name(), fmt(f), fmt(o), fmt(ratio), goal, met);
    }
  }

  private static double run(CommandLineOptions cli, Case c) throws RunnerException {
    ChainedOptionsBuilder opts =
        new OptionsBuilder().parent(cli).include("^" + c.benchmark().replace(".", "\\.") + "$");
    opts.param("impl", c.impl());
    c.params().forEach(opts::param);
    List<RunResult> results = new ArrayList<>(new Runner(opts.build()).run());
    // A failed case (JMH printed why) leaves no result: NaN, and the other cases still run.
    return results.size() == 1 ? results.get(0).getPrimaryResult().getScore() : Double.NaN;
  }

  private static String fmt(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
