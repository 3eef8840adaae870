package dev.ferrite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import dev.ferrite.cli.tour.Tour;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ferrite fetch}, run in-process against a loopback server. */
class FetchCommandTest {
  private static final Duration LIMIT =
      Duration.ofSeconds(60).multipliedBy(Long.getLong("ferrite.test.timeoutScale", 1));

  @TempDir Path dir;
  private HttpServer server;
  private ExecutorService executor;

  private record Result(int code, List<String> out, List<String> err) {}

  @BeforeEach
  void startServer() throws IOException {
    executor = Executors.newVirtualThreadPerTaskExecutor();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(executor);
    server.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      int status = path.startsWith("/missing") ? 404 : 200;
      byte[] body = ("body of " + path).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    executor.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static Result run(String... args) {
    return assertTimeoutPreemptively(LIMIT, () -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code;
      try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
          PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
        code = Main.run(args, o, e, Tour.sections());
      }
      return new Result(code, lines(out), lines(err));
    });
  }

  private static List<String> lines(ByteArrayOutputStream bytes) {
    String s = bytes.toString(StandardCharsets.UTF_8);
    return s.isEmpty() ? List.of() : s.lines().toList();
  }

  @Test
  void everyUrlSucceedsExitsZeroWithASummary() {
    Result r = run("fetch", url("/a"), url("/b/c.txt"));

    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).hasSize(3);
    assertThat(r.out().get(0)).matches("200 +10 B  " + url("/a"));
    assertThat(r.out().get(1)).matches("200 +16 B  " + url("/b/c.txt"));
    assertThat(r.out().get(2)).matches("2 succeeded, 0 failed, 26 bytes in \\d+\\.\\d\\d s");
  }

  @Test
  void jsonIsOneObjectPerUrlInInputOrderAndFailuresDoNotStopTheOthers() throws IOException {
    int refused;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      refused = s.getLocalPort();
    }
    Path list = Files.writeString(dir.resolve("urls.txt"), String.join("\n",
        "# a comment", "", url("/x"), "not a url", "  " + url("/missing") + "  ",
        "http://nosuch.invalid/", "http://127.0.0.1:" + refused + "/", url("/\"q\"")));
    Result r = run("fetch", "--json", "-i", list.toString(), "--retries", "0", "-c", "3");

    assertThat(r.code()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(r.out()).containsExactly(
        "{\"url\": \"" + url("/x") + "\", \"status\": 200, \"bytes\": 10, \"error\": null}",
        "{\"url\": \"not a url\", \"status\": null, \"bytes\": 0, \"error\": \"invalid URL: "
            + "Illegal character in path at index 3\"}",
        "{\"url\": \"" + url("/missing") + "\", \"status\": 404, \"bytes\": 0, \"error\": \"HTTP 404\"}",
        "{\"url\": \"http://nosuch.invalid/\", \"status\": null, \"bytes\": 0, "
            + "\"error\": \"unknown host nosuch.invalid\"}",
        "{\"url\": \"http://127.0.0.1:" + refused + "/\", \"status\": null, \"bytes\": 0, "
            + "\"error\": \"connection refused\"}",
        "{\"url\": \"" + url("/\\\"q\\\"") + "\", \"status\": null, \"bytes\": 0, "
            + "\"error\": \"invalid URL: Illegal character in path at index 23\"}"
            .replace("23", String.valueOf(url("/").length())));
    assertThat(r.err()).singleElement().asString()
        .matches("1 succeeded, 5 failed, 10 bytes in \\d+\\.\\d\\d s");
  }

  @Test
  void outputDirGetsSafeUniqueNames() throws IOException {
    Path out = dir.resolve("out");
    Result r = run("fetch", "-o", out.toString(), url("/p/page.html"), url("/p/page.html"),
        url("/"), url("/../../etc/passwd?x=1&y=%3C2%3E"));

    assertThat(r.code()).isZero();
    String host = "127.0.0.1_" + server.getAddress().getPort();
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
          host + "_p_page.html", host + "_p_page-1.html", host + "_index.html",
          host + "_.._.._etc_passwd_x_1_y_3C2_3E");
    }
    assertThat(Files.readString(out.resolve(host + "_p_page-1.html"))).isEqualTo("body of /p/page.html");
    assertThat(r.out().get(0)).endsWith(" -> " + out.resolve(host + "_p_page.html"));
  }

  @Test
  void fileNamesAreSafe() {
    assertThat(FetchCommand.fileName("https://example.org")).isEqualTo("example.org_index.html");
    assertThat(FetchCommand.fileName("http://h/a b/..")).isNull();
    assertThat(FetchCommand.fileName("http://h/%2e%2e/x")).isEqualTo("h_.._x");
    assertThat(FetchCommand.fileName("http://h/.x")).isEqualTo("h_.x");
    assertThat(FetchCommand.fileName("http://h/" + "a".repeat(300) + ".txt"))
        .hasSize(120).endsWith(".txt");
    assertThat(FetchCommand.withSuffix("h_1.2_page", "-1")).isEqualTo("h_1.2_page-1");
    assertThat(FetchCommand.withSuffix("h_page.html", "-2")).isEqualTo("h_page-2.html");
  }

  @ParameterizedTest
  @ValueSource(strings = {"fetch", "fetch -c 0 http://x/", "fetch --timeout 0s http://x/",
      "fetch --timeout soon http://x/", "fetch --retries -1 http://x/", "fetch --bogus"})
  void usageErrorsAreOneLineAndExitCodeTwo(String args) {
    Result r = run(args.split(" "));

    assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).singleElement().asString().startsWith("ferrite: ")
        .doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void anUnreadableListIsOneLineAndExitCodeOne() {
    Result r = run("fetch", "-i", dir.resolve("nope.txt").toString());

    assertThat(r.code()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(r.err()).containsExactly("ferrite: " + dir.resolve("nope.txt") + ": no such file");
  }

  @Test
  void durationsParse() {
    FetchCommand.DurationConverter c = new FetchCommand.DurationConverter();
    assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(c.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.convert("3")).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.convert("PT1H")).isEqualTo(Duration.ofHours(1));
  }
}
