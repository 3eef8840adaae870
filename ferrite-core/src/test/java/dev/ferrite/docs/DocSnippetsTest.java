package dev.ferrite.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guide pages show exactly the code the {@code *DocExampleTest} classes run: a page's code
 * block preceded by {@code <!-- snippet: ChannelsDocExampleTest.java#example -->} must equal the
 * lines between {@code // @start region="example"} and {@code // @end} in that test's source (the
 * common indentation removed). Every region is shown on some page, and every component page has an
 * example.
 */
class DocSnippetsTest {
  /** The guide pages that must each show at least one tested example. */
  static final List<String> PAGES = List.of("channels.md", "worker-pool.md", "scope.md",
      "work-stealing.md", "par.md", "actors.md", "cache.md", "sync.md");

  private static final Pattern MARKER = Pattern.compile("<!-- snippet: ([\\w.]+)#([\\w-]+) -->");
  private static final Pattern START = Pattern.compile("^\\s*// @start region=\"([\\w-]+)\"\\s*$");
  private static final Pattern END = Pattern.compile("^\\s*// @end\\s*$");

  private static Path docs;
  private static Path sources;

  @BeforeAll
  static void findTheTree() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("docs/channels.md"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository root (with docs/) above the working directory").isNotNull();
    docs = dir.resolve("docs");
    sources = dir.resolve("ferrite-core/src/test/java/dev/ferrite/docs");
  }

  /** A marked code block: where it is, what it names, its lines. */
  record Block(String page, int line, String file, String region, List<String> code) {}

  static List<Block> blocks(Path page) throws IOException {
    List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = MARKER.matcher(lines.get(i));
      if (!m.find()) {
        continue;
      }
      int open = i + 1;
      assertThat(open < lines.size() && lines.get(open).equals("```java"))
          .as("%s:%d: the snippet marker must be followed by a ```java line", page, i + 1)
          .isTrue();
      int close = open + 1;
      while (close < lines.size() && !lines.get(close).equals("```")) {
        close++;
      }
      assertThat(close).as("%s:%d: unclosed code block", page, open + 1).isLessThan(lines.size());
      out.add(new Block(page.getFileName().toString(), i + 1, m.group(1), m.group(2),
          strip(lines.subList(open + 1, close))));
    }
    return out;
  }

  /** The regions of a test source, by name, with the common indentation removed. */
  static Map<String, List<String>> regions(Path source) throws IOException {
    List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = START.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      int end = i + 1;
      while (end < lines.size() && !END.matcher(lines.get(end)).matches()) {
        end++;
      }
      assertThat(end).as("%s: region %s has no // @end", source, m.group(1))
          .isLessThan(lines.size());
      out.put(m.group(1), dedent(lines.subList(i + 1, end)));
    }
    return out;
  }

  static List<String> dedent(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String l : lines) {
      if (!l.isBlank()) {
        indent = Math.min(indent, l.length() - l.stripLeading().length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.isBlank() ? "" : l.substring(indent).stripTrailing());
    }
    return out;
  }

  private static List<String> strip(List<String> lines) {
    return lines.stream().map(String::stripTrailing).toList();
  }

  @Test
  void everyMarkedBlockEqualsItsRegion() throws IOException {
    int checked = 0;
    try (Stream<Path> pages = Files.list(docs)) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        for (Block b : blocks(page)) {
          Path source = sources.resolve(b.file());
          assertThat(source).as("%s:%d names %s", b.page(), b.line(), b.file()).isRegularFile();
          Map<String, List<String>> regions = regions(source);
          assertThat(regions).as("%s:%d: regions of %s", b.page(), b.line(), b.file())
              .containsKey(b.region());
          assertThat(b.code())
              .as("%s:%d must show %s#%s exactly (copy the region into the page)", b.page(),
                  b.line(), b.file(), b.region())
              .containsExactlyElementsOf(regions.get(b.region()));
          checked++;
        }
      }
    }
    assertThat(checked).isPositive();
  }

  @Test
  void everyComponentPageShowsATestedExample() throws IOException {
    for (String page : PAGES) {
      assertThat(blocks(docs.resolve(page))).as("snippets of docs/%s", page).isNotEmpty();
    }
  }

  @Test
  void everyRegionIsShownOnSomePage() throws IOException {
    Set<String> shown = new LinkedHashSet<>();
    try (Stream<Path> pages = Files.list(docs)) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".md")).toList()) {
        for (Block b : blocks(page)) {
          shown.add(b.file() + "#" + b.region());
        }
      }
    }
    try (Stream<Path> files = Files.list(sources)) {
      for (Path f : files.filter(p -> p.toString().endsWith("DocExampleTest.java")).toList()) {
        for (String region : regions(f).keySet()) {
          assertThat(shown).as("pages showing regions").contains(f.getFileName() + "#" + region);
        }
      }
    }
  }

  @Test
  void aChangedBlockIsCaught() {
    List<String> region = dedent(List.of("    int a = 1;", "", "      a++;"));

    assertThat(region).containsExactly("int a = 1;", "", "  a++;");
    assertThat(List.of("int a = 1;", "", "  a += 1;")).isNotEqualTo(region);
  }
}
