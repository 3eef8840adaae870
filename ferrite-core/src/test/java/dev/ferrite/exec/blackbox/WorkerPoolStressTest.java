package dev.ferrite.exec.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.exec.Job;
import dev.ferrite.exec.Rejected;
import dev.ferrite.exec.Saturated;
import dev.ferrite.exec.Submitted;
import dev.ferrite.exec.WorkerPool;
import dev.ferrite.test.Seeds;
import dev.ferrite.test.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/**
 * Seeded runs of several submitters racing a close of the pool. Each run picks the pool's shape
 * (workers, intake capacity including rendezvous, platform or virtual threads), how submitters
 * hand over each task ({@code submit}, {@code execute}, {@code trySubmit}), which tasks fail,
 * when the close happens and how ({@code closeIntake}, {@code shutdownNow},
 * {@code shutdown(grace)}). Then, once the pool has terminated:
 * <ul>
 *   <li>every accepted task ran exactly once, or (after a forced stop) was handed back as
 *       never started, never both;
 *   <li>every task not accepted was reported as rejected or saturated, and never ran;
 *   <li>no task whose submission began after the close returned was accepted;
 *   <li>every handle is done, and {@code completed + failed + cancelled == accepted}; without a
 *       forced stop nothing is cancelled and the failure handler heard every failure.
 * </ul>
 * A failing run names its seed; {@code -Dferrite.test.seed=<seed>} repeats its choices.
 */
class WorkerPoolStressTest {
  /** Runs per test; {@code -Dferrite.test.stressRuns=N} soaks longer. */
  private static final int RUNS = Integer.getInteger("ferrite.test.stressRuns", 60);

  private static final int ACCEPTED = 1;
  private static final int REJECTED = 2;
  private static final int SATURATED = 3;

  private enum Ending { CLOSE_INTAKE, SHUTDOWN_NOW, SHUTDOWN_GRACE }

  /** A task that counts its runs and may fail on purpose. */
  private record Task(int id, boolean fails, AtomicIntegerArray runs)
      implements Runnable, Callable<Integer> {
    @Override
    public void run() {
      runs.incrementAndGet(id);
      if (fails) {
        throw new IllegalStateException("planned failure of task " + id);
      }
    }

    @Override
    public Integer call() {
      run();
      return id;
    }
  }

  @Test
  void acceptedJobsRunExactlyOnceWhileSubmittersRaceTheClose() {
    for (long seed : Seeds.seeds(RUNS)) {
      Seeds.run(seed, WorkerPoolStressTest::oneRun);
    }
  }

