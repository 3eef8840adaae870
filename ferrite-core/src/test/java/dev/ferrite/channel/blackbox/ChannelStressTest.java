package dev.ferrite.channel.blackbox;

import dev.ferrite.test.Seeds;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded stress: producers racing a close while consumers drain to the end (see {@link
 * StressRun}), many short runs per flavour. A failure names its seed; repeat it with
 * {@code -Dferrite.test.seed=<seed>}. {@code -Dferrite.test.stressRuns=<n>} changes the number of
 * runs; {@link ChannelStressIT} is the long soak.
 */
class ChannelStressTest {
  static final int RUNS = Integer.getInteger("ferrite.test.stressRuns", 100);

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void acceptedEqualsReceivedWhileProducersRaceAClose(Flavour f) {
    runMany(f, RUNS, 1);
  }

  static void runMany(Flavour f, int runs, int scale) {
    long start = System.nanoTime();
    long[] seeds = Seeds.seeds(runs);
    long messages = 0;
    for (long seed : seeds) {
      int[] got = new int[1];
      Seeds.run(seed, random -> got[0] = new StressRun(f, random, scale).execute());
      messages += got[0];
    }
    System.out.printf("stress %s: %d runs, %,d messages in %d ms%n",
        f, seeds.length, messages, (System.nanoTime() - start) / 1_000_000);
  }
}
