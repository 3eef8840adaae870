package dev.ferrite.test;

import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seeds for randomized tests, so that every failing run can be repeated.
 *
 * <p>A randomized test draws its runs' seeds from {@link #seeds(int)} and runs each through
 * {@link #run(long, SeededTask)}, which puts the seed and the command line that repeats the run
 * into the failure message:
 *
 * <pre>{@code
 * for (long seed : Seeds.seeds(100)) {
 *   Seeds.run(seed, random -> oneRandomRun(random));
 * }
 * }</pre>
 *
 * Setting the system property {@value #PROPERTY} (decimal, or hexadecimal with {@code 0x}) makes
 * {@link #seeds(int)} return that one seed, so the failing run is the only one:
 * {@code ./mvnw -pl ferrite-core test -Dtest=ChannelStressTest -Dferrite.test.seed=123}
 * (surefire passes {@code -D} properties of the Maven command line to the tests).
 * Randomness inside a run must come only from the {@link SplittableRandom} handed to the task
 * (split it per thread); thread scheduling still varies, so a seed repeats the choices of a
 * run, not its interleaving.
 */
public final class Seeds {
  /** The system property that fixes the seed. */
  public static final String PROPERTY = "ferrite.test.seed";

  private Seeds() {}

  /** A test body that takes its randomness from one seed. */
  @FunctionalInterface
  public interface SeededTask {
    /** Runs once with a random generator made from the run's seed. */
    void run(SplittableRandom random) throws Throwable;
  }

  /** {@return the seed fixed by {@value #PROPERTY}, if any} */
  public static OptionalLong fixed() {
    String s = System.getProperty(PROPERTY);
    if (s == null || s.isBlank()) {
      return OptionalLong.empty();
    }
    s = s.trim();
    try {
      return OptionalLong.of(s.startsWith("0x") || s.startsWith("0X")
          ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PROPERTY + " is not a number: " + s, e);
    }
  }

  /** {@return the fixed seed if {@value #PROPERTY} is set, else a fresh random one} */
  public static long seed() {
    return fixed().orElseGet(() -> ThreadLocalRandom.current().nextLong());
  }

  /**
   * {@return the seeds of {@code runs} runs: the fixed seed alone if {@value #PROPERTY} is set,
   * else {@code runs} random seeds}
   */
  public static long[] seeds(int runs) {
    OptionalLong fixed = fixed();
    if (fixed.isPresent()) {
      return new long[] {fixed.getAsLong()};
    }
    SplittableRandom base = new SplittableRandom(ThreadLocalRandom.current().nextLong());
    return base.longs(runs).toArray();
  }

  /** {@return the text that tells how to repeat a run with {@code seed}} */
  public static String reproduce(long seed) {
    return "seed " + seed + " (repeat with -D" + PROPERTY + "=" + seed + ")";
  }

  /**
   * Runs {@code task} with a generator seeded by {@code seed}; any failure is rethrown as an
   * {@link AssertionError} whose message starts with the seed, with the original as its cause.
   */
  public static void run(long seed, SeededTask task) {
    try {
      task.run(new SplittableRandom(seed));
    } catch (Throwable t) {
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new AssertionError("failed with " + reproduce(seed) + ": " + t, t);
    }
  }
}
