package dev.ferrite.exec.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.exec.Job;
import dev.ferrite.exec.Rejected;
import dev.ferrite.exec.Saturated;
import dev.ferrite.exec.ShutdownReport;
import dev.ferrite.exec.Submitted;
import dev.ferrite.exec.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** The public result records: null checks, copies, and what they hand back. */
class ResultTypesTest {

  @Test
  void outcomesRejectNullsAndHandTheTaskBack() {
    Callable<String> task = () -> "t";
    assertThat(new Saturated<>(task).task()).isSameAs(task);
    assertThat(new Rejected<>(task).task()).isSameAs(task);
    assertThatThrownBy(() -> new Saturated<String>(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Rejected<String>(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Submitted<String>(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aReportCopiesItsJobsAndListsTheirTasks() throws Exception {
    try (WorkerPool pool = WorkerPool.builder().workers(1).daemon(true).build()) {
      Callable<Integer> task = () -> 1;
      Job<Integer> job = pool.submit(task);
      job.await();
      List<Job<?>> jobs = new ArrayList<>(List.of(job));
      ShutdownReport report = new ShutdownReport(jobs, 1, 0, 0, false, true);
      jobs.clear();
      assertThat(report.abandoned()).containsExactly(job);
      assertThat(report.abandonedTasks()).containsExactly(task);
      assertThatThrownBy(() -> report.abandoned().add(job))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> new ShutdownReport(null, 0, 0, 0, false, true))
          .isInstanceOf(NullPointerException.class);
    }
  }

  @Test
  void daemonWorkersAreDaemons() throws Exception {
    try (WorkerPool pool = WorkerPool.builder().workers(1).daemon(true).build()) {
      assertThat(pool.submit(() -> Thread.currentThread().isDaemon()).get()).isTrue();
    }
    try (WorkerPool pool = WorkerPool.fixed(1)) {
      assertThat(pool.submit(() -> Thread.currentThread().isDaemon()).get()).isFalse();
    }
  }
}
