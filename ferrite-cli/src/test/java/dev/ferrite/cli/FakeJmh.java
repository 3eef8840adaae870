package dev.ferrite.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A stand-in for {@code benchmarks.jar}, packed into a jar by {@link BenchCommandTest}: answers
 * {@code -lp} with a fixed listing and "runs" the benchmarks its include pattern selects by
 * printing JMH-shaped progress lines and writing JMH-shaped JSON. {@code FailBench} fails the way
 * JMH reports a failing benchmark. Every invocation's arguments are appended to
 * {@code args.log} beside the jar. Self-contained (one class file, JDK only).
 */
public final class FakeJmh {
  private static final String[][] BENCHMARKS = {
    {"dev.ferrite.bench.CounterBench.increment1", "ferrite-atomic", "AtomicLong"},
    {"dev.ferrite.bench.FailBench.boom", "ferrite", "Peer"},
  };

  private FakeJmh() {}

  public static void main(String[] args) throws IOException, URISyntaxException {
    Path jar = Path.of(FakeJmh.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Files.writeString(jar.resolveSibling("args.log"), String.join(" ", args) + "\n",
        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    List<String> a = Arrays.asList(args);
    if (a.contains("-lp")) {
      System.out.println("Benchmarks: ");
      for (String[] b : BENCHMARKS) {
        System.out.println(b[0]);
        System.out.println("  param \"impl\" = {" + b[1] + ", " + b[2] + "}");
      }
      return;
    }
    Pattern include = Pattern.compile(args[0]);
    Path rff = Path.of(a.get(a.indexOf("-rff") + 1));
    List<String> results = new ArrayList<>();
    for (String[] b : BENCHMARKS) {
      if (!include.matcher(b[0]).find()) {
        continue;
      }
      for (int i = 1; i <= 2; i++) {
        System.out.println("# Benchmark: " + b[0]);
        System.out.println("# Parameters: (impl = " + b[i] + ")");
        System.out.println();
        System.out.println("# Run progress: " + (i - 1) * 50 + ".00% complete, ETA 00:00:0" + i);
        System.out.println("# Fork: 1 of 1");
        if (b[0].contains("Fail")) {
          System.out.println("# Warmup Iteration   1: <failure>");
          System.out.println();
          System.out.println("java.lang.IllegalStateException: boom");
          System.out.println("<failure>");
          continue;
        }
        double score = i == 1 ? 200 : 100;
        System.out.println("Iteration   1: " + score + " ops/us");
        results.add("{\"benchmark\": \"" + b[0] + "\", \"mode\": \"thrpt\", \"jdkVersion\": \"25\","
            + " \"vmName\": \"Fake VM\", \"vmVersion\": \"1\", \"params\": {\"impl\": \"" + b[i]
            + "\"}, \"primaryMetric\": {\"score\": " + score + ", \"scoreError\": 1.0,"
            + " \"scoreConfidence\": [" + (score - 1) + ", " + (score + 1) + "],"
            + " \"scoreUnit\": \"ops/us\"}}");
      }
    }
    Files.writeString(rff, "[\n" + String.join(",\n", results) + "\n]\n", StandardCharsets.UTF_8);
    System.out.println("# Run complete. Total time: 00:00:01");
  }
}
