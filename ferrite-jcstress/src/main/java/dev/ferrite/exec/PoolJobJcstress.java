package dev.ferrite.exec;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.I_Result;

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

  /**
   * A worker's run against the stop's "cancel if new, else cancel and interrupt". Results: handed
   * back, task called, the worker saw an interrupt once {@code runBy} returned, the stop's
   * {@code cancel(true)} succeeded.
   */
  @JCStressTest
  @Description("claim vs forced stop: handed back or run, never both or neither; the interrupt "
      + "of a successful cancel lands before runBy returns")
  @Outcome(id = "1, 0, 0, 0", expect = ACCEPTABLE, desc = "handed back, never run")
  @Outcome(id = "0, 1, 0, 0", expect = ACCEPTABLE, desc = "run; the stop came after it")
  @Outcome(id = "0, 1, 1, 1", expect = ACCEPTABLE, desc = "run, cancelled and interrupted")
  @Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "lost: neither run nor handed back")
  @Outcome(id = "0, 1, 0, 1", expect = FORBIDDEN, desc = "cancelled while running, no interrupt")
  @Outcome(expect = FORBIDDEN, desc = "anything else")
  @State
  public static class ClaimVersusStop {
    int called;
    final PoolJob<Integer> job = new PoolJob<>(HOST, (Callable<Integer>) () -> {
      called = 1;
      return 1;
    }, PoolJob.CALL, null);

    @Actor
    public void worker(IIII_Result r) {
      job.runBy(Thread.currentThread());
      r.r3 = Thread.interrupted() ? 1 : 0; // a stop's interrupt must land inside runBy
    }

    @Actor
    public void stop(IIII_Result r) {
      if (job.cancelIfNew()) {
        r.r1 = 1;
      } else {
        r.r4 = job.cancel(true) ? 1 : 0;
      }
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
      r.r2 = called;
    }
  }

  /** A worker and a caller of {@link Job#run()} race for the same new job: it runs once. */
  @JCStressTest
  @Description("two runners: the task runs exactly once")
  @Outcome(id = "1", expect = ACCEPTABLE, desc = "ran once")
  @Outcome(expect = FORBIDDEN, desc = "ran twice, or never")
  @State
  public static class TwoRunners {
    final AtomicInteger calls = new AtomicInteger();
    final PoolJob<Integer> job = new PoolJob<>(HOST, (Callable<Integer>) calls::incrementAndGet,
        PoolJob.CALL, null);

    @Actor
    public void worker() {
      job.runBy(Thread.currentThread());
    }

    @Actor
    public void caller() {
      job.run();
    }

    @Arbiter
    public void arbiter(I_Result r) {
      r.r1 = calls.get();
    }
  }
}
