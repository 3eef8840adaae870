package dev.ferrite.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleFunction;

/**
 * A one-line progress bar on standard error (bytes done / total, rate; or any line a command
 * renders), drawn only on a terminal and only once the work has taken more than half a second;
 * erased when done.
 */
final class Progress implements AutoCloseable {
  private static final long DELAY_MS = 500;
  private static final long PERIOD_MS = 200;
  private static final int WIDTH = 30;

  private final PrintStream to;
  private final DoubleFunction<String> render;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private final long start = System.nanoTime();
  private boolean drawn;

  private Progress(PrintStream to, DoubleFunction<String> render, String name) {
    this.to = to;
    this.render = render;
    this.thread = to == null ? null : Thread.ofPlatform().daemon().name(name).start(this::loop);
  }

  /** {@return a progress bar on {@code to}; none (but closeable) if {@code to} is null} */
  static Progress start(PrintStream to, long total, LongAdder done) {
    return new Progress(to, secs -> line(done.sum(), total, secs), "wordcount-progress");
  }

  /**
   * {@return a progress line on {@code to}, redrawn from {@code render} (given the seconds since
   * the start; the line starts with a carriage return); none (but closeable) if {@code to} is
   * null}
   */
  static Progress start(PrintStream to, DoubleFunction<String> render, String threadName) {
    return new Progress(to, render, threadName);
  }

  /** True when {@code out} and {@code err} are the real standard streams of a terminal. */
  static boolean terminal(PrintStream out, PrintStream err) {
    if (out != System.out || err != System.err) {
      return false;
    }
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try { // Console.isTerminal() exists from Java 22; before, a console means a terminal
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  private void loop() {
    try {
      if (stop.await(DELAY_MS, TimeUnit.MILLISECONDS)) {
        return;
      }
      do {
        draw();
      } while (!stop.await(PERIOD_MS, TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void draw() {
    to.print(render.apply((System.nanoTime() - start) / 1e9));
    to.flush();
    drawn = true;
  }

  /** {@return the bar for {@code d} of {@code total} bytes after {@code secs} seconds} */
  static String line(long d, long total, double secs) {
    int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, d * WIDTH / total);
    String bar = "#".repeat(filled) + " ".repeat(WIDTH - filled);
    return String.format(java.util.Locale.ROOT, "\r[%s] %s / %s  %s/s ", bar, mb(d), mb(total),
        mb((long) (d / Math.max(1e-9, secs))));
  }

  private static String mb(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

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
    if (drawn) {
      to.print("\r" + " ".repeat(WIDTH + 50) + "\r");
      to.flush();
    }
  }
}
