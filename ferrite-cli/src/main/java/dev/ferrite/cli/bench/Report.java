package dev.ferrite.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns JMH's JSON results into the {@code ferrite bench} report: Markdown tables and one
 * self-contained HTML page with an SVG bar chart per scenario.
 *
 * <p>The model: a <em>component</em> is a benchmark class (e.g. {@code ChannelBench} is
 * "Channels"); a <em>scenario</em> is a benchmark method plus every {@code @Param} except
 * {@code impl}; each result of a scenario is one <em>bar</em>, named by its {@code impl}. Values of
 * {@code impl} starting with {@code ferrite} are Ferrite's; the others are peers. The
 * <em>baseline</em> of a scenario is its first Ferrite bar (in the order JMH ran them, which is
 * the declaration order of the {@code impl} values).
 *
 * <p>The <em>ratio</em> printed on every other bar is how many times faster the baseline is than
 * that bar: baseline throughput / bar throughput in throughput mode, bar time / baseline time in
 * the time modes. Above 1, Ferrite is faster. Error bars span JMH's 99.9% confidence interval
 * ({@code scoreConfidence}); a run with one iteration has none.
 *
 * <p>Immutable and thread-safe; every method is a pure function of the results and the run info.
 */
public final class Report {
  /**
   * One JMH result: a benchmark with its parameters and its primary metric.
   *
   * @param benchmark the benchmark's full name, {@code package.Class.method}
   * @param mode JMH's mode: {@code thrpt}, {@code avgt}, {@code sample}, {@code ss} or {@code all}
   * @param params the {@code @Param} values by name (empty if none)
   * @param score the primary metric's score
   * @param error the score's error (half the confidence interval), NaN if JMH gave none
   * @param low the lower end of the 99.9% confidence interval, NaN if JMH gave none
   * @param high the upper end of the 99.9% confidence interval, NaN if JMH gave none
   * @param unit the score's unit, e.g. {@code ops/s} or {@code ns/op}
   * @param jdk the JDK and VM that ran the benchmark, e.g. {@code JDK 25, OpenJDK 64-Bit Server
   *     VM 25+36}
   */
  public record Result(
      String benchmark,
      String mode,
      Map<String, String> params,
      double score,
      double error,
      double low,
      double high,
      String unit,
      String jdk) {
    /** {@return the benchmark class's simple name, e.g. {@code ChannelBench}} */
    public String suite() {
      String[] parts = benchmark.split("\\.");
      return parts.length >= 2 ? parts[parts.length - 2] : benchmark;
    }

    /** {@return the benchmark method's name} */
    public String method() {
      int dot = benchmark.lastIndexOf('.');
      return dot < 0 ? benchmark : benchmark.substring(dot + 1);
    }

    /** {@return the {@code impl} parameter, or {@code "default"} if there is none} */
    public String impl() {
      return params.getOrDefault("impl", "default");
    }

    /** {@return true if higher scores are better (throughput mode)} */
    public boolean higherIsBetter() {
      return mode.equals("thrpt");
    }
  }

  /**
   * One bar of a chart.
   *
   * @param result the JMH result
   * @param ferrite whether the implementation is Ferrite's
   * @param baseline whether this is the scenario's baseline (the first Ferrite bar)
   * @param ratio how many times faster the baseline is than this bar; NaN for the baseline itself
   *     and when the scenario has no Ferrite bar
   */
  public record Bar(Result result, boolean ferrite, boolean baseline, double ratio) {}

  /**
   * A benchmark method with fixed parameters (other than {@code impl}) and its bars.
   *
   * @param method the benchmark method's name
   * @param params the parameters other than {@code impl}, sorted by name, as {@code name=value}
   *     separated by spaces (empty if none)
   * @param mode JMH's mode, e.g. {@code thrpt} or {@code avgt}
   * @param unit the scores' unit
   * @param bars one bar per {@code impl}, in the order JMH ran them
   */
  public record Scenario(String method, String params, String mode, String unit, List<Bar> bars) {
    /** {@return the method and parameters, e.g. {@code buffered capacity=1024 producers=1}} */
    public String label() {
      return params.isEmpty() ? method : method + " " + params;
    }

