package dev.ferrite.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ferrite.scope.Policy;
import dev.ferrite.scope.Scope;
import dev.ferrite.scope.Task;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The memory consistency claims of {@code dev.ferrite.scope}: a task's plain writes are visible
 * to the owner once {@code join()} returns, and to any thread whose {@code Task} method saw the
 * task done. Each sample opens a scope and starts a thread, so these tests are slower per sample
 * than the channel tests.
 */
public final class ScopeVisibilityTest {
  private ScopeVisibilityTest() {}

  /** Recorded if jcstress ever interrupted an actor (it does not). */
  static final int INTERRUPTED = -2;

  static void record(Payload p, III_Result r) {
    if (p == null) {
      r.r1 = Payload.NONE;
      r.r2 = Payload.NONE;
      r.r3 = Payload.NONE;
    } else {
      r.r1 = p.a;
      r.r2 = p.b;
      r.r3 = p.c;
    }
  }

  /** The task writes a plain field of shared state; the owner reads it after join(). */
  @JCStressTest
  @Description("a task's plain writes are visible to the owner after join()")
  @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "every write visible")
  @Outcome(expect = FORBIDDEN, desc = "a write of the task not visible after join()")
  @State
  public static class AfterJoin {
    Payload shared; // plain: only the scope's synchronisation publishes it

    @Actor
    public void owner(III_Result r) {
      try (Scope<Object, List<Object>> scope = Scope.open()) {
        scope.spawn(() -> {
          shared = Payload.make();
          return null;
        });
        scope.join();
        record(shared, r);
      } catch (InterruptedException e) { // jcstress never interrupts; reported as forbidden
        Thread.currentThread().interrupt();
        r.r1 = INTERRUPTED;
      }
    }
  }

  /** Another thread that sees the task done through its handle sees the task's result whole. */
  @JCStressTest
  @Description("a task's result is whole for a thread that saw the task done")
  @Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "the task was not done yet")
  @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "done, every field visible")
  @Outcome(expect = FORBIDDEN, desc = "done, but a field of the result not visible")
  @State
  public static class ThroughTheHandle {
    volatile Task<Payload> task;

    @Actor
    public void owner() {
      try (Scope<Payload, List<Payload>> scope = Scope.open(Policy.failFast())) {
        task = scope.spawn(Payload::make);
        scope.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Actor
    public void reader(III_Result r) {
      Task<Payload> t = task;
      record(t != null && t.isDone() ? t.get() : null, r);
    }
  }
}
