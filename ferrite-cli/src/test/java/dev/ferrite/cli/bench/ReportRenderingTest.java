package dev.ferrite.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens {@code report.html} in headless Chromium and reads back what the page's own check found:
 * every chart drew all its bars with a non-zero size, and no script error occurred.
 *
 * <p>Needs {@code /usr/bin/chromium} (or {@code -Dferrite.test.chromium=PATH}); {@code .ci/run}
 * installs it. Without it the test fails, unless {@code -Dferrite.test.chromium.optional=true}
 * or the environment variable {@code FERRITE_CHROMIUM_OPTIONAL} is set, which turn the absence
 * into a skipped test.
 */
class ReportRenderingTest {
  private static final Pattern CHECK = Pattern.compile(
      "render check: charts=(\\d+) expected-bars=(\\d+) drawn-bars=(\\d+) bad-charts=(\\d+)"
          + " errors=(\\d+)([^<]*)");
  private static final long LIMIT_S = 60 * Long.getLong("ferrite.test.timeoutScale", 1);

  private static Path chromium;

  @BeforeAll
  static void findChromium() {
    chromium = Path.of(System.getProperty("ferrite.test.chromium", "/usr/bin/chromium"));
    if (!Files.isExecutable(chromium)) {
      String env = System.getenv("FERRITE_CHROMIUM_OPTIONAL");
      boolean optional = Boolean.getBoolean("ferrite.test.chromium.optional")
          || (env != null && !env.isBlank());
      assumeTrue(!optional, chromium + " is missing and the rendering test is optional here");
      fail(chromium + " is missing: install it (.ci/chromium.sh, or apt-get install chromium),"
          + " or set -Dferrite.test.chromium.optional=true to skip this test");
    }
  }

  /** The counts the page's check wrote into #render-check. */
  record Check(int charts, int expected, int drawn, int bad, int errors, String messages) {}

  @Test
  void everyChartIsDrawnWithoutScriptErrors(@TempDir Path dir) throws Exception {
    Report report = Report.of(ReportTest.fixture(), ReportTest.quickRun());

    Check c = render(dir, report.html());

    assertThat(c.charts()).isEqualTo(5);
    assertThat(c.expected()).isEqualTo(12);
    assertThat(c.drawn()).isEqualTo(12);
    assertThat(c.bad()).isZero();
    assertThat(c.errors()).as(c.messages()).isZero();
  }

  @Test
  void theCheckSeesMissingBarsAndScriptErrors(@TempDir Path dir) throws Exception {
    String html = Report.of(ReportTest.fixture(), null).html();
    // the counter chart claims a bar more than it has; a channel bar is collapsed to zero width;
    // a script fails before the check runs
    String broken = html.replaceFirst("data-bars=\"4\"", "data-bars=\"5\"")
        .replaceFirst("(<rect class=\"bar peer\" x=\"\\d+\" y=\"[0-9.]+\" )width=\"[0-9.]+\"",
            "$1width=\"0\"")
        .replace("<p id=\"render-check\">",
            "<script>nosuchThing.call();</script><p id=\"render-check\">");

    Check c = render(dir, broken);

    assertThat(c.charts()).isEqualTo(5);
    assertThat(c.expected()).isEqualTo(13);
    assertThat(c.drawn()).isEqualTo(11);
    assertThat(c.bad()).isEqualTo(2);
    assertThat(c.errors()).isEqualTo(1);
    assertThat(c.messages()).contains("nosuchThing");
  }

  private static Check render(Path dir, String html) throws IOException, InterruptedException {
    Path page = Files.createTempFile(dir, "report", ".html");
    Files.writeString(page, html, StandardCharsets.UTF_8);
    Path profile = Files.createTempDirectory(dir, "profile");
    Path dom = dir.resolve("dom.html");
    Path log = dir.resolve("chromium.log");
    List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions",
        "--user-data-dir=" + profile, "--virtual-time-budget=2000", "--dump-dom",
        page.toUri().toString()));
    Process p = new ProcessBuilder(cmd).redirectOutput(dom.toFile()).redirectError(log.toFile())
        .start();
    try {
      if (!p.waitFor(LIMIT_S, TimeUnit.SECONDS)) {
        fail("chromium did not finish in " + LIMIT_S + " s");
      }
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor();
      deleteTree(profile);
    }
    String out = Files.readString(dom, StandardCharsets.UTF_8);
    Matcher m = CHECK.matcher(out);
    if (!m.find()) {
      fail("no render check in chromium's DOM (exit " + p.exitValue() + "); stderr tail: "
          + tail(Files.readString(log, StandardCharsets.UTF_8)));
    }
    return new Check(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
        m.group(6));
  }

  private static String tail(String s) {
    return s.length() <= 600 ? s : s.substring(s.length() - 600);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
