package dev.ferrite.cli.tour;

import java.io.PrintStream;

/**
 * One section of {@code ferrite tour}: a small, self-contained demonstration of one pattern on
 * built-in data. Register new sections in {@link Tour#sections()}.
 *
 * <p>A section must finish in a few seconds, join every thread it starts, and print output whose
 * structure (not necessarily its line order or timings) is the same on every run, so tests can
 * check it.
 */
public interface TourSection {
  /** {@return the section's name on the command line, lower case with dashes (e.g. {@code worker-pool})} */
  String name();

  /** {@return a one-line summary, printed in the section's header and in the help} */
  String title();

  /**
   * Runs the demonstration, printing to {@code out}. The caller prints the header line.
   *
   * @param out where to print; safe to use from several threads at once
   * @throws Exception if the demonstration fails; the tour reports it in one line
   */
  void run(PrintStream out) throws Exception;
}
