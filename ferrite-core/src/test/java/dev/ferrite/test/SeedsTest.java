package dev.ferrite.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedsTest {

  @Test
  void aFailureNamesItsSeedAndHowToRepeatIt() {
    assertThatThrownBy(() -> Seeds.run(42L, r -> {
      throw new IllegalStateException("broken");
    }))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("seed 42")
        .hasMessageContaining("-Dferrite.test.seed=42")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSeedRepeatsTheRandomChoices() {
    List<Long> first = new ArrayList<>();
    List<Long> second = new ArrayList<>();
    Seeds.run(7L, r -> first.add(r.nextLong()));
    Seeds.run(7L, r -> second.add(r.nextLong()));
    assertThat(first).isEqualTo(second);
  }

  @Test
  void thePropertyFixesTheSeed() {
    String old = System.getProperty(Seeds.PROPERTY);
    try {
      System.setProperty(Seeds.PROPERTY, "0xff");
      assertThat(Seeds.seeds(50)).containsExactly(255L);
      System.setProperty(Seeds.PROPERTY, "-3");
      assertThat(Seeds.seed()).isEqualTo(-3L);
      System.clearProperty(Seeds.PROPERTY);
      assertThat(Seeds.seeds(50)).hasSize(50).doesNotHaveDuplicates();
    } finally {
      if (old == null) {
        System.clearProperty(Seeds.PROPERTY);
      } else {
        System.setProperty(Seeds.PROPERTY, old);
      }
    }
  }
}
