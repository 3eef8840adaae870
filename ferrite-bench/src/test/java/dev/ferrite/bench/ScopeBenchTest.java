package dev.ferrite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the adapters of {@link ScopeBench} without JMH: every implementation runs k tasks and
 * returns the sum of their results; the JDK's scope either works (with --enable-preview) or
 * refuses with a message saying how to enable it; the cancellation rig stops every sibling.
 */
// Hang guard only: the whole class takes well under a second.
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ScopeBenchTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "ferrite", "virtualThread", "virtualThreadPerTaskExecutor", "platformThread"})
  void everyRunnerRunsEveryTaskOnce(String impl) throws Exception {
    ScopeBench.Runner runner = ScopeBench.runner(impl);
    for (int k : new int[] {1, 10, 100}) {
      assertThat(runner.run(k)).as("%s, k=%d", impl, k).isEqualTo(k);
    }
  }

  @Test
  void theJdkScopeRunsOrSaysHowToEnableIt() throws Exception {
    if (JdkScope.unavailable() == null) {
      assertThat(ScopeBench.runner("structuredTaskScope").run(10)).isEqualTo(10);
    } else {
      assertThatThrownBy(() -> ScopeBench.runner("structuredTaskScope"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("--enable-preview");
    }
  }

  @Test
  void unknownImplementationsAreRejected() {
    assertThatThrownBy(() -> ScopeBench.runner("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown impl");
  }

  @Test
  void theCancellationRigStopsEverySibling() throws Exception {
    for (int round = 0; round < 5; round++) {
      ScopeBench.CancelRig rig = new ScopeBench.CancelRig(10);
      assertThat(rig.fail()).isTrue();
      rig.close(); // harmless after fail()
    }
  }
}
