package dev.ferrite.par;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * White-box: the combine of {@code sum} and {@code count} when halves were skipped after a stop.
 * Both skipped used to throw {@link NullPointerException} (a conditional expression unboxed the
 * null), which then hid the exception that stopped the evaluation.
 */
class SumOfPresentTest {

  @Test
  void skippedHalvesAreLeftOut() {
    assertThat(ParIter.sumOfPresent(null, null)).isNull();
    assertThat(ParIter.sumOfPresent(3L, null)).isEqualTo(3L);
    assertThat(ParIter.sumOfPresent(null, 4L)).isEqualTo(4L);
    assertThat(ParIter.sumOfPresent(3L, 4L)).isEqualTo(7L);
  }
}
