package dev.ferrite.exec;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The memory-ordering claims of the Chase-Lev {@link WorkDeque} (Le et al., PPoPP 2013), on real
 * hardware: the owner's fence in {@code pop} against the thief's fence in {@code steal} (the
 * last element goes to exactly one of them), and the release/acquire pair that publishes a pushed
 * task's contents to a thief. These live in the deque's package because the deque is not
 * exported; the jar runs on the class path.
 *
 * <p>Run: {@code java -jar ferrite-jcstress/target/jcstress.jar -t WorkDequeJcstress}
 */
public final class WorkDequeJcstress {
  private WorkDequeJcstress() {}

  /** A task whose fields are plain and written after construction. */
  static final class Task {
    int a;
    int b;
  }

  /** The owner pops while a thief steals the only element: exactly one of them gets it. */
  @JCStressTest
  @Description("pop vs steal of the last element: exactly one taker")
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the owner took it")
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the thief took it")
  @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "taken twice")
  @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "lost")
  @State
  public static class LastElement {
    final WorkDeque<Task> d = new WorkDeque<>(2);

    public LastElement() {
      d.push(new Task());
    }

    @Actor
    public void owner(II_Result r) {
      r.r1 = d.pop() != null ? 1 : 0;
    }

    @Actor
    public void thief(II_Result r) {
      r.r2 = d.steal() != null ? 1 : 0;
    }
  }

  /** Two elements, one pop and one steal: each takes a different one, LIFO and FIFO. */
  @JCStressTest
  @Description("pop vs steal with two elements: both succeed, at opposite ends")
  @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "owner newest, thief oldest")
  @Outcome(expect = FORBIDDEN, desc = "lost, duplicated or out of order")
  @State
  public static class TwoElements {
    final WorkDeque<Task> d = new WorkDeque<>(2);

    public TwoElements() {
      Task one = new Task();
      one.a = 1;
      Task two = new Task();
      two.a = 2;
      d.push(one);
      d.push(two);
    }

    @Actor
    public void owner(II_Result r) {
      Task t = d.pop();
      r.r1 = t == null ? 0 : t.a;
    }

    @Actor
    public void thief(II_Result r) {
      Task t = d.steal();
      r.r2 = t == null ? 0 : t.a;
    }
  }

  /**
   * A thief that steals a task the owner just pushed sees everything the owner wrote into it
   * before pushing (the release store of bottom, read with acquire), and the growth of the
   * array does not hide it.
   */
  @JCStressTest
  @Description("push publishes the task's fields to the thief, across a resize")
  @Outcome(id = "-1", expect = ACCEPTABLE, desc = "nothing to steal yet")
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "the first task, fully visible")
  @Outcome(expect = FORBIDDEN, desc = "a task with fields not yet visible, or a wrong task")
  @State
  public static class Publication {
    final WorkDeque<Task> d = new WorkDeque<>(2);

    @Actor
    public void owner() {
      for (int i = 1; i <= 3; i++) { // the third push grows the array
        Task t = new Task();
        t.a = i;
        t.b = i;
        d.push(t);
      }
    }

    @Actor
    public void thief(I_Result r) {
      Task t = d.steal();
      r.r1 = t == null ? -1 : (t.a == t.b ? t.a : -9);
    }
  }
}
