package dev.ferrite.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadBufferTest {
  @Test
  void aRingReportsFullOnItsLastSlotAndThenDropsReads() {
    ReadBuffer<Integer, Integer> buffer = new ReadBuffer<>();
    List<Node<Integer, Integer>> offered = new ArrayList<>();
    for (int i = 0; i < ReadBuffer.STRIPE_SIZE - 1; i++) {
      Node<Integer, Integer> n = new Node<>(i, i, 1, 0L);
      offered.add(n);
      assertThat(buffer.offer(n, false)).isEqualTo(ReadBuffer.SUCCESS);
    }
    Node<Integer, Integer> last = new Node<>(99, 99, 1, 0L);
    offered.add(last);
    assertThat(buffer.offer(last, false)).isEqualTo(ReadBuffer.FULL);
    assertThat(buffer.offer(new Node<>(100, 100, 1, 0L), false)).isEqualTo(ReadBuffer.FULL);

    List<Node<Integer, Integer>> replayed = new ArrayList<>();
    assertThat(buffer.drainTo(replayed::add)).as("stripes that held reads").isEqualTo(1);
    assertThat(replayed).containsExactlyElementsOf(offered);

    replayed.clear();
    assertThat(buffer.drainTo(replayed::add)).isZero();
    assertThat(replayed).isEmpty();
    assertThat(buffer.offer(last, false)).isEqualTo(ReadBuffer.SUCCESS);
  }

  @Test
  void aPatientReaderReportsAFullRingOncePerPatienceDroppedReads() {
    ReadBuffer<Integer, Integer> buffer = new ReadBuffer<>();
    Node<Integer, Integer> n = new Node<>(1, 1, 1, 0L);
    for (int i = 0; i < ReadBuffer.STRIPE_SIZE - 1; i++) {
      assertThat(buffer.offer(n, true)).isEqualTo(ReadBuffer.SUCCESS);
    }
    for (int round = 0; round < 2; round++) {
      for (int i = 1; i < ReadBuffer.PATIENCE; i++) {
        assertThat(buffer.offer(n, true)).as("round %d, drop %d", round, i)
            .isEqualTo(ReadBuffer.DEFERRED);
      }
      assertThat(buffer.offer(n, true)).as("round %d", round).isEqualTo(ReadBuffer.FULL);
    }
    assertThat(buffer.offer(n, false)).as("an impatient reader").isEqualTo(ReadBuffer.FULL);
    List<Node<Integer, Integer>> replayed = new ArrayList<>();
    buffer.drainTo(replayed::add);
    assertThat(replayed).hasSize(ReadBuffer.STRIPE_SIZE);
  }
}
