package dev.ferrite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checks both {@link JdbcPoolBench} pools against an in-memory H2 database (no server, no JMH). */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JdbcPoolBenchTest {
  @ParameterizedTest
  @ValueSource(strings = {"ferrite", "hikaricp"})
  void selectOneThroughEachPool(String impl) throws Exception {
    JdbcPoolBench bench = new JdbcPoolBench();
    bench.open(impl, "jdbc:h2:mem:b" + UUID.randomUUID().toString().replace("-", ""), 2);
    try {
      for (int i = 0; i < 10; i++) {
        assertThat(bench.selectOne()).isEqualTo(1);
      }
    } finally {
      bench.tearDown();
    }
  }

  @Test
  void unknownImplIsRejected() {
    assertThatThrownBy(() -> new JdbcPoolBench().open("nope", "jdbc:h2:mem:x", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
