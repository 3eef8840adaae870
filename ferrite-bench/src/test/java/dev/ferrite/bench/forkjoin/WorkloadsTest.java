package dev.ferrite.bench.forkjoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the {@code ForkJoinBench} workloads without JMH: every implementation computes the same
 * answers, and the UTS trees have their published sizes (so the SHA-1 generator and the branching
 * rules match the reference code).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // hang guard only
class WorkloadsTest {

  @Test
  void utsTreesHaveThePublishedSizes() {
    Workloads.Sequential seq = new Workloads.Sequential();
    assertThat(seq.uts(Uts.T1)).isEqualTo(Uts.T1.expectedNodes).isEqualTo(4_130_071L);
    assertThat(seq.uts(Uts.T3)).isEqualTo(Uts.T3.expectedNodes).isEqualTo(4_112_897L);
  }

  @Test
  void sha1MatchesTheJdk() throws Exception {
    // SHA-1("abc") from FIPS 180-1: A9993E36 4706816A BA3E2571 7850C26C 9CD0D89D
    int abc = ('a' << 24) | ('b' << 16) | ('c' << 8) | 0x80;
    Uts.Node d = Sha1.block(abc, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 24, 0);
    assertThat(new int[] {d.h0(), d.h1(), d.h2(), d.h3(), d.h4()})
        .containsExactly(0xA9993E36, 0x4706816A, 0xBA3E2571, 0x7850C26C, 0x9CD0D89D);
    byte[] msg = new byte[24];
    msg[19] = 7;
    msg[23] = 3;
    byte[] jdk = java.security.MessageDigest.getInstance("SHA-1").digest(msg);
    Uts.Node ours = Uts.geometric(4, 3, 7).child(new Uts.Node(0, 0, 0, 0, 7, 0), 3);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(jdk);
    assertThat(new int[] {ours.h0(), ours.h1(), ours.h2(), ours.h3(), ours.h4()})
        .containsExactly(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ferrite", "ForkJoinPool", "sequential"})
  void everyImplementationComputesTheSameAnswers(String impl) {
    try (Workloads w = Workloads.of(impl, 2)) {
      assertThat(w.fib(20)).isEqualTo(6765);
      assertThat(w.nqueens(8)).isEqualTo(92);
      assertThat(w.nqueens(10)).isEqualTo(724);
      Uts small = Uts.geometric(4, 6, 19);
      assertThat(w.uts(small)).isEqualTo(new Workloads.Sequential().uts(small));
    }
  }

  @Test
  void nqueens12Has14200Solutions() {
    assertThat(new Workloads.Sequential().nqueens(12)).isEqualTo(14_200);
  }

  @Test
  void unknownImplementationsAreRefused() {
    assertThatThrownBy(() -> Workloads.of("nope", 2)).isInstanceOf(IllegalArgumentException.class);
  }
}
