package dev.ferrite.channel.blackbox;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The long soak of {@link ChannelStressTest}: more and larger runs. Excluded from the default
 * test run by its name; run it with
 * {@code ./mvnw -pl ferrite-core test -Dtest=ChannelStressIT -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dferrite.test.soakRuns=<n>} per flavour, default 1000).
 */
class ChannelStressIT {
  static final int RUNS = Integer.getInteger("ferrite.test.soakRuns", 1_000);

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void acceptedEqualsReceivedWhileProducersRaceAClose(Flavour f) {
    ChannelStressTest.runMany(f, RUNS, 4);
  }
}
