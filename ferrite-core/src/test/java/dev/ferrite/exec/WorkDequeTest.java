package dev.ferrite.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.test.Seeds;
import dev.ferrite.test.TestThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * White-box tests of the Chase-Lev {@link WorkDeque}: its sequential behaviour, growth, and a
 * seeded stress run on real threads checking that every pushed element is taken exactly once,
 * by the owner or by a thief.
 */
class WorkDequeTest {

  /** A fresh object per push. */
  record Item(int id) {}

  @Test
  void ownerIsLifoAndThievesAreFifo() {
    WorkDeque<Item> d = new WorkDeque<>(2);
    for (int i = 0; i < 5; i++) {
      assertThat(d.push(new Item(i))).isEqualTo(i == 0); // "was empty" only for the first
    }
    assertThat(d.size()).isEqualTo(5);
    assertThat(d.steal()).isEqualTo(new Item(0));
    assertThat(d.pop()).isEqualTo(new Item(4));
    assertThat(d.steal()).isEqualTo(new Item(1));
    assertThat(d.pop()).isEqualTo(new Item(3));
    assertThat(d.pop()).isEqualTo(new Item(2));
    assertThat(d.pop()).isNull();
    assertThat(d.steal()).isNull();
    assertThat(d.isEmpty()).isTrue();
    assertThat(d.trySteal(null)).isNull();
  }

  @Test
  void growsByDoublingAndKeepsOrderAcrossTheWrap() {
    WorkDeque<Item> d = new WorkDeque<>(4);
    assertThat(d.capacity()).isEqualTo(4);
    // Move the indices so that the live range wraps around the end of the array.
    for (int i = 0; i < 3; i++) {
      d.push(new Item(-1));
      assertThat(d.steal()).isEqualTo(new Item(-1));
    }
    for (int i = 0; i < 100; i++) {
      d.push(new Item(i));
    }
    assertThat(d.capacity()).isEqualTo(128);
    for (int i = 0; i < 50; i++) {
      assertThat(d.steal()).isEqualTo(new Item(i));
    }
    for (int i = 99; i >= 50; i--) {
      assertThat(d.pop()).isEqualTo(new Item(i));
    }
    assertThat(d.isEmpty()).isTrue();
  }

  @Test
  void capacityIsRoundedUpToAPowerOfTwo() {
    assertThat(new WorkDeque<Item>(1).capacity()).isEqualTo(2);
    assertThat(new WorkDeque<Item>(3).capacity()).isEqualTo(4);
    assertThat(new WorkDeque<Item>(64).capacity()).isEqualTo(64);
    assertThat(new WorkDeque<Item>(65).capacity()).isEqualTo(128);
    assertThat(new WorkDeque<Item>().capacity()).isEqualTo(WorkDeque.INITIAL_CAPACITY);
  }

  @Test
  void tagsTravelWithTheirElements() {
    WorkDeque<Item> d = new WorkDeque<>(2);
    for (int i = 0; i < 6; i++) {
      d.push(new Item(i), 100 + i); // crosses two resizes
    }
    int[] tag = new int[1];
    assertThat(d.steal(tag)).isEqualTo(new Item(0));
    assertThat(tag[0]).isEqualTo(100);
    assertThat(d.pop()).isEqualTo(new Item(5));
    assertThat(d.poppedTag()).isEqualTo(105);
    assertThat(d.steal(tag)).isEqualTo(new Item(1));
    assertThat(tag[0]).isEqualTo(101);
    d.push(new Item(9));
    assertThat(d.pop()).isEqualTo(new Item(9));
    assertThat(d.poppedTag()).isEqualTo(-1);
  }

  @Test
  void consumedSlotsAreClearedOnceTheOwnerFindsItsDequeEmpty() {
    WorkDeque<Item> d = new WorkDeque<>(4);
    for (int round = 0; round < 3; round++) {
      d.push(new Item(1));
      d.push(new Item(2));
      d.push(new Item(3));
      assertThat(d.steal()).isEqualTo(new Item(1));
      assertThat(d.steal()).isEqualTo(new Item(2));
      assertThat(d.pop()).isEqualTo(new Item(3));
      assertThat(d.slots()).as("stolen slots wait for the owner").isNotEqualTo(new Object[4]);
      assertThat(d.pop()).isNull();
      assertThat(d.slots()).containsOnlyNulls();
    }
    d.push(new Item(4));
    assertThat(d.steal()).isEqualTo(new Item(4));
    assertThat(d.pop()).isNull(); // the last element went to a thief
    assertThat(d.slots()).containsOnlyNulls();
  }

  /**
   * The owner pushes a stream of fresh elements in random bursts and pops in random bursts
   * (keeping the deque short, so that pops and steals race for the last element often, and
   * sometimes letting it grow, so that steals race with growth), while thieves steal. Every
   * element must be taken exactly once.
   */
  @Test
  void everyPushedElementIsTakenExactlyOnce() throws Exception {
    for (long seed : Seeds.seeds(6)) {
      Seeds.run(seed, WorkDequeTest::oneRun);
    }
  }

  private static void oneRun(SplittableRandom random) throws Exception {
    int total = 200_000;
    int thieves = 1 + random.nextInt(3);
    WorkDeque<Item> d = new WorkDeque<>(2);
    AtomicIntegerArray taken = new AtomicIntegerArray(total);
    AtomicBoolean ownerDone = new AtomicBoolean();
    long[] byOwner = new long[1];
    List<long[]> byThieves = new ArrayList<>();
    try (TestThreads threads = new TestThreads()) {
      for (int k = 0; k < thieves; k++) {
        long[] count = new long[1];
        byThieves.add(count);
        threads.start("thief-" + k, () -> {
          for (;;) {
            boolean last = ownerDone.get(); // read before stealing: then an empty steal is final
            Item i = d.steal();
            if (i != null) {
              taken.incrementAndGet(i.id());
              count[0]++;
            } else if (last) {
              return;
            } else {
              Thread.onSpinWait();
            }
          }
        });
      }
      SplittableRandom ownerRandom = random.split();
      threads.start("owner", () -> {
        int next = 0;
        while (next < total) {
          int pushes = 1 + ownerRandom.nextInt(ownerRandom.nextInt(8) == 0 ? 200 : 3);
          for (int p = 0; p < pushes && next < total; p++) {
            d.push(new Item(next++));
          }
          int pops = ownerRandom.nextInt(4);
          for (int p = 0; p < pops; p++) {
            Item i = d.pop();
            if (i == null) {
              break;
            }
            taken.incrementAndGet(i.id());
            byOwner[0]++;
          }
        }
        for (Item i; (i = d.pop()) != null; ) {
          taken.incrementAndGet(i.id());
          byOwner[0]++;
        }
        ownerDone.set(true);
      });
    }
    long stolen = byThieves.stream().mapToLong(c -> c[0]).sum();
    assertThat(byOwner[0] + stolen).as("taken in total").isEqualTo(total);
    for (int i = 0; i < total; i++) {
      if (taken.get(i) != 1) {
        throw new AssertionError("element " + i + " taken " + taken.get(i) + " times");
      }
    }
    assertThat(d.isEmpty()).isTrue();
  }
}
