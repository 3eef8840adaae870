package dev.ferrite.cli.tour;

import dev.ferrite.exec.WorkerPool;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The article's {@code worker_pool}: a fixed set of workers pull jobs from one channel; closing
 * the intake lets them drain it and exit, and the caller joins them.
 */
final class WorkerPoolSection implements TourSection {
  static final int WORKERS = 4;
  static final int JOBS = 20;
  static final long JOB_MILLIS = 20;

  @Override
  public String name() {
    return "worker-pool";
  }

  @Override
  public String title() {
    return WORKERS + " workers drain " + JOBS + " jobs from one channel";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    Set<String> workersSeen = ConcurrentHashMap.newKeySet();
    // The first round of jobs meets here, so that each worker runs at least one job even when a
    // busy machine starts some worker threads late; it also shows the workers run in parallel.
    CountDownLatch firstRound = new CountDownLatch(WORKERS);
    List<Future<Integer>> jobs = new ArrayList<>();
    long start = System.nanoTime();
    try (WorkerPool pool = WorkerPool.builder().workers(WORKERS).name("tour").build()) {
      for (int i = 0; i < JOBS; i++) {
        int job = i;
        jobs.add(
            pool.submit(
                () -> {
                  if (job < WORKERS) {
                    firstRound.countDown();
                    firstRound.await(10, TimeUnit.SECONDS); // a hang guard, not an ordering tool
                  }
                  Thread.sleep(JOB_MILLIS); // the job's "work"
                  String worker = Thread.currentThread().getName();
                  workersSeen.add(worker);
                  out.println("job " + job + " done by " + worker);
                  return job;
                }));
      }
      pool.closeIntake(); // like dropping the Rust sender: workers drain the queue, then exit
      pool.join();
    }
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    long done = jobs.stream().filter(job -> job.state() == Future.State.SUCCESS).count();
    out.printf(
        "%d jobs of %d ms took %d ms on %d workers (one thread would take %d ms)%n",
        JOBS, JOB_MILLIS, elapsedMillis, WORKERS, JOBS * JOB_MILLIS);
    out.printf("worker pool: %d/%d jobs done by %d workers%n", done, JOBS, workersSeen.size());
  }
}
