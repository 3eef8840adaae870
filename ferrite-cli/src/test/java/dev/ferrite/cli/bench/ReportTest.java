package dev.ferrite.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report agrees with the JSON it is made of: the fixed {@code results.json} fixture has
 * hand-computed ratios, and the Markdown tables, the HTML tables and the HTML chart bars must
 * each show exactly those.
 */
class ReportTest {
  /** (scenario, implementation) to the ratio as printed, computed by hand from the fixture. */
  static final Map<String, String> EXPECTED = new LinkedHashMap<>();

  static {
    // avgt: other / baseline
    EXPECTED.put("buffered capacity=1024 producers=1|ferrite", "baseline");
    EXPECTED.put("buffered capacity=1024 producers=1|ArrayBlockingQueue", "5.00×"); // 150 / 30
    EXPECTED.put("buffered capacity=1024 producers=1|jox", "1.50×"); // 45 / 30
    EXPECTED.put("buffered capacity=1 producers=1|ferrite", "baseline");
    EXPECTED.put("buffered capacity=1 producers=1|ArrayBlockingQueue", "0.25×"); // 20 / 80
    EXPECTED.put("cancelLatency siblings=10|ferrite", "baseline");
    // thrpt: baseline / other
    EXPECTED.put("increment1|ferrite-atomic", "baseline");
    EXPECTED.put("increment1|ferrite-striped", "1.25×"); // 200 / 160
    EXPECTED.put("increment1|AtomicLong", "2.00×"); // 200 / 100
    EXPECTED.put("increment1|LongAdder", "0.50×"); // 200 / 400
    // no Ferrite implementation: no ratio
    EXPECTED.put("run|Peer<One>", "");
    EXPECTED.put("run|PeerTwo", "");
  }

