package dev.ferrite.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrequencySketchTest {
  @Test
  void countsSaturateAtFifteen() {
    FrequencySketch s = new FrequencySketch();
    s.ensureCapacity(512);
    int h = FrequencySketch.spread(42);
    assertThat(s.frequency(h)).isZero();
    for (int i = 1; i <= 20; i++) {
      s.increment(h);
      assertThat(s.frequency(h)).isEqualTo(Math.min(i, 15));
    }
  }

  @Test
  void estimatesNeverUndercountBeforeAReset() {
    FrequencySketch s = new FrequencySketch();
    s.ensureCapacity(1024);
    for (int k = 0; k < 500; k++) {
      for (int i = 0; i < k % 7; i++) {
        s.increment(FrequencySketch.spread(k));
      }
    }
    for (int k = 0; k < 500; k++) {
      assertThat(s.frequency(FrequencySketch.spread(k))).isGreaterThanOrEqualTo(k % 7);
    }
  }

  @Test
  void periodicHalvingAgesTheHistory() {
    FrequencySketch s = new FrequencySketch();
    s.ensureCapacity(16); // sample size 160 additions
    int hot = FrequencySketch.spread(7);
    for (int i = 0; i < 15; i++) {
      s.increment(hot);
    }
    assertThat(s.frequency(hot)).isEqualTo(15);
    for (int k = 1_000; k < 1_400; k++) { // enough distinct additions to trigger a reset
      s.increment(FrequencySketch.spread(k));
    }
    assertThat(s.frequency(hot)).isLessThanOrEqualTo(8);
  }

  @Test
  void emptySketchKnowsNothing() {
    FrequencySketch s = new FrequencySketch();
    s.increment(1);
    assertThat(s.frequency(1)).isZero();
  }
}
