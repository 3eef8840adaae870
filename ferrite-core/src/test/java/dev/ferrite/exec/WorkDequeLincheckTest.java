package dev.ferrite.exec;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the Chase-Lev {@link WorkDeque} against a sequential deque ({@link Model}):
 * the owner pushes and pops at one end, thieves steal at the other.
 *
 * <p>The owner's operations form a Lincheck <i>non-parallel group</i> ({@code "owner"}), so
 * Lincheck never runs two of them at once, as the pool never does; steals run in parallel with
 * everything, from every thread. The deque starts with room for two elements, so the scenarios
 * cross the growth path (a thief reading the old array while the owner publishes the new one)
 * and the wrap-around of indices in the circular array. Each push stores a fresh object, as the
 * pool does (see the class comment of {@code WorkDeque} on pushing an object again).
 *
 * <p>The model checker explores interleavings under sequential consistency, so it checks the
 * algorithm, not its fences; {@code WorkDequeTest} (stress on real threads) and the jcstress tests
 * in {@code ferrite-jcstress} cover the memory orderings.
 */
class WorkDequeLincheckTest {
  /** As in the channel Lincheck tests: -Dferrite.lincheck.scale=N multiplies the scenarios. */
  private static final int SCALE = Integer.getInteger("ferrite.lincheck.scale", 1);
  private static final int MC_ITERATIONS = 10 * SCALE;
  private static final int MC_INVOCATIONS = 50;
  private static final int STRESS_ITERATIONS = 5 * SCALE;
  private static final int STRESS_INVOCATIONS = 300;

  /**
   * Small scenarios (one thief, few operations) make the critical race likely: the owner popping
   * the last element while a thief steals it.
   */
  @Test
  void modelCheckingSmall() {
    new ModelCheckingOptions()
        .threads(2)
        .actorsPerThread(2)
        .actorsBefore(1)
        .actorsAfter(1)
        .iterations(3 * MC_ITERATIONS)
        .invocationsPerIteration(MC_INVOCATIONS)
        .sequentialSpecification(Model.class)
        .check(Structure.class);
  }

  @Test
  void modelChecking() {
    new ModelCheckingOptions()
        .threads(3)
        .actorsPerThread(3)
        .actorsBefore(2)
        .actorsAfter(2)
        .iterations(MC_ITERATIONS)
        .invocationsPerIteration(MC_INVOCATIONS)
        .sequentialSpecification(Model.class)
        .check(Structure.class);
  }

  @Test
  void stress() {
    new StressOptions()
        .threads(3)
        .actorsPerThread(3)
        .actorsBefore(2)
        .actorsAfter(2)
        .iterations(STRESS_ITERATIONS)
        .invocationsPerIteration(STRESS_INVOCATIONS)
        .sequentialSpecification(Model.class)
        .check(Structure.class);
  }

  /** A fresh object per push, carrying the pushed value. */
  record Item(int value) {}

  /** The deque under test, starting at capacity 2. */
  public static class Structure {
    private final WorkDeque<Item> deque = new WorkDeque<>(2);

    @Operation(nonParallelGroup = "owner")
    public void push(@Param(gen = IntGen.class, conf = "1:9") int v) {
      deque.push(new Item(v));
    }

    @Operation(nonParallelGroup = "owner")
    public Integer pop() {
      Item i = deque.pop();
      return i == null ? null : i.value();
    }

    @Operation
    public Integer steal() {
      Item i = deque.steal();
      return i == null ? null : i.value();
    }
  }

  /** The sequential specification: push and pop at the back, steal at the front. */
  public static class Model {
    private final ArrayDeque<Integer> d = new ArrayDeque<>();

    public void push(int v) {
      d.addLast(v);
    }

    public Integer pop() {
      return d.pollLast();
    }

    public Integer steal() {
      return d.pollFirst();
    }
  }
}
