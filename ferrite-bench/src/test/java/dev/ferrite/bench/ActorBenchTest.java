package dev.ferrite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the rigs of {@link ActorBench} and the {@link ActorMemory} measurement without JMH:
 * every workload completes for every implementation.
 */
// Hang guard only: the whole class takes a few seconds.
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ActorBenchTest {

  @ParameterizedTest
  @ValueSource(strings = {"ferrite", "ferrite-unbounded", "pekko"})
  void everyWorkloadCompletes(String impl) throws Exception {
    try (ActorRigs.Rig rig =
        ActorRigs.rig(impl, new ActorRigs.Shape(2, 5, 2, 1_000, 4, 1_000))) {
      for (int round = 0; round < 3; round++) {
        rig.pingPong();
        rig.fanIn();
        assertThat(rig.ask()).isEqualTo(1);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ferrite", "pekko"})
  void theMemoryMeasurementRuns(String impl) throws Exception {
    assertThat(ActorMemory.measure(impl, 10_000)).isPositive();
  }
}
