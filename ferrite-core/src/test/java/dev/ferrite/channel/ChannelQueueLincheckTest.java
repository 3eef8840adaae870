package dev.ferrite.channel;

import java.util.ArrayDeque;
import java.util.concurrent.BlockingQueue;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the {@link BlockingQueue} view's element operations, including removal from
 * the middle, against a sequential bounded FIFO queue ({@link Model}). Small values (1..3) make
 * equal elements common, so {@code remove(Object)} races with receivers over the same value.
 */
class ChannelQueueLincheckTest {
  /** Budget as in {@link ChannelLincheckTest}: small by default, scaled for longer hunts. */
  private static final int MC_ITERATIONS = 8 * ChannelLincheckTest.SCALE;
  private static final int MC_INVOCATIONS = 40;
  private static final int STRESS_ITERATIONS = 4 * ChannelLincheckTest.SCALE;
  private static final int STRESS_INVOCATIONS = 300;

  static ModelCheckingOptions modelChecking(Class<?> model) {
    return new ModelCheckingOptions()
        .threads(3)
        .actorsPerThread(2)
        .actorsBefore(2)
        .actorsAfter(1)
        .iterations(MC_ITERATIONS)
        .invocationsPerIteration(MC_INVOCATIONS)
        .sequentialSpecification(model);
  }

  static StressOptions stress(Class<?> model) {
    return new StressOptions()
        .threads(3)
        .actorsPerThread(2)
        .actorsBefore(2)
        .actorsAfter(1)
        .iterations(STRESS_ITERATIONS)
        .invocationsPerIteration(STRESS_INVOCATIONS)
        .sequentialSpecification(model);
  }

  @Test
  void boundedModelChecking() {
    modelChecking(Model.BoundedTwo.class).check(View.BoundedTwo.class);
  }

  @Test
  void boundedStress() {
    stress(Model.BoundedTwo.class).check(View.BoundedTwo.class);
  }

  @Test
  void unboundedModelChecking() {
    modelChecking(Model.Unbounded.class).check(View.Unbounded.class);
  }

  @Test
  void unboundedStress() {
    stress(Model.Unbounded.class).check(View.Unbounded.class);
  }

  /** The view of a real channel; one subclass per flavour. */
  public abstract static class View {
    private final BlockingQueue<Integer> q;

    View(Channel<Integer> ch) {
      q = ch.asBlockingQueue();
    }

    @Operation
    public boolean offer(@Param(gen = IntGen.class, conf = "1:3") int v) {
      return q.offer(v);
    }

    @Operation
    public Integer poll() {
      return q.poll();
    }

    @Operation
    public Integer peek() {
      return q.peek();
    }

    @Operation
    public boolean remove(@Param(gen = IntGen.class, conf = "1:3") int v) {
      return q.remove((Object) v);
    }

    @Operation
    public boolean contains(@Param(gen = IntGen.class, conf = "1:3") int v) {
      return q.contains(v);
    }

    @Operation
    public int size() {
      return q.size();
    }

    public static class BoundedTwo extends View {
      public BoundedTwo() {
        super(Channel.bounded(2));
      }
    }

    public static class Unbounded extends View {
      public Unbounded() {
        super(Channel.unbounded());
      }
    }
  }

  /** A sequential FIFO queue of bounded capacity. */
  public abstract static class Model {
    private final int capacity;
    private final ArrayDeque<Integer> q = new ArrayDeque<>();

    Model(int capacity) {
      this.capacity = capacity;
    }

    public boolean offer(int v) {
      return q.size() < capacity && q.offerLast(v);
    }

    public Integer poll() {
      return q.pollFirst();
    }

    public Integer peek() {
      return q.peekFirst();
    }

    public boolean remove(int v) {
      return q.removeFirstOccurrence(v);
    }

    public boolean contains(int v) {
      return q.contains(v);
    }

    public int size() {
      return q.size();
    }

    public static class BoundedTwo extends Model {
      public BoundedTwo() {
        super(2);
      }
    }

    public static class Unbounded extends Model {
      public Unbounded() {
        super(Integer.MAX_VALUE);
      }
    }
  }
}