  static String fixture() throws IOException {
    try (InputStream in = ReportTest.class.getResourceAsStream("results.json")) {
      assertThat(in).as("test resource results.json").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static RunInfo quickRun() {
    return new RunInfo("2026-11-29 05:00 UTC", "Test CPU", 2, "Linux test amd64",
        "JDK 25", "quick: JMH options -f 1", "./ferrite bench --quick");
  }

  @Test
  void parsesEveryResultWithItsMetric() throws IOException {
    List<Report.Result> rs = Report.parse(fixture());

    assertThat(rs).hasSize(12);
    Report.Result abq = rs.get(5);
    assertThat(abq.benchmark()).isEqualTo("dev.ferrite.bench.ChannelBench.buffered");
    assertThat(abq.suite()).isEqualTo("ChannelBench");
    assertThat(abq.method()).isEqualTo("buffered");
    assertThat(abq.impl()).isEqualTo("ArrayBlockingQueue");
    assertThat(abq.params()).containsEntry("capacity", "1024").containsEntry("producers", "1");
    assertThat(abq.score()).isEqualTo(150.0);
    assertThat(abq.error()).isEqualTo(12.0);
    assertThat(abq.low()).isEqualTo(138.0);
    assertThat(abq.high()).isEqualTo(162.0);
    assertThat(abq.unit()).isEqualTo("ns/op");
    assertThat(abq.higherIsBetter()).isFalse();
    assertThat(rs.get(0).higherIsBetter()).isTrue();
    Report.Result jox = rs.get(6);
    assertThat(jox.error()).isNaN(); // JMH writes "NaN" as a string
    assertThat(jox.low()).isNaN();
  }

  @Test
  void groupsIntoComponentsAndScenariosInReportOrder() throws IOException {
    Report r = Report.of(fixture(), quickRun());

    assertThat(r.components()).extracting(Report.Component::suite)
        .containsExactly("ChannelBench", "ScopeBench", "CounterBench", "PeerOnlyBench");
    assertThat(r.components().get(0).scenarios()).extracting(Report.Scenario::label)
        .containsExactly("buffered capacity=1024 producers=1", "buffered capacity=1 producers=1");
    assertThat(r.components().get(3).title()).isEqualTo("PeerOnly");
  }

  @Test
  void markdownShowsTheRatiosOfTheJson() throws IOException {
    String md = Report.of(fixture(), quickRun()).markdown();

    assertThat(markdownRatios(md)).containsExactlyEntriesOf(EXPECTED);
    assertThat(md).contains("| buffered capacity=1024 producers=1 | jox | 45.0 | n/a | ns/op | 1.50× |")
        .contains("- Machine: Test CPU, 2 cores, Linux test amd64")
        .contains("**quick run**");
  }

  @Test
  void htmlTablesAndBarsShowTheRatiosOfTheJson() throws IOException {
    String html = Report.of(fixture(), quickRun()).html();

    assertThat(htmlTableRatios(html)).containsExactlyElementsOf(EXPECTED.values());
    assertThat(barRatios(html)).containsExactlyElementsOf(EXPECTED.values());
    // every ratio is also printed on its bar
    for (String ratio : EXPECTED.values()) {
      if (!ratio.isEmpty() && !ratio.equals("baseline")) {
        assertThat(html).contains(">" + ratio + "</text>");
      }
    }
    assertThat(html).contains("data-bars=\"4\"").contains("Quick run.")
        .contains("Test CPU, 2 cores").contains("2026-11-29 05:00 UTC");
  }

  @Test
  void markdownAndHtmlAgreeOnARealShapedRun() throws IOException {
    Report r = Report.of(fixture(), null);

    assertThat(List.copyOf(markdownRatios(r.markdown()).values()))
        .isEqualTo(htmlTableRatios(r.html()))
        .isEqualTo(barRatios(r.html()));
    assertThat(r.markdown()).contains("- Machine: unknown");
  }

  @Test
  void htmlIsSelfContainedAndEscaped() throws IOException {
    String html = Report.of(fixture(), quickRun()).html();

    assertThat(html).doesNotContain("<link").doesNotContain(" src=").doesNotContain("@import")
        .doesNotContain("url(");
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http");
    assertThat(html).contains("Peer&lt;One&gt;").doesNotContain("Peer<One>");
    assertThat(html.split("<svg class=\"chart\"", -1)).hasSize(6); // five charts
    assertThat(html.split("<rect class=\"bar ", -1)).hasSize(13); // twelve bars
  }

  @Test
  void rejectsWhatIsNotAJmhResultFile() {
    assertThatThrownBy(() -> Report.parse("{\"a\": 1}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON array");
    assertThatThrownBy(() -> Report.parse("[{\"benchmark\": \"x\"}]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("primaryMetric");
    assertThatThrownBy(() -> Report.parse("[1, 2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
  }

  @Test
  void runInfoRoundTrips(@TempDir Path dir) throws IOException {
    RunInfo info = quickRun();
    info.write(dir);

    assertThat(RunInfo.read(dir)).isEqualTo(info);
    assertThat(RunInfo.read(dir.resolve("missing"))).isNull();
    assertThat(info.quick()).isTrue();
  }

  @Test
  void formatsNumbersWithAboutThreeDigits() {
    assertThat(Report.num(0.0123)).isEqualTo("0.0123");
    assertThat(Report.num(1.234)).isEqualTo("1.23");
    assertThat(Report.num(12.34)).isEqualTo("12.3");
    assertThat(Report.num(1234.5)).isEqualTo("1235");
    assertThat(Report.num(58_956_033)).isEqualTo("58,956,033");
    assertThat(Report.num(Double.NaN)).isEqualTo("n/a");
  }

  /** (scenario|impl) to ratio, from the Markdown tables (bold baseline names unwrapped). */
  static Map<String, String> markdownRatios(String md) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : md.lines().toList()) {
      if (!line.startsWith("| ") || line.startsWith("| scenario ")) {
        continue;
      }
      String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
      assertThat(cells).as(line).hasSize(6);
      m.put(cells[0] + "|" + cells[1].replace("**", ""), cells[5]);
    }
    return m;
  }

  private static final Pattern TABLE_ROW = Pattern.compile(
      "<tr><td>(?:<strong>)?[^<]*(?:</strong>)?</td>(?:<td class=\"n\">[^<]*</td><td class=\"n\">"
          + "[^<]*</td><td>[^<]*</td>)<td class=\"n\">([^<]*)</td></tr>");
  private static final Pattern BAR = Pattern.compile("<rect class=\"bar [^\"]*\"[^>]*"
      + " data-ratio=\"([^\"]*)\"");

  /** The ratio column of every HTML table row, in page order. */
  static List<String> htmlTableRatios(String html) {
    return all(TABLE_ROW, html);
  }

  /** The data-ratio of every chart bar, in page order. */
  static List<String> barRatios(String html) {
    return all(BAR, html);
  }

  private static List<String> all(Pattern p, String s) {
    Matcher m = p.matcher(s);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
