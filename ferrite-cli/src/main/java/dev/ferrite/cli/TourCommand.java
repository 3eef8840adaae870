package dev.ferrite.cli;

import dev.ferrite.cli.tour.TourSection;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferrite tour}: runs the registered tour sections, all of them or the ones named. */
@Command(
    name = "tour",
    description = {
      "Runs every pattern on built-in data, one section per pattern, in a fixed order.",
      "Name sections (as arguments or with --only) to run just those."
    })
final class TourCommand implements Runnable {
  private final List<TourSection> sections;
  private final PrintStream out;

  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "SECTION", arity = "0..*", description = "Sections to run (default: all).")
  private List<String> named = new ArrayList<>();

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  private boolean help;

  @Option(
      names = "--only",
      paramLabel = "SECTION",
      split = ",",
      description = "Run only these sections; the same as naming them as arguments.")
  private List<String> only = new ArrayList<>();

  @Option(
      names = {"-l", "--list"},
      description = "List the sections and exit.")
  private boolean list;

  TourCommand(List<TourSection> sections, PrintStream out) {
    this.sections = List.copyOf(sections);
    this.out = out;
  }

  /** Help footer: the sections, so that {@code ferrite tour --help} names them. */
  String[] footer() {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("Sections:");
    sectionLines().forEach(line -> lines.add("  " + line));
    return lines.toArray(String[]::new);
  }

  /** One line per section: its name, padded, and its title. */
  private List<String> sectionLines() {
    int width = sections.stream().mapToInt(s -> s.name().length()).max().orElse(0);
    return sections.stream().map(s -> String.format("%-" + width + "s  %s", s.name(), s.title())).toList();
  }

  @Override
  public void run() {
    if (list) {
      for (String line : sectionLines()) {
        out.println(line);
      }
      return;
    }
    List<TourSection> chosen = choose();
    for (int i = 0; i < chosen.size(); i++) {
      TourSection section = chosen.get(i);
      if (i > 0) {
        out.println();
      }
      out.println("== " + section.name() + ": " + section.title());
      try {
        section.run(out);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("tour interrupted in section '" + section.name() + "'", e);
      } catch (Exception e) {
        throw new IllegalStateException(
            "tour section '" + section.name() + "' failed: " + Main.describe(e), e);
      }
      out.flush();
    }
  }

  /** The sections asked for, in registry order; all of them if none was named. */
  private List<TourSection> choose() {
    Set<String> wanted = new LinkedHashSet<>(named);
    wanted.addAll(only);
    if (wanted.isEmpty()) {
      return sections;
    }
    Set<String> known = sections.stream().map(TourSection::name).collect(Collectors.toSet());
    for (String name : wanted) {
      if (!known.contains(name)) {
        throw new ParameterException(
            spec.commandLine(),
            "unknown tour section '" + name + "'; sections: "
                + sections.stream().map(TourSection::name).collect(Collectors.joining(", ")));
      }
    }
    return sections.stream().filter(s -> wanted.contains(s.name())).toList();
  }
}
