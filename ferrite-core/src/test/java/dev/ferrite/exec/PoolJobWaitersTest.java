package dev.ferrite.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * White-box: the waiter stack of a {@link PoolJob} holds only threads still waiting, so a job
 * polled with timeouts, or whose waiters are interrupted, does not accumulate nodes.
 */
class PoolJobWaitersTest {

  @Test
  void waitersThatTimeOutOrAreInterruptedLeaveNoNodeBehind() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (WorkerPool pool = WorkerPool.builder().workers(1).build();
        TestThreads threads = new TestThreads()) {
      PoolJob<String> job = (PoolJob<String>) pool.submit(() -> {
        release.await(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS);
        return "v";
      });
      try {
        TestThreads.Handle<String> patient = threads.call("patient", job::get);
        TestThreads.awaitBlocked(patient.thread());
        assertThat(job.waiterNodes()).isEqualTo(1);

        TestThreads.Handle<String> pollers = threads.call("poller", () -> {
          for (int i = 0; i < 200; i++) { // each outlasts the spin, parks, times out, sweeps
            try {
              job.get(200, TimeUnit.MICROSECONDS);
            } catch (TimeoutException expected) {
              // the job is held
            }
          }
          return "polled";
        });
        for (int i = 0; i < 200; i++) { // the test thread polls too, racing the poller
          assertThatThrownBy(() -> job.get(200, TimeUnit.MICROSECONDS))
              .isInstanceOf(TimeoutException.class);
        }
        assertThat(pollers.get()).isEqualTo("polled");
        assertThat(job.waiterNodes()).isEqualTo(1);

        TestThreads.Handle<String> interrupted = threads.call("interrupted", job::get);
        TestThreads.awaitBlocked(interrupted.thread());
        assertThat(job.waiterNodes()).isEqualTo(2);
        interrupted.thread().interrupt();
        assertThat(interrupted.failure()).isInstanceOf(InterruptedException.class);
        assertThat(job.waiterNodes()).isEqualTo(1);

        release.countDown();
        assertThat(patient.get()).isEqualTo("v");
        assertThat(job.waiterNodes()).isZero();
      } finally {
        release.countDown();
      }
    }
  }
}
