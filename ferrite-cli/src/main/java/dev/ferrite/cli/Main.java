package dev.ferrite.cli;

import dev.ferrite.cli.tour.Tour;
import dev.ferrite.cli.tour.TourSection;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code ferrite} command.
 *
 * <p>Exit codes: 0 on success, 1 when a command fails (one line {@code ferrite: <message>} on
 * standard error; the stack trace too with {@code --debug} or the environment variable
 * {@code FERRITE_DEBUG} set), 2 for a usage error such as an unknown option or command (one line,
 * never a stack trace).
 */
@Command(
    name = "ferrite",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Rust's concurrency patterns for Java 21+, shown on built-in data.",
    footer = {"", "Run 'ferrite tour' to see every pattern at work."})
public final class Main implements Runnable {
  /** Exit code of a command that failed. */
  public static final int EXIT_FAILURE = 1;

  /** Exit code of a usage error: unknown option or command, bad value. */
  public static final int EXIT_USAGE = 2;

  @Spec private CommandSpec spec;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "On failure, print the stack trace too (or set FERRITE_DEBUG=1).")
  private boolean debug;

  private Main() {}

  /**
   * Runs the command with {@code args} and exits the JVM with its exit code.
   *
   * @param args the command line: a subcommand and its options (see {@code ferrite --help})
   */
  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  /**
   * Runs the command in-process, writing to the given streams, and returns its exit code.
   *
   * @param args the command-line arguments
   * @param out where results and help go
   * @param err where error messages go
   * @return 0 on success, {@link #EXIT_FAILURE} or {@link #EXIT_USAGE}
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, Tour.sections());
  }

  static int run(String[] args, PrintStream out, PrintStream err, List<TourSection> sections) {
    boolean debug = Arrays.asList(args).contains("--debug") || !isBlank(System.getenv("FERRITE_DEBUG"));
    CommandLine cl = new CommandLine(new Main());
    TourCommand tour = new TourCommand(sections, out);
    cl.addSubcommand(tour);
    cl.getSubcommands().get("tour").getCommandSpec().usageMessage().footer(tour.footer());
    cl.addSubcommand(new WordCountCommand(out, err));
    cl.addSubcommand(new BenchCommand(out, err));
    cl.addSubcommand(new FetchCommand(out, err));
    cl.addSubcommand(new CommandLine.HelpCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setParameterExceptionHandler((ex, ignored) -> usageError(ex));
    cl.setExecutionExceptionHandler(
        (ex, command, parsed) -> {
          command.getErr().println("ferrite: " + describe(ex));
          if (debug) {
            ex.printStackTrace(command.getErr());
          }
          command.getErr().flush();
          return EXIT_FAILURE;
        });
    int code = cl.execute(args);
    out.flush();
    return code;
  }

  /** Without a subcommand: print the help. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static int usageError(ParameterException ex) {
    CommandLine command = ex.getCommandLine();
    String message = firstLine(ex.getMessage());
    if (message.length() > 1 && Character.isLowerCase(message.charAt(1))) {
      message = Character.toLowerCase(message.charAt(0)) + message.substring(1); // "Missing..."
    }
    if (ex instanceof UnmatchedArgumentException unmatched) {
      List<String> unmatchedArgs = unmatched.getUnmatched();
      String arg = unmatchedArgs.isEmpty() ? "" : unmatchedArgs.get(0);
      String kind =
          arg.startsWith("-")
              ? "unknown option"
              : command.getSubcommands().isEmpty() ? "unexpected argument" : "unknown command";
      message = kind + ": '" + arg + "'";
      List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        message += ", did you mean '" + suggestions.get(0) + "'?";
      }
    }
    String name = command.getCommandSpec().qualifiedName();
    command.getErr().println("ferrite: " + message + " (see '" + name + " --help')");
    command.getErr().flush();
    return EXIT_USAGE;
  }

  /** One line describing {@code t}: its message, or its type if it has none. */
  static String describe(Throwable t) {
    String message = t.getMessage();
    return isBlank(message) ? t.getClass().getSimpleName() : firstLine(message);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  /** Reports the project version (from a resource filtered by Maven) and the running JVM. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "ferrite " + p.getProperty("version", "(unknown version)"),
        "JVM: " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), "
            + System.getProperty("os.name") + " " + System.getProperty("os.arch")
      };
    }
  }
}
