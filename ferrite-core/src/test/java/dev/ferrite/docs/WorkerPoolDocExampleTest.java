package dev.ferrite.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.exec.Job;
import dev.ferrite.exec.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The example of docs/worker-pool.md: the article's worker_pool, four workers, twenty jobs. */
class WorkerPoolDocExampleTest {
  @Test
  void fourWorkersTwentyJobs() throws InterruptedException, ExecutionException {
    // @start region="example"
    List<String> done = new ArrayList<>();
    try (WorkerPool pool = WorkerPool.builder().workers(4).name("docs").build()) {
      List<Job<String>> jobs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int n = i;
        jobs.add(pool.submit(() -> "job " + n + " done by " + Thread.currentThread().getName()));
      }
      pool.closeIntake();   // Rust's drop(tx): no new jobs, the queued ones still run
      pool.join();          // every worker drained the queue and exited
      for (Job<String> job : jobs) {
        done.add(job.get()); // e.g. "job 7 done by docs-worker-2"
      }
    }
    // @end

    assertThat(done).hasSize(20);
    for (int i = 0; i < 20; i++) {
      assertThat(done.get(i)).matches("job " + i + " done by docs-worker-\\d+");
    }
  }
}
