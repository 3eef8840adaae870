package dev.ferrite.cli.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Where and how a benchmark run happened: the machine (CPU, cores, OS), the date, the kind of run
 * and the command. Kept beside {@code results.json} as {@code run.properties}, because JMH's file
 * records the JVM but not the machine, so that a report regenerated later still names the machine
 * the numbers come from.
 *
 * @param date when the run started, UTC, {@code yyyy-MM-dd HH:mm 'UTC'}
 * @param cpu the CPU model name, or the architecture if unknown
 * @param cores the number of processors the JVM saw
 * @param os operating system name, version and architecture
 * @param java the JDK that ran the benchmarks (version and vendor)
 * @param kind {@code default}, {@code quick} or {@code custom}; a description follows a colon
 * @param command the command line that produced the results, or empty if unknown
 */
public record RunInfo(
    String date, String cpu, int cores, String os, String java, String kind, String command) {
  /** The file name beside {@code results.json}. */
  public static final String FILE = "run.properties";

  /**
   * {@return the info for a run starting now on this machine}
   *
   * @param kind {@code default}, {@code quick} or {@code custom}; a description may follow a colon
   * @param command the command line that produces the results, or empty if unknown
   */
  public static RunInfo here(String kind, String command) {
    return new RunInfo(
        ZonedDateTime.now(ZoneOffset.UTC).format(
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)),
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        "JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
        kind,
        command);
  }

  /** {@return true if this was a {@code --quick} run} */
  public boolean quick() {
    return kind.startsWith("quick");
  }

  /**
   * Writes this info to {@code dir/run.properties} as a UTF-8 properties file, replacing the file
   * if it exists.
   *
   * @param dir the directory of the run's {@code results.json}; must exist
   * @throws IOException if the file cannot be written
   */
  public void write(Path dir) throws IOException {
    Properties p = new Properties();
    p.setProperty("date", date);
    p.setProperty("cpu", cpu);
    p.setProperty("cores", Integer.toString(cores));
    p.setProperty("os", os);
    p.setProperty("java", java);
    p.setProperty("kind", kind);
    p.setProperty("command", command);
    try (Writer w = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
      p.store(w, "ferrite bench: the machine and the run behind results.json");
    }
  }

  /**
   * {@return the info stored in {@code dir/run.properties}, or null if there is none} A missing
   * property reads as {@code unknown} (cores as 0, the kind as {@code default}, the command as
   * empty).
   *
   * @param dir the directory of the run's {@code results.json}
   * @throws IOException if the file exists but cannot be read
   */
  public static RunInfo read(Path dir) throws IOException {
    Path f = dir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    int cores;
    try {
      cores = Integer.parseInt(p.getProperty("cores", "0").strip());
    } catch (NumberFormatException e) {
      cores = 0;
    }
    return new RunInfo(p.getProperty("date", "unknown"), p.getProperty("cpu", "unknown"), cores,
        p.getProperty("os", "unknown"), p.getProperty("java", "unknown"),
        p.getProperty("kind", "default"), p.getProperty("command", ""));
  }

  private static String cpuModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8);
      for (String l : lines) {
        if (l.startsWith("model name")) {
          int colon = l.indexOf(':');
          if (colon > 0) {
            return l.substring(colon + 1).strip().replaceAll("\\s+", " ");
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable: fall through
    }
    return "unknown CPU (" + System.getProperty("os.arch") + ")";
  }
}