    /** {@return true if higher scores are better} */
    public boolean higherIsBetter() {
      return mode.equals("thrpt");
    }
  }

  /**
   * A benchmark class: one section of the report.
   *
   * @param suite the benchmark class's simple name, e.g. {@code ChannelBench}
   * @param title the section's title, e.g. {@code Channels} (for an unknown class, its name
   *     without the {@code Bench} suffix)
   * @param page the guide page in {@code docs/} for the component, e.g. {@code channels.md}, or
   *     empty if unknown
   * @param scenarios the class's scenarios, in the order JMH ran them
   */
  public record Component(String suite, String title, String page, List<Scenario> scenarios) {}

  /** Titles and guide pages of the known benchmark classes, in report order. */
  private static final Map<String, String[]> COMPONENTS = new LinkedHashMap<>();

  static {
    COMPONENTS.put("ChannelBench", new String[] {"Channels", "channels.md"});
    COMPONENTS.put("WorkerPoolBench", new String[] {"Worker pool", "worker-pool.md"});
    COMPONENTS.put("ScopeBench", new String[] {"Scoped threads", "scope.md"});
    COMPONENTS.put("ForkJoinBench", new String[] {"Work-stealing pool", "work-stealing.md"});
    COMPONENTS.put("SplitOverheadBench",
        new String[] {"Parallel iterators: split overhead", "par.md"});
    COMPONENTS.put("WordCountBench", new String[] {"Parallel iterators: word count", "par.md"});
    COMPONENTS.put("ActorBench", new String[] {"Actors", "actors.md"});
    COMPONENTS.put("CacheBench", new String[] {"Concurrent cache", "cache.md"});
    COMPONENTS.put("CounterBench", new String[] {"Counters (sync)", "sync.md"});
    COMPONENTS.put("ResourcePoolBench", new String[] {"Resource pool", "pool.md"});
    COMPONENTS.put("JdbcPoolBench", new String[] {"Resource pool: JDBC DataSource", "pool.md"});
    COMPONENTS.put("FetchBench", new String[] {"Fan-out downloads", "http.md"});
    COMPONENTS.put("FetchLimitBench",
        new String[] {"Fan-out downloads: the loopback server's limit", "http.md"});
  }

  private final List<Component> components;
  private final RunInfo run;
  private final String jdk;

  private Report(List<Component> components, RunInfo run, String jdk) {
    this.components = components;
    this.run = run;
    this.jdk = jdk;
  }

  /**
   * {@return the report of JMH's JSON results {@code json} from the run {@code run}}
   *
   * @param json the content of a JMH {@code -rf json} file
   * @param run the machine and the run, or null if unknown
   * @throws IllegalArgumentException if {@code json} is not a JMH result file
   */
  public static Report of(String json, RunInfo run) {
    return of(parse(json), run);
  }

  /**
   * {@return the report of {@code results}} Known benchmark classes come first, in the report's
   * order, then the others in the order of the results.
   *
   * @param results the JMH results, in the order JMH ran them
   * @param run the machine and the run, or null if unknown
   */
  public static Report of(List<Result> results, RunInfo run) {
    Map<String, Map<String, List<Result>>> bySuite = new LinkedHashMap<>();
    for (Result r : results) {
      String scenario = r.method() + "\u0000" + otherParams(r) + "\u0000" + r.mode();
      bySuite.computeIfAbsent(r.suite(), k -> new LinkedHashMap<>())
          .computeIfAbsent(scenario, k -> new ArrayList<>()).add(r);
    }
    List<String> order = new ArrayList<>();
    for (String known : COMPONENTS.keySet()) {
      if (bySuite.containsKey(known)) {
        order.add(known);
      }
    }
    for (String s : bySuite.keySet()) {
      if (!order.contains(s)) {
        order.add(s);
      }
    }
    List<Component> components = new ArrayList<>();
    for (String suite : order) {
      List<Scenario> scenarios = new ArrayList<>();
      for (List<Result> rs : bySuite.get(suite).values()) {
        scenarios.add(scenario(rs));
      }
      String[] known = COMPONENTS.get(suite);
      String title = known != null ? known[0] : suite.replaceFirst("Bench$", "");
      components.add(new Component(suite, title, known != null ? known[1] : "", scenarios));
    }
    String jdk = results.isEmpty() ? "" : results.get(0).jdk();
    return new Report(List.copyOf(components), run, jdk);
  }

