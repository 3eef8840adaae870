package dev.ferrite.channel.blackbox;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The long soak of {@link ChannelStressTest}: more and larger runs (about two minutes here).
 * Excluded from the default test run by its name, and enabled only by {@code ferrite.test.soak}
 * so that a broad {@code -Dtest=dev.ferrite.channel.**} does not start it by accident:
 * {@code ./mvnw -pl ferrite-core test -Dtest=ChannelStressIT -Dferrite.test.soak=true
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dferrite.test.soakRuns=<n>} runs per flavour,
 * default 1000; {@code -Dferrite.test.seed=<seed>} repeats one run).
 */
@EnabledIfSystemProperty(named = "ferrite.test.soak", matches = "true")
class ChannelStressIT {
  static final int RUNS = Integer.getInteger("ferrite.test.soakRuns", 1_000);

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void acceptedEqualsReceivedWhileProducersRaceAClose(Flavour f) {
    ChannelStressTest.runMany(f, RUNS, 4);
  }
}
