package dev.ferrite.exec.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.exec.Job;
import dev.ferrite.exec.WorkerPool;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The {@link Job} handle: states, results, cancellation, waiting. */
class JobTest {

  private static WorkerPool onePool() {
    return WorkerPool.builder().workers(1).queueCapacity(16).build();
  }

  @Test
  void aJobReportsItsResultThroughEveryAccessor() throws Exception {
    try (WorkerPool pool = onePool()) {
      Job<String> job = pool.submit(() -> "done");
      assertThat(job.await()).isEqualTo(Future.State.SUCCESS);
      assertThat(job.isDone()).isTrue();
      assertThat(job.isCancelled()).isFalse();
      assertThat(job.state()).isEqualTo(Future.State.SUCCESS);
      assertThat(job.get()).isEqualTo("done");
      assertThat(job.get(0, TimeUnit.NANOSECONDS)).isEqualTo("done");
      assertThat(job.resultNow()).isEqualTo("done");
      assertThatThrownBy(job::exceptionNow).isInstanceOf(IllegalStateException.class);
      assertThat(job.cancel(true)).isFalse();
      assertThat(job.toString()).contains("completed");
    }
  }

  @Test
  void runnableJobsReturnTheGivenResultOrNull() throws Exception {
    try (WorkerPool pool = onePool()) {
      AtomicInteger ran = new AtomicInteger();
      Runnable task = ran::incrementAndGet;
      Job<String> withResult = pool.submit(task, "result");
      Job<?> withoutResult = pool.submit(task);
      assertThat(withResult.get()).isEqualTo("result");
      assertThat(withoutResult.get()).isNull();
      assertThat(withResult.task()).isSameAs(task);
      assertThat(ran).hasValue(2);
    }
  }

  @Test
  void aFailedJobKeepsWhatItsTaskThrew() throws Exception {
    try (WorkerPool pool = onePool()) {
      Exception checked = new java.io.IOException("disk");
      Job<Object> job = pool.submit(() -> {
        throw checked;
      });
      assertThat(job.await()).isEqualTo(Future.State.FAILED);
      assertThat(job.exceptionNow()).isSameAs(checked);
      assertThatThrownBy(job::get).isInstanceOf(ExecutionException.class).hasCause(checked);
      assertThatThrownBy(job::resultNow).isInstanceOf(IllegalStateException.class);
      assertThat(job.toString()).contains("failed");
    }
  }