  private static Scenario scenario(List<Result> rs) {
    Result first = rs.get(0);
    Result baseline = null;
    for (Result r : rs) {
      if (isFerrite(r.impl())) {
        baseline = r;
        break;
      }
    }
    List<Bar> bars = new ArrayList<>();
    for (Result r : rs) {
      double ratio = baseline == null || r == baseline ? Double.NaN : ratio(baseline, r);
      bars.add(new Bar(r, isFerrite(r.impl()), r == baseline, ratio));
    }
    return new Scenario(first.method(), otherParams(first), first.mode(), first.unit(),
        List.copyOf(bars));
  }

  /** {@return how many times faster {@code baseline} is than {@code other}} */
  static double ratio(Result baseline, Result other) {
    return baseline.higherIsBetter()
        ? baseline.score() / other.score()
        : other.score() / baseline.score();
  }

  /**
   * {@return true for Ferrite's implementations: {@code impl} values starting with {@code
   * ferrite}, ignoring case}
   *
   * @param impl the value of a benchmark's {@code impl} parameter
   */
  public static boolean isFerrite(String impl) {
    return impl.toLowerCase(Locale.ROOT).startsWith("ferrite");
  }

  private static String otherParams(Result r) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(r.params()).entrySet()) {
      if (!e.getKey().equals("impl")) {
        b.append(b.isEmpty() ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
      }
    }
    return b.toString();
  }

  /**
   * {@return the results in JMH's JSON result file content {@code json}}
   *
   * @param json the content of a JMH {@code -rf json} file
   * @throws IllegalArgumentException if it is not JSON or not a list of JMH results
   */
  public static List<Result> parse(String json) {
    Object root = Json.parse(json);
    if (!(root instanceof List<?> list)) {
      throw new IllegalArgumentException("not a JMH result file: expected a JSON array");
    }
    List<Result> out = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> m) || !(m.get("benchmark") instanceof String name)
          || !(m.get("primaryMetric") instanceof Map<?, ?> pm)) {
        throw new IllegalArgumentException(
            "not a JMH result file: an entry has no benchmark or primaryMetric");
      }
      Map<String, String> params = new LinkedHashMap<>();
      if (m.get("params") instanceof Map<?, ?> p) {
        p.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
      }
      double low = Double.NaN;
      double high = Double.NaN;
      if (pm.get("scoreConfidence") instanceof List<?> ci && ci.size() == 2) {
        low = Json.number(ci.get(0));
        high = Json.number(ci.get(1));
      }
      String jdk = "JDK " + str(m.get("jdkVersion")) + ", " + str(m.get("vmName")) + " "
          + str(m.get("vmVersion"));
      out.add(new Result(name, str(m.get("mode")), Map.copyOf(params), Json.number(pm.get("score")),
          Json.number(pm.get("scoreError")), low, high, str(pm.get("scoreUnit")), jdk));
    }
    return out;
  }

  private static String str(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  /** {@return the components, in report order} */
  public List<Component> components() {
    return components;
  }

  // ---------------------------------------------------------------------------------- formatting

  /** {@return {@code v} with about three significant digits, e.g. 0.123, 1.23, 12.3, 123, 1234, 12,345} */
  static String num(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a >= 10_000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100 || a == 0) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  /** {@return the ratio as printed everywhere: two decimals and a times sign, e.g. 5.25×} */
  static String ratio(double r) {
    return Double.isNaN(r) || Double.isInfinite(r) ? "" : String.format(Locale.ROOT, "%.2f×", r);
  }

  private String kindLine() {
    if (run == null) {
      return "unknown (no " + RunInfo.FILE + " beside the results)";
    }
    return run.quick()
        ? "**quick run** (" + run.kind().substring(run.kind().indexOf(':') + 1).strip()
            + "): fewer and shorter iterations, some parameters left out; for a first look only,"
            + " not for quoting"
        : run.kind();
  }

  private static final String RATIO_NOTE =
      "The ratio is how many times faster Ferrite's baseline (the first Ferrite implementation"
          + " of the scenario, in bold) is than that implementation: baseline throughput / its"
          + " throughput, or its time / baseline time. Above 1.00× Ferrite is faster. Errors are"
          + " JMH's 99.9% confidence half-widths.";

  /** {@return the report as Markdown: a header naming the machine, then one table per component} */
  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("# Ferrite benchmark report\n\n");
    header(b, false);
    b.append('\n').append(RATIO_NOTE).append("\n");
    for (Component c : components) {
      b.append("\n## ").append(c.title()).append("\n\n");
      if (!c.page().isEmpty()) {
        b.append("`").append(c.suite()).append("`; guide: [").append(c.page()).append("](")
            .append(c.page()).append(")\n\n");
      } else {
        b.append("`").append(c.suite()).append("`\n\n");
      }
      b.append("| scenario | implementation | score | ± error | unit | ratio |\n");
      b.append("|---|---|---:|---:|---|---:|\n");
      for (Scenario s : c.scenarios()) {
        for (Bar bar : s.bars()) {
          Result r = bar.result();
          String impl = bar.baseline() ? "**" + r.impl() + "**" : r.impl();
          b.append("| ").append(md(s.label())).append(" | ").append(md(impl)).append(" | ")
              .append(num(r.score())).append(" | ").append(num(r.error())).append(" | ")
              .append(md(r.unit())).append(" | ")
              .append(bar.baseline() ? "baseline" : ratio(bar.ratio())).append(" |\n");
        }
      }
    }
    return b.toString();
  }

  private void header(StringBuilder b, boolean html) {
    String[][] rows = {
      {"Machine", run == null ? "unknown" : run.cpu() + ", " + run.cores() + " cores, " + run.os()},
      {"JDK", jdk.isEmpty() ? (run == null ? "unknown" : run.java()) : jdk},
      {"Date", run == null ? "unknown" : run.date()},
      {"Run", kindLine()},
      {"Command", run == null || run.command().isEmpty() ? "unknown" : run.command()},
    };
    for (String[] r : rows) {
      if (html) {
        String v = r[0].equals("Command") ? "<code>" + esc(r[1]) + "</code>"
            : esc(r[1]).replaceAll("\\*\\*(.*?)\\*\\*", "<strong>$1</strong>");
        b.append("<tr><th>").append(r[0]).append("</th><td>").append(v).append("</td></tr>\n");
      } else {
        String v = r[0].equals("Command") ? "`" + r[1] + "`" : r[1];
        b.append("- ").append(r[0]).append(": ").append(v).append('\n');
      }
    }
  }

  private static String md(String s) {
    return s.replace("|", "\\|");
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  // ---------------------------------------------------------------------------------------- html

  private static final int WIDTH = 760;
  private static final int LABEL_W = 200;
  private static final int VALUE_W = 190;
  private static final int BAR_W = WIDTH - LABEL_W - VALUE_W - 20;
  private static final int ROW_H = 26;
  private static final int BAR_H = 18;

  /**
   * {@return the report as one self-contained HTML page}: inline CSS and SVG, no external
   * resource. A small inline script checks, once the page has loaded, that every chart drew its
   * bars, and writes the outcome into the element {@code #render-check} (used by the rendering
   * test; harmless otherwise).
   */
  public String html() {
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Ferrite benchmark report</title>
        <script>window.ferriteErrors=[];window.addEventListener('error',function(e){\
        window.ferriteErrors.push(String(e.message||e));});</script>
        <style>
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;\
        max-width:800px;color:#222;padding:0 1em}
        h1{margin-bottom:.3em}h2{border-bottom:2px solid #b7410e;padding-bottom:.2em;margin-top:2em}
        table{border-collapse:collapse;font-size:.85em;margin:.4em 0 1.4em}
        td,th{border:1px solid #ddd;padding:.2em .6em;text-align:left}
        td.n{text-align:right;font-variant-numeric:tabular-nums}
        table.machine th{background:#f6f6f6}
        figure{margin:1.2em 0 .2em}figcaption{font-weight:600;margin-bottom:.3em}
        figcaption span{font-weight:400;color:#666}
        svg.chart{display:block;max-width:100%;height:auto;font-size:12px}
        svg .ferrite{fill:#b7410e}svg .peer{fill:#6b88b5}
        svg .err{stroke:#222;stroke-width:1.2}
        svg .on{fill:#fff;font-weight:600}svg .off{fill:#222;font-weight:600}
        svg .impl{fill:#222}svg .val{fill:#444}
        .note{color:#555;font-size:.9em}.quick{background:#fff3cd;padding:.5em .8em;border-radius:4px}
        #render-check{color:#999;font-size:.75em}
        </style>
        </head>
        <body>
        <h1>Ferrite benchmark report</h1>
        """);
    if (run != null && run.quick()) {
      b.append("<p class=\"quick\"><strong>Quick run.</strong> Fewer and shorter iterations and")
          .append(" some parameters left out: a first look, not numbers to quote.</p>\n");
    }
    b.append("<table class=\"machine\">\n");
    header(b, true);
    b.append("</table>\n");
    b.append("<p class=\"note\">").append(esc(RATIO_NOTE))
        .append(" Bars: <span style=\"color:#b7410e\">■</span> Ferrite,")
        .append(" <span style=\"color:#6b88b5\">■</span> peers; the whiskers span the confidence")
        .append(" interval.</p>\n");
    b.append("<nav><ul>\n");
    for (Component c : components) {
      b.append("<li><a href=\"#").append(anchor(c)).append("\">").append(esc(c.title()))
          .append("</a></li>\n");
    }
    b.append("</ul></nav>\n");
    int chart = 0;
    for (Component c : components) {
      b.append("<section id=\"").append(anchor(c)).append("\">\n<h2>").append(esc(c.title()))
          .append("</h2>\n<p class=\"note\"><code>").append(esc(c.suite())).append("</code>");
      if (!c.page().isEmpty()) {
        b.append("; guide: docs/").append(esc(c.page()));
      }
      b.append("</p>\n");
      for (Scenario s : c.scenarios()) {
        chart(b, s, chart++);
      }
      b.append("</section>\n");
    }
    b.append("<p id=\"render-check\">render check: not run</p>\n");
    b.append("""
        <script>
        (function(){
          var charts=document.querySelectorAll('svg.chart'),expected=0,drawn=0,bad=[];
          for(var i=0;i<charts.length;i++){
            var c=charts[i],want=+c.getAttribute('data-bars'),ok=0;
            expected+=want;
            var rs=c.querySelectorAll('rect.bar');
            for(var j=0;j<rs.length;j++){
              var bb=rs[j].getBBox(),cr=rs[j].getBoundingClientRect();
              if(bb.width>0&&bb.height>0&&cr.width>0&&cr.height>0){ok++;}
            }
            drawn+=ok;
            if(ok!==want||rs.length!==want){bad.push(c.id);}
          }
          var errs=window.ferriteErrors;
          document.getElementById('render-check').textContent='render check: charts='+charts.length
            +' expected-bars='+expected+' drawn-bars='+drawn+' bad-charts='+bad.length
            +' errors='+errs.length+(errs.length?' ['+errs.join(' | ')+']':'');
        })();
        </script>
        </body>
        </html>
        """);
    return b.toString();
  }

  private static String anchor(Component c) {
    return c.suite().toLowerCase(Locale.ROOT);
  }

  private static void chart(StringBuilder b, Scenario s, int id) {
    List<Bar> bars = s.bars();
    double max = 0;
    for (Bar bar : bars) {
      Result r = bar.result();
      max = Math.max(max, finite(r.score()));
      max = Math.max(max, finite(r.high()));
    }
    if (max <= 0) {
      max = 1;
    }
    int height = bars.size() * ROW_H + 8;
    b.append("<figure>\n<figcaption>").append(esc(s.method()));
    if (!s.params().isEmpty()) {
      b.append(" <span>").append(esc(s.params())).append("</span>");
    }
    b.append(" <span>· ").append(esc(s.unit())).append(", ")
        .append(s.higherIsBetter() ? "higher" : "lower").append(" is better</span></figcaption>\n");
    b.append("<svg class=\"chart\" id=\"chart-").append(id).append("\" data-bars=\"")
        .append(bars.size()).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ")
        .append(WIDTH).append(' ').append(height).append("\" role=\"img\" aria-label=\"")
        .append(esc(s.label())).append("\">\n");
    b.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"2\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>\n",
        LABEL_W, LABEL_W, height - 4));
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      Result r = bar.result();
      double y = 5 + i * ROW_H;
      double mid = y + BAR_H / 2.0;
      double w = Math.max(1, finite(r.score()) / max * BAR_W);
      String label = bar.baseline() ? "<tspan font-weight=\"700\">" + esc(r.impl()) + "</tspan>"
          : esc(r.impl());
      b.append(String.format(Locale.ROOT,
          "<text class=\"impl\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
          LABEL_W - 8, mid + 4, label));
      b.append(String.format(Locale.ROOT,
          "<rect class=\"bar %s\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\""
              + " data-impl=\"%s\" data-score=\"%s\" data-ratio=\"%s\">"
              + "<title>%s: %s ± %s %s</title></rect>\n",
          bar.ferrite() ? "ferrite" : "peer", LABEL_W, y, w, BAR_H, esc(r.impl()),
          num(r.score()), bar.baseline() ? "baseline" : ratio(bar.ratio()), esc(r.impl()),
          num(r.score()), num(r.error()), esc(r.unit())));
      double end = LABEL_W + w;
      if (Double.isFinite(r.low()) && Double.isFinite(r.high())) {
        double x1 = LABEL_W + Math.max(0, r.low()) / max * BAR_W;
        double x2 = LABEL_W + r.high() / max * BAR_W;
        b.append(String.format(Locale.ROOT,
            "<path class=\"err\" d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1fM%.1f %.1fV%.1f\"/>\n",
            x1, mid, x2, x1, mid - 4, mid + 4, x2, mid - 4, mid + 4));
        end = Math.max(end, x2);
      }
      String text = bar.baseline() ? "Ferrite" : ratio(bar.ratio());
      if (!text.isEmpty()) {
        boolean inside = w > 64;
        b.append(String.format(Locale.ROOT,
            "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>\n",
            inside ? "on" : "off", inside ? LABEL_W + w - 6 : end + 5, mid + 4,
            inside ? "end" : "start", esc(text)));
      }
      b.append(String.format(Locale.ROOT,
          "<text class=\"val\" x=\"%d\" y=\"%.1f\">%s ± %s %s</text>\n",
          WIDTH - VALUE_W + 10, mid + 4, num(r.score()), num(r.error()), esc(r.unit())));
    }
    b.append("</svg>\n</figure>\n");
    b.append("<table class=\"scenario\"><tr><th>implementation</th><th>score</th>")
        .append("<th>± error</th><th>unit</th><th>ratio</th></tr>\n");
    for (Bar bar : bars) {
      Result r = bar.result();
      b.append("<tr><td>").append(bar.baseline() ? "<strong>" + esc(r.impl()) + "</strong>"
          : esc(r.impl())).append("</td><td class=\"n\">").append(num(r.score()))
          .append("</td><td class=\"n\">").append(num(r.error())).append("</td><td>")
          .append(esc(r.unit())).append("</td><td class=\"n\">")
          .append(bar.baseline() ? "baseline" : ratio(bar.ratio())).append("</td></tr>\n");
    }
    b.append("</table>\n");
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }
}
