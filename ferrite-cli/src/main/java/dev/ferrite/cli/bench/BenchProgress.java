package dev.ferrite.cli.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows JMH's console output and shows one progress line on a terminal: the cases done out of
 * the plan's, the benchmark class (suite), the running benchmark and its parameters, and the
 * estimated time left. Draws nothing when given no stream (output piped or redirected).
 *
 * <p>The estimate adds three parts: the rest of JMH's own ETA for the running class (printed
 * before every case as {@code # Run progress: p% complete, ETA hh:mm:ss}; it counts warmup and
 * measurement only), {@link Plan#CASE_OVERHEAD_SECONDS} for each case of the class not yet
 * started, and the later classes' cases at the average case time seen so far (before the first
 * case ends: the plan's estimate, or 10 s when the annotations decide).
 *
 * <p>{@link #accept} and {@link #startRun} are called by the thread reading JMH's output; a daemon
 * thread redraws the line four times a second; a lock guards the state.
 */
public final class BenchProgress implements AutoCloseable {
  private static final Pattern ETA =
      Pattern.compile("^# Run progress: ([0-9.]+)% complete, ETA (\\d+):(\\d\\d):(\\d\\d)");
  private static final long PERIOD_MS = 250;
  private static final int WIDTH = 24;

  private final PrintStream to;
  private final Plan plan;
  private final ReentrantLock lock = new ReentrantLock();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private final long start = System.nanoTime();

  private int runIndex = -1;
  private int casesBeforeRun;
  private int startedInRun;
  private String benchmark = "";
  private String params = "";
  private double jmhEta = Double.NaN;
  private long etaAt;
  private boolean drawn;

  private BenchProgress(PrintStream to, Plan plan) {
    this.to = to;
    this.plan = plan;
    this.thread = to == null ? null
        : Thread.ofPlatform().daemon().name("bench-progress").start(this::loop);
  }

  /**
   * {@return a progress line on {@code to} for {@code plan}; draws nothing if {@code to} is null}
   * Unless {@code to} is null, a daemon thread starts now and redraws the line until {@link
   * #close()}.
   *
   * @param to the terminal to draw on, or null to draw nothing
   * @param plan the plan being run, for the number of cases and the estimate
   */
  public static BenchProgress start(PrintStream to, Plan plan) {
    return new BenchProgress(to, plan);
  }

  /**
   * Notes that the plan's run {@code index} starts: the cases of the previous run count as
   * started, and the running benchmark and JMH's ETA are forgotten.
   *
   * @param index the index of the run in {@link Plan#runs()}
   */
  public void startRun(int index) {
    lock.lock();
    try {
      if (runIndex >= 0) {
        casesBeforeRun += plan.runs().get(runIndex).cases();
      }
      runIndex = index;
      startedInRun = 0;
      jmhEta = Double.NaN;
      benchmark = "";
      params = "";
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reads one line of JMH's output: {@code # Benchmark:}, {@code # Parameters:} and {@code # Run
   * progress:} lines update the running benchmark, its parameters and JMH's ETA (a run progress
   * line also counts a case as started); other lines are ignored.
   *
   * @param line one line of JMH's console output, without the line terminator
   */
  public void accept(String line) {
    lock.lock();
    try {
      if (line.startsWith("# Benchmark: ")) {
        String full = line.substring("# Benchmark: ".length()).strip();
        String[] parts = full.split("\\.");
        benchmark = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1]
            : full;
        params = "";
      } else if (line.startsWith("# Parameters: ")) {
        params = line.substring("# Parameters: ".length()).strip();
      } else {
        Matcher m = ETA.matcher(line);
        if (m.find()) {
          startedInRun++;
          jmhEta = Integer.parseInt(m.group(2)) * 3600 + Integer.parseInt(m.group(3)) * 60
              + Integer.parseInt(m.group(4));
          etaAt = System.nanoTime();
          }
      }
    } finally {
      lock.unlock();
    }
  }

  /** {@return the cases started so far (the running one included)} */
  public int started() {
    lock.lock();
    try {
      return casesBeforeRun + startedInRun;
    } finally {
      lock.unlock();
    }
  }

  /** {@return the estimated seconds left, or NaN before the first case starts} */
  public double secondsLeft() {
    lock.lock();
    try {
      if (runIndex < 0) {
        return Double.NaN;
      }
      long now = System.nanoTime();
      int done = Math.max(0, casesBeforeRun + startedInRun - 1);
      double elapsed = (now - start) / 1e9;
      double perCase = done > 0 ? elapsed / done
          : Double.isNaN(plan.caseSeconds()) ? 10 : plan.caseSeconds();
      Plan.Run run = plan.runs().get(runIndex);
      double left = Double.isNaN(jmhEta) ? run.cases() * perCase
          : Math.max(0, jmhEta - (now - etaAt) / 1e9)
              + Math.max(0, run.cases() - startedInRun) * Plan.CASE_OVERHEAD_SECONDS;
      for (int i = runIndex + 1; i < plan.runs().size(); i++) {
        left += plan.runs().get(i).cases() * perCase;
      }
      return left;
    } finally {
      lock.unlock();
    }
  }

  /** {@return the progress line, without the leading carriage return} */
  public String line() {
    int total = plan.cases();
    int started = started();
    double left = secondsLeft();
    String suite;
    String what;
    lock.lock();
    try {
      suite = runIndex < 0 ? "" : plan.runs().get(runIndex).suite();
      what = benchmark.isEmpty() ? suite : benchmark + " " + params;
    } finally {
      lock.unlock();
    }
    int filled = total <= 0 ? 0 : Math.min(WIDTH, Math.max(0, started - 1) * WIDTH / total);
    String s = String.format(Locale.ROOT, "[%s%s] %d/%d %s  %s", "#".repeat(filled),
        ".".repeat(WIDTH - filled), started, total, Double.isNaN(left) ? "" : "~" + duration(left)
            + " left", what);
    return s.length() > 118 ? s.substring(0, 117) + "…" : s;
  }

  /**
   * {@return {@code secs} as {@code 1h02m}, {@code 4m05s} or {@code 12s}}
   *
   * @param secs a number of seconds, rounded to the nearest second
   */
  public static String duration(double secs) {
    long s = Math.round(secs);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return s + "s";
  }

  private void loop() {
    try {
      do {
        redraw();
      } while (!stop.await(PERIOD_MS, TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void redraw() {
    if (to == null) {
      return;
    }
    String l = line();
    to.print("\r" + l + " ".repeat(Math.max(0, 120 - l.length())));
    to.flush();
    drawn = true;
  }

  /** Stops drawing and erases the line. */
  @Override
  public void close() {
    if (thread == null) {
      return;
    }
    stop.countDown();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (drawn) { // written by the drawing thread only, which has ended
      to.print("\r" + " ".repeat(120) + "\r");
      to.flush();
    }
  }
}
