package dev.ferrite.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code ferrite bench} will run: the benchmarks (from JMH's {@code -lp} listing), grouped
 * into one JMH run per benchmark class, with the number of cases (parameter combinations) each.
 *
 * <p>A <em>quick</em> plan runs every case with {@link #QUICK_OPTIONS} and leaves out some
 * parameter values ({@link #QUICK_PARAMS}) so that the whole suite fits in ten minutes on a
 * 2-core machine; a default plan runs each benchmark with the settings of its annotations.
 *
 * @param runs the JMH runs, one per benchmark class, in listing order
 * @param jmhOptions the iteration options given to every run (empty: the annotations decide)
 */
public record Plan(List<Run> runs, List<String> jmhOptions) {
  /** JMH iteration options of a quick run: one fork, one 0.5 s warmup, three 0.5 s iterations. */
  public static final List<String> QUICK_OPTIONS =
      List.of("-f", "1", "-wi", "1", "-w", "500ms", "-i", "3", "-r", "500ms");

  /** Seconds of warmup and measurement per case of a quick run. */
  public static final double QUICK_CASE_SECONDS = 2.0;

  /**
   * Per-case cost beyond warmup and measurement, in seconds, measured on the 2-core VM: starting
   * the forked JVM, the benchmark's setup and teardown, iterations overrunning their time.
   */
  public static final double CASE_OVERHEAD_SECONDS = 2.0;

  /**
   * Parameter values a quick run keeps, per benchmark class: {@code -p name=values} options given
   * to that class's run (JMH applies them to the benchmarks that have the parameter).
   */
  public static final Map<String, List<String>> QUICK_PARAMS = Map.of(
      "ChannelBench", List.of("producers=1"));

  /**
   * Extra JMH options per benchmark class, in every kind of run: ScopeBench's
   * {@code structuredTaskScope} peer needs the JDK's preview API (prepended, so that a class's
   * own {@code @Fork(jvmArgsAppend)} stays).
   */
  public static final Map<String, List<String>> SUITE_OPTIONS = Map.of(
      "ScopeBench", List.of("-jvmArgsPrepend", "--enable-preview"));

  /**
   * One JMH invocation.
   *
   * @param suite the benchmark class's simple name
   * @param benchmarks the full names of the benchmarks it runs
   * @param params {@code name=values} overrides, each given as {@code -p name=values}
   * @param cases the number of benchmark cases (parameter combinations) it runs
   */
  public record Run(String suite, List<String> benchmarks, List<String> params, int cases) {
    /** {@return JMH's include regular expression matching exactly {@link #benchmarks}} */
    public String include() {
      StringBuilder b = new StringBuilder("^(");
      for (int i = 0; i < benchmarks.size(); i++) {
        String name = benchmarks.get(i);
        b.append(i == 0 ? "" : "|").append(name.matches("[\\w.$]+")
            ? name.replace(".", "\\.").replace("$", "\\$") : Pattern.quote(name));
      }
      return b.append(")$").toString();
    }

    /**
     * {@return the JMH arguments of this run, before the result file options} They are the
     * include regular expression, {@code jmhOptions}, the class's {@link #SUITE_OPTIONS} and a
     * {@code -p} option per parameter override, in that order.
     *
     * @param jmhOptions the iteration options given to every run (see {@link Plan#jmhOptions})
     */
    public List<String> arguments(List<String> jmhOptions) {
      List<String> a = new ArrayList<>();
      a.add(include());
      a.addAll(jmhOptions);
      a.addAll(SUITE_OPTIONS.getOrDefault(suite, List.of()));
      for (String p : params) {
        a.add("-p");
        a.add(p);
      }
      return a;
    }
  }

  private static final Pattern PARAM = Pattern.compile("^\\s+param \"([^\"]+)\" = \\{(.*)}\\s*$");

  /**
   * {@return the plan for JMH's {@code -lp} listing {@code listing}}
   *
   * @param listing the output of {@code java -jar benchmarks.jar -lp}
   * @param only a regular expression a benchmark's full name must contain a match of, or null
   * @param quick whether to plan a quick run
   * @param jmhOptions iteration options replacing the quick ones or the annotations, or null
   */
  public static Plan of(String listing, Pattern only, boolean quick, List<String> jmhOptions) {
    Map<String, Map<String, Integer>> params = new LinkedHashMap<>();
    String current = null;
    for (String line : listing.lines().toList()) {
      if (line.isBlank() || line.startsWith("Benchmarks:")) {
        continue;
      }
      Matcher m = PARAM.matcher(line);
      if (m.matches()) {
        if (current != null) {
          params.get(current).put(m.group(1), m.group(2).split(",").length);
        }
      } else if (!Character.isWhitespace(line.charAt(0)) && line.strip().contains(".")
          && !line.contains(" ")) {
        current = line.strip();
        params.put(current, new LinkedHashMap<>());
      }
    }
    Map<String, List<String>> bySuite = new LinkedHashMap<>();
    for (String name : params.keySet()) {
      if (only == null || only.matcher(name).find()) {
        bySuite.computeIfAbsent(suiteOf(name), k -> new ArrayList<>()).add(name);
      }
    }
    List<String> userParams = new ArrayList<>(); // -p name=values among the given options
    if (jmhOptions != null) {
      for (int i = 0; i + 1 < jmhOptions.size(); i++) {
        if (jmhOptions.get(i).equals("-p") && jmhOptions.get(i + 1).contains("=")) {
          userParams.add(jmhOptions.get(i + 1));
        }
      }
    }
    List<Run> runs = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : bySuite.entrySet()) {
      List<String> overrides = quick ? QUICK_PARAMS.getOrDefault(e.getKey(), List.of()) : List.of();
      List<String> counted = new ArrayList<>(overrides);
      counted.addAll(userParams);
      int cases = 0;
      for (String name : e.getValue()) {
        Map<String, Integer> counts = new LinkedHashMap<>(params.get(name));
        for (String o : counted) {
          String key = o.substring(0, o.indexOf('='));
          if (counts.containsKey(key)) {
            counts.put(key, o.substring(o.indexOf('=') + 1).split(",").length);
          }
        }
        int n = 1;
        for (int c : counts.values()) {
          n *= c;
        }
        cases += n;
      }
      runs.add(new Run(e.getKey(), List.copyOf(e.getValue()), overrides, cases));
    }
    List<String> options = jmhOptions != null ? jmhOptions : quick ? QUICK_OPTIONS : List.of();
    return new Plan(List.copyOf(runs), List.copyOf(options));
  }

  /** {@return the simple class name of the benchmark {@code name}} */
  static String suiteOf(String name) {
    String[] parts = name.split("\\.");
    return parts.length >= 2 ? parts[parts.length - 2] : name;
  }

  /** {@return the number of benchmark cases of all runs} */
  public int cases() {
    return runs.stream().mapToInt(Run::cases).sum();
  }

  /**
   * {@return the estimated seconds per case, from the iteration options}; NaN when the
   * annotations decide (the plan does not know them).
   */
  public double caseSeconds() {
    if (jmhOptions.isEmpty()) {
      return Double.NaN;
    }
    double forks = option("-f", 1);
    double wi = option("-wi", Double.NaN);
    double w = time(option("-w"));
    double i = option("-i", Double.NaN);
    double r = time(option("-r"));
    double secs = forks * (wi * w + i * r);
    return Double.isNaN(secs) ? Double.NaN : secs + forks * CASE_OVERHEAD_SECONDS;
  }

  /** {@return the estimated seconds of the whole plan; NaN if unknown} */
  public double seconds() {
    return cases() * caseSeconds();
  }

  private double option(String name, double dflt) {
    String v = option(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private String option(String name) {
    int k = jmhOptions.lastIndexOf(name);
    return k >= 0 && k + 1 < jmhOptions.size() ? jmhOptions.get(k + 1) : null;
  }

  /** {@return JMH's time value {@code v} (e.g. {@code 500ms}, {@code 1s}, {@code 2}) in seconds} */
  static double time(String v) {
    if (v == null) {
      return Double.NaN;
    }
    Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|min|h)?").matcher(v.strip());
    if (!m.matches()) {
      return Double.NaN;
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ns" -> n / 1e9;
      case "us" -> n / 1e6;
      case "ms" -> n / 1e3;
      case "m", "min" -> n * 60;
      case "h" -> n * 3600;
      default -> n;
    };
  }
}
