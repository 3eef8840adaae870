package dev.ferrite.scope;

import org.jetbrains.lincheck.datastructures.BooleanGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of a task's outcome race, checked by Lincheck: the task's runner publishing
 * its result or failure ({@code finish}, once) against cancellation from any thread, with readers
 * of the state and of the outcome in between. The sequential model is a task whose first decision
 * wins: a finish after a cancel is dropped, a cancel after a finish does nothing, and the task is
 * done only once its runner has stopped.
 *
 * <p>The scope-level decisions (fail-fast, first success, a racing {@code cancel()}) are not
 * atomic with a task's own outcome by design: a task's outcome is visible before the policy has
 * cancelled its siblings, and a sibling may still succeed in between. Lincheck's atomic models
 * cannot express that, so {@link ScopeStressTest} checks those races by their invariants instead.
 */
class ScopeTaskLincheckTest {
  // Run in every ./mvnw verify (a few seconds); -Dferrite.lincheck.scale=N multiplies the
  // scenarios. The model is tiny, so the default budget is larger than the channels': with it,
  // model checking catches a check-then-set in place of the outcome CAS (stress, often).
  private static final int SCALE = Integer.getInteger("ferrite.lincheck.scale", 1);

  static final String RUNNING = "running";
  static final String CANCELLED = "cancelled, stopping";
  static final String DONE_SUCCESS = "success";
  static final String DONE_FAILED = "failed";
  static final String DONE_CANCELLED = "cancelled";

  private static <O extends Options<O, ?>> O shape(O options) {
    return options
        .threads(3)
        .actorsPerThread(2)
        .actorsBefore(0)
        .actorsAfter(1)
        .sequentialSpecification(Model.class);
  }

  @Test
  void modelChecking() {
    shape(new ModelCheckingOptions())
        .iterations(15 * SCALE)
        .invocationsPerIteration(60)
        .check(OneTask.class);
  }

  @Test
  void stress() {
    shape(new StressOptions())
        .iterations(8 * SCALE)
        .invocationsPerIteration(500)
        .check(OneTask.class);
  }

  /** One running task of a collect-all scope (no policy reaction), driven by hand. */
  @Param(name = "ok", gen = BooleanGen.class)
  public static class OneTask {
    private static final Exception FAILURE = new Exception("failed");
    private final ScopeTask<String> task;

    public OneTask() {
      Scope<String, ?> scope = Scope.unregistered(Policy.<String>collectAll());
      task = new ScopeTask<>(scope, () -> "unused", 0);
      task.thread = new Thread(() -> {}); // never started: cancel() interrupts it harmlessly
      scope.adopt(task);
      if (!task.claim()) {
        throw new AssertionError("a new task must be claimable");
      }
    }

    /** The runner publishing its outcome; it runs once, as a task's runner does. */
    @Operation(nonParallelGroup = "runner", runOnce = true)
    public boolean finish(@Param(name = "ok") boolean ok) {
      return task.finish(ok ? "value" : FAILURE, ok ? ScopeTask.SUCCESS : ScopeTask.FAILED);
    }

    @Operation
    public boolean cancel() {
      return task.cancel();
    }

    @Operation
    public String state() {
      return describe(task);
    }

    @Operation
    public String outcome() {
      if (!task.isDone()) {
        return "not done";
      }
      return switch (task.outcome()) {
        case Success<String>(String v) -> v;
        case Failure<String>(Throwable e) -> e.getMessage();
        case Cancelled<String> c -> "cancelled";
      };
    }

    static String describe(ScopeTask<?> t) {
      boolean done = t.isDone();
      return switch (t.decided()) {
        case ScopeTask.RUNNING -> RUNNING;
        case ScopeTask.SUCCESS -> DONE_SUCCESS;
        case ScopeTask.FAILED -> DONE_FAILED;
        default -> done ? DONE_CANCELLED : CANCELLED;
      };
    }
  }

  /** The sequential task: the first decision wins. */
  public static class Model {
    private String state = RUNNING;

    public boolean finish(boolean ok) {
      if (state.equals(RUNNING)) {
        state = ok ? DONE_SUCCESS : DONE_FAILED;
        return true;
      }
      state = DONE_CANCELLED; // the runner stops: the cancelled task is done
      return false;
    }

    public boolean cancel() {
      if (state.equals(RUNNING)) {
        state = CANCELLED;
        return true;
      }
      return false;
    }

    public String state() {
      return state;
    }

    public String outcome() {
      return switch (state) {
        case DONE_SUCCESS -> "value";
        case DONE_FAILED -> "failed";
        case DONE_CANCELLED -> "cancelled";
        default -> "not done";
      };
    }
  }
}
