package dev.ferrite.exec;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.Callable;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The claim protocol of {@link PoolJob} against a forced stop, on real hardware: a worker that
 * took a job races {@code WorkerPool.shutdown(grace)}, which cancels the job if it is still new
 * (and hands it back) and otherwise cancels it with an interrupt. The job must end up either
 * handed back or run, never both and never neither. Lives in the job's package because
 * {@code PoolJob} is not exported; the jar runs on the class path.
 *
 * <p>Run: {@code java -jar ferrite-jcstress/target/jcstress.jar -t PoolJobJcstress}
 */
public final class PoolJobJcstress {
  private PoolJobJcstress() {}

  private static final JobHost HOST = new JobHost() {
    @Override
    public void countExternal(PoolJob<?> job, int outcome) {}

    @Override
    public void countCancelled() {}
  };

  /** A worker's run against the stop's "cancel if new, else cancel and interrupt". */
  @JCStressTest
  @Description("claim vs forced stop: the job is handed back or run, exactly one of the two")
  @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "handed back, never run")
  @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "run (interrupted if the stop came first)")
  @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "lost: neither run nor handed back")
  @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "handed back and run")
  @State
  public static class ClaimVersusStop {
    int called;
    final PoolJob<Integer> job = new PoolJob<>(HOST, (Callable<Integer>) () -> {
      called = 1;
      return 1;
    }, PoolJob.CALL, null);

    @Actor
    public void worker() {
      job.runBy(Thread.currentThread());
      Thread.interrupted(); // a stop's interrupt lands inside runBy; do not leak it
    }

    @Actor
    public void stop(II_Result r) {
      if (job.cancelIfNew()) {
        r.r1 = 1;
      } else {
        job.cancel(true);
      }
    }

    @Arbiter
    public void arbiter(II_Result r) {
      r.r2 = called;
    }
  }
}