  private static void oneRun(SplittableRandom rnd) throws Exception {
    int workers = 1 + rnd.nextInt(3);
    int capacity = new int[] {0, 1, 4, 64}[rnd.nextInt(4)];
    boolean virtual = rnd.nextBoolean();
    int submitters = 2 + rnd.nextInt(3);
    int perSubmitter = 50 + rnd.nextInt(250);
    Ending ending = Ending.values()[rnd.nextInt(Ending.values().length)];
    int total = submitters * perSubmitter;
    int closeAfter = rnd.nextInt(total + 1);
    String shape = "workers=" + workers + " capacity=" + capacity + " virtual=" + virtual
        + " submitters=" + submitters + "x" + perSubmitter + " ending=" + ending
        + " closeAfter=" + closeAfter;

    AtomicIntegerArray runs = new AtomicIntegerArray(total);
    AtomicIntegerArray outcome = new AtomicIntegerArray(total);
    AtomicIntegerArray startedAfterClose = new AtomicIntegerArray(total);
    AtomicReferenceArray<Job<?>> jobs = new AtomicReferenceArray<>(total);
    AtomicInteger attempts = new AtomicInteger();
    AtomicBoolean closed = new AtomicBoolean();
    AtomicInteger heardFailures = new AtomicInteger();
    List<Object> handedBack = new ArrayList<>();
    boolean[] fails = new boolean[total];
    for (int i = 0; i < total; i++) {
      fails[i] = rnd.nextInt(8) == 0;
    }

    WorkerPool pool = WorkerPool.builder().workers(workers).queueCapacity(capacity)
        .virtualThreads(virtual).name("stress")
        .onFailure((job, failure) -> heardFailures.incrementAndGet()).build();
    try (TestThreads threads = new TestThreads()) {
      CountDownLatch go = new CountDownLatch(1);
      for (int s = 0; s < submitters; s++) {
        int first = s * perSubmitter;
        long subSeed = rnd.nextLong();
        threads.start(virtual, "submitter-" + s, () -> {
          SplittableRandom r = new SplittableRandom(subSeed);
          go.await();
          for (int id = first; id < first + perSubmitter; id++) {
            Task task = new Task(id, fails[id], runs);
            if (closed.get()) {
              startedAfterClose.set(id, 1);
            }
            switch (r.nextInt(3)) {
              case 0 -> {
                try {
                  jobs.set(id, pool.submit((Callable<Integer>) task));
                  outcome.set(id, ACCEPTED);
                } catch (RejectedExecutionException e) {
                  outcome.set(id, REJECTED);
                }
              }
              case 1 -> {
                try {
                  pool.execute(task);
                  outcome.set(id, ACCEPTED);
                } catch (RejectedExecutionException e) {
                  outcome.set(id, REJECTED);
                }
              }
              default -> {
                switch (pool.trySubmit((Callable<Integer>) task)) {
                  case Submitted<Integer>(Job<Integer> job) -> {
                    jobs.set(id, job);
                    outcome.set(id, ACCEPTED);
                  }
                  case Saturated<Integer> sat -> outcome.set(id, SATURATED);
                  case Rejected<Integer> rej -> outcome.set(id, REJECTED);
                }
              }
            }
            attempts.incrementAndGet();
          }
        });
      }
      Duration grace = rnd.nextBoolean() ? Duration.ZERO : Duration.ofNanos(rnd.nextInt(200_000));
      threads.start("closer", () -> {
        go.await();
        while (attempts.get() < closeAfter) {
          Thread.yield();
        }
        switch (ending) {
          case CLOSE_INTAKE -> pool.closeIntake();
          case SHUTDOWN_NOW -> {
            for (Runnable r : pool.shutdownNow()) {
              handedBack.add(r instanceof Job<?> j ? j.task() : r);
            }
          }
          case SHUTDOWN_GRACE -> handedBack.addAll(pool.shutdown(grace).abandonedTasks());
        }
        closed.set(true);
      });
      go.countDown();
    }
    pool.join();

    int[] handedBackCount = new int[total];
    for (Object o : handedBack) {
      handedBackCount[((Task) o).id()]++;
    }
    long accepted = 0;
    long acceptedFailingRuns = 0;
    for (int id = 0; id < total; id++) {
      String what = "task " + id + " (" + shape + ")";
      int o = outcome.get(id);
      assertThat(o).as(what + " outcome").isIn(ACCEPTED, REJECTED, SATURATED);
      assertThat(handedBackCount[id]).as(what + " handed back").isLessThanOrEqualTo(1);
      if (o == ACCEPTED) {
        accepted++;
        assertThat(runs.get(id) + handedBackCount[id]).as(what + " runs + handed back")
            .isEqualTo(1);
        assertThat(startedAfterClose.get(id)).as(what + " accepted after the close returned")
            .isZero();
        if (fails[id] && runs.get(id) == 1) {
          acceptedFailingRuns++;
        }
      } else {
        assertThat(runs.get(id)).as(what + " not accepted but ran").isZero();
        assertThat(handedBackCount[id]).as(what + " not accepted but handed back").isZero();
      }
      Job<?> job = jobs.get(id);
      if (job != null) {
        assertThat(job.isDone()).as(what + " job done").isTrue();
        if (handedBackCount[id] == 1) {
          assertThat(job.state()).as(what + " abandoned job").isEqualTo(Future.State.CANCELLED);
        } else if (ending == Ending.CLOSE_INTAKE) {
          assertThat(job.state()).as(what + " job state")
              .isEqualTo(fails[id] ? Future.State.FAILED : Future.State.SUCCESS);
        }
      }
    }
    assertThat(pool.completedCount() + pool.failedCount() + pool.cancelledCount())
        .as("completed + failed + cancelled (" + shape + ")").isEqualTo(accepted);
    assertThat((long) heardFailures.get()).as("failures heard (" + shape + ")")
        .isEqualTo(pool.failedCount());
    if (ending == Ending.CLOSE_INTAKE) {
      assertThat(handedBack).isEmpty();
      assertThat(pool.cancelledCount()).as("cancelled (" + shape + ")").isZero();
      assertThat(pool.failedCount()).as("failed (" + shape + ")").isEqualTo(acceptedFailingRuns);
    }
  }
}
