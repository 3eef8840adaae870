package dev.ferrite.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutsTest {

  @Test
  void scaleIsParsedAndValidated() {
    assertThat(Timeouts.parseScale(null)).isEqualTo(1.0);
    assertThat(Timeouts.parseScale(" 2.5 ")).isEqualTo(2.5);
    assertThatThrownBy(() -> Timeouts.parseScale("0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Timeouts.parseScale("x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void guardsFollowTheScale() {
    assertThat(Timeouts.LONG).isEqualTo(Timeouts.scaled(Duration.ofSeconds(20)));
    assertThat(Timeouts.SHORT).isLessThan(Timeouts.LONG);
    assertThat(System.getProperty(Timeouts.SCALE_PROPERTY))
        .as("surefire's argLine passes the scale").isNotNull();
  }
}