  @Test
  void aQueuedJobCancelledNeverRuns() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    try (WorkerPool pool = onePool(); Gate gate = new Gate()) {
      pool.submit(gate.task("held"));
      gate.awaitEntered();
      Job<Integer> job = pool.submit(ran::incrementAndGet);
      assertThat(job.state()).isEqualTo(Future.State.RUNNING); // queued counts as running
      assertThatThrownBy(job::resultNow).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(job::exceptionNow).isInstanceOf(IllegalStateException.class);
      assertThat(job.cancel(false)).isTrue();
      assertThat(job.isCancelled()).isTrue();
      assertThat(job.isDone()).isTrue();
      assertThat(job.state()).isEqualTo(Future.State.CANCELLED);
      assertThat(job.await()).isEqualTo(Future.State.CANCELLED);
      assertThatThrownBy(job::get).isInstanceOf(CancellationException.class);
      assertThatThrownBy(job::resultNow).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(job::exceptionNow).isInstanceOf(IllegalStateException.class);
      gate.open();
      pool.closeIntake();
      pool.join();
      assertThat(ran).hasValue(0);
      assertThat(pool.cancelledCount()).isEqualTo(1);
      assertThat(pool.completedCount()).isEqualTo(1);
    }
  }

  @Test
  void cancellingARunningJobWithoutInterruptDropsItsResult() throws Exception {
    try (WorkerPool pool = onePool(); Gate gate = new Gate()) {
      Job<String> job = pool.submit(gate.task("late"));
      gate.awaitEntered();
      assertThat(job.cancel(false)).isTrue();
      assertThatThrownBy(job::get).isInstanceOf(CancellationException.class);
      gate.open();
      Job<String> after = pool.submit(() -> "after");
      assertThat(after.get()).isEqualTo("after");
      assertThat(gate.finished).hasValue(1); // the task did run to its end
      assertThat(gate.interrupts).hasValue(0);
      assertThat(job.state()).isEqualTo(Future.State.CANCELLED);
      pool.closeIntake();
      pool.join();
      assertThat(pool.completedCount()).isEqualTo(1);
      assertThat(pool.cancelledCount()).isEqualTo(1);
    }
  }

  @Test
  void timedGetTimesOutAndValidatesItsUnit() throws Exception {
    try (WorkerPool pool = onePool(); Gate gate = new Gate()) {
      Job<String> job = pool.submit(gate.task("x"));
      assertThatThrownBy(() -> job.get(0, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
      assertThatThrownBy(() -> job.get(-1, TimeUnit.SECONDS))
          .isInstanceOf(TimeoutException.class);
      assertThatThrownBy(() -> job.get(Timeouts.SHORT.toMillis(), TimeUnit.MILLISECONDS))
          .isInstanceOf(TimeoutException.class);
      assertThatThrownBy(() -> job.get(1, null)).isInstanceOf(NullPointerException.class);
      gate.open();
      assertThat(job.get(Long.MAX_VALUE, TimeUnit.DAYS)).isEqualTo("x");
    }
  }

  @Test
  void manyWaitersAllWakeWhenTheJobCompletes() throws Exception {
    try (WorkerPool pool = onePool(); Gate gate = new Gate();
        TestThreads threads = new TestThreads()) {
      Job<String> job = pool.submit(gate.task("v"));
      List<TestThreads.Handle<String>> waiters = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        Thread.Builder b = i % 2 == 0 ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true);
        int n = i;
        waiters.add(threads.call(b.name("waiter-" + i), () -> n % 3 == 0
            ? job.get(Timeouts.LONG.toNanos(), TimeUnit.NANOSECONDS) : job.get()));
      }
      for (TestThreads.Handle<String> w : waiters) {
        TestThreads.awaitBlocked(w.thread());
      }
      gate.open();
      for (TestThreads.Handle<String> w : waiters) {
        assertThat(w.get()).isEqualTo("v");
      }
    }
  }

  @Test
  void waitersThatGiveUpDoNotDisturbTheOthers() throws Exception {
    try (WorkerPool pool = onePool(); Gate gate = new Gate();
        TestThreads threads = new TestThreads()) {
      Job<String> job = pool.submit(gate.task("v"));
      TestThreads.Handle<String> patient = threads.call("patient", job::get);
      TestThreads.awaitBlocked(patient.thread());
      for (int i = 0; i < 100; i++) { // longer than the spin: each parks, times out, leaves
        assertThatThrownBy(() -> job.get(200, TimeUnit.MICROSECONDS))
            .isInstanceOf(TimeoutException.class);
      }
      TestThreads.Handle<String> interrupted = threads.call("interrupted", job::get);
      TestThreads.awaitBlocked(interrupted.thread());
      interrupted.thread().interrupt();
      assertThat(interrupted.failure()).isInstanceOf(InterruptedException.class);
      gate.open();
      assertThat(patient.get()).isEqualTo("v");
    }
  }

  @Test
  void aWaitingGetIsInterruptible() throws Exception {
    try (WorkerPool pool = onePool(); Gate gate = new Gate();
        TestThreads threads = new TestThreads()) {
      Job<String> job = pool.submit(gate.task("x"));
      AtomicReference<Boolean> statusAfter = new AtomicReference<>();
      TestThreads.Handle<Throwable> waiter = threads.call("waiter", () -> {
        try {
          job.await();
          return null;
        } catch (InterruptedException e) {
          statusAfter.set(Thread.currentThread().isInterrupted());
          return e;
        }
      });
      TestThreads.awaitBlocked(waiter.thread());
      waiter.thread().interrupt();
      assertThat(waiter.get()).isInstanceOf(InterruptedException.class);
      assertThat(statusAfter.get()).isFalse(); // cleared, as InterruptedException promises
      assertThat(job.isDone()).isFalse();
    }
  }

  @Test
  void anInterruptedThreadGetsTheResultOfADoneJobWithoutWaiting() throws Exception {
    try (WorkerPool pool = onePool(); Gate gate = new Gate()) {
      Job<String> job = pool.submit(() -> "ready");
      job.await();
      Job<String> notDone = pool.submit(gate.task("later"));
      Thread.currentThread().interrupt();
      try {
        assertThat(job.get()).isEqualTo("ready");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThatThrownBy(notDone::get).isInstanceOf(InterruptedException.class);
      } finally {
        Thread.interrupted();
      }
    }
  }

  @Test
  void runningAJobByHandRunsItOnceInTheCallingThread() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    AtomicReference<Thread> ranIn = new AtomicReference<>();
    try (WorkerPool pool = onePool(); Gate gate = new Gate()) {
      pool.submit(gate.task("held"));
      gate.awaitEntered();
      Job<Integer> job = pool.submit(() -> {
        ranIn.set(Thread.currentThread());
        return ran.incrementAndGet();
      });
      job.run();
      job.run();
      assertThat(job.resultNow()).isEqualTo(1);
      assertThat(ranIn.get()).isSameAs(Thread.currentThread());
      Job<Object> failing = pool.submit(() -> {
        throw new IllegalStateException("by hand");
      });
      failing.run();
      assertThat(failing.state()).isEqualTo(Future.State.FAILED);
      gate.open();
      pool.closeIntake();
      pool.join(); // the worker dequeues both jobs and finds them done
      assertThat(ran).hasValue(1);
      assertThat(pool.completedCount()).isEqualTo(2);
      assertThat(pool.failedCount()).isEqualTo(1);
    }
  }

  @Test
  void theTaskOfAJobIsTheOneSubmitted() throws Exception {
    try (WorkerPool pool = onePool()) {
      CountDownLatch latch = new CountDownLatch(0);
      java.util.concurrent.Callable<Long> task = latch::getCount;
      Job<Long> job = pool.submit(task);
      assertThat(job.task()).isSameAs(task);
      assertThat(job.get()).isZero();
    }
  }
}
