package dev.ferrite.exec;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The handle of one job handed to a {@link WorkerPool} or a {@link WorkStealingPool}: its state,
 * and its result or failure once it is done.
 *
 * <pre>{@code
 * Job<Integer> job = pool.submit(() -> 6 * 7);
 * switch (job.await()) {                        // waits, like get(), but never throws for the outcome
 *   case SUCCESS -> System.out.println(job.resultNow());
 *   case FAILED -> log(job.exceptionNow());
 *   case CANCELLED -> System.out.println("cancelled");
 *   case RUNNING -> throw new AssertionError("await() returns only when done");
 * }
 * }</pre>
 *
 * <h2>Life cycle</h2>
 * A job is <i>queued</i> in the pool (a {@code WorkerPool}'s intake; a {@code WorkStealingPool}'s
 * injector, a worker's inbox or deque), then <i>started</i> by exactly one worker, then
 * done in exactly one of three ways: {@link Future.State#SUCCESS SUCCESS} (the task returned),
 * {@link Future.State#FAILED FAILED} (it threw; the {@link Throwable} is kept, the worker lives
 * on), or {@link Future.State#CANCELLED CANCELLED} (by {@link #cancel(boolean)}, or by the pool's
 * {@link WorkerPool#shutdownNow() shutdownNow} or {@link WorkerPool#shutdown(java.time.Duration)
 * shutdown(grace)}, or {@link WorkStealingPool#shutdownNow()}, if it never started). Queued and
 * started jobs both report
 * {@link Future.State#RUNNING RUNNING}. The first of these outcomes to happen is final; a task
 * cancelled while it runs goes on running until it notices (interrupt), but its result is
 * dropped.
 *
 * <h2>Waiting</h2>
 * {@link #get()}, {@link #get(long, TimeUnit)} and {@link #await()} park the calling thread
 * (platform or virtual; no monitor is held) until the job is done; the timed form gives up with
 * {@link TimeoutException}. They throw {@link InterruptedException} if the thread is interrupted
 * before or while it waits and the job is not done yet, clearing the interrupt status. A worker
 * of a {@link WorkStealingPool} that waits for a job of its own pool does not block while there
 * is work: it runs other tasks meanwhile (so a job may wait for another job it submitted, even
 * on a single worker). A platform thread that waits for a {@link WorkerPool} job that has not
 * started while the pool's intake holds 64 jobs or more may first nap in short timed parks
 * instead of asking the worker to wake it (one such waiter per pool at a time), so that
 * collecting a batch does not cost the workers a wake-up per job; such a wait may return up to
 * one timer period (0.1 to 0.2 ms on a typical Linux machine, more on coarse timers) after the
 * job finished. The {@code ...Now} accessors and {@link #state()} never wait.
 *
 * <p>Memory consistency effects: actions of the thread that submits a job <i>happen-before</i>
 * the job's task starts, and the task's actions <i>happen-before</i> every action that follows a
 * return from a method here that saw the job done ({@link #get()}, {@link #await()},
 * {@link #isDone()} returning true, {@link #resultNow()}, ...).
 *
 * <p>The interface is sealed: the pool creates jobs. {@link #run()} (from {@link Runnable}) runs
 * the task in the calling thread if no one has started it yet and it is not cancelled, and does
 * nothing otherwise (also while another thread is claiming it). The jobs that
 * {@link WorkerPool#shutdownNow()} returns are cancelled, so their {@code run()} does nothing:
 * run their {@link #task()} elsewhere instead.
 *
 * @param <T> the result type; {@code null} for jobs made from a {@link Runnable} without a result
 */
public sealed interface Job<T> extends RunnableFuture<T> permits PoolJob {

  /**
   * {@return the task as it was given to the pool: the {@link java.util.concurrent.Callable} or
   * the {@link Runnable}} Use it to resubmit work a shutdown abandoned.
   */
  Object task();

  /**
   * Waits until the job is done, then returns how it ended.
   *
   * @return {@link Future.State#SUCCESS}, {@link Future.State#FAILED} or
   *     {@link Future.State#CANCELLED}; never {@code RUNNING}
   * @throws InterruptedException if interrupted while waiting
   */
  Future.State await() throws InterruptedException;

  /**
   * Waits until the job is done and returns its result.
   *
   * @throws CancellationException if the job was cancelled
   * @throws ExecutionException if the task threw; the cause is what it threw
   * @throws InterruptedException if interrupted while waiting
   */
  @Override
  T get() throws InterruptedException, ExecutionException;

  /**
   * Waits at most {@code timeout} until the job is done and returns its result. A zero or
   * negative timeout does not wait.
   *
   * @throws CancellationException if the job was cancelled
   * @throws ExecutionException if the task threw; the cause is what it threw
   * @throws InterruptedException if interrupted while waiting
   * @throws TimeoutException if the job is not done in time
   * @throws NullPointerException if {@code unit} is null
   */
  @Override
  T get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException;

  /**
   * Cancels the job unless it is done already. A queued job never starts. A started job is
   * marked cancelled at once; if {@code mayInterruptIfRunning}, its worker thread is interrupted,
   * and the interrupt is certain to arrive while this task (not a later one) runs. Threads
   * waiting for the job wake up with {@link CancellationException}.
   *
   * @return true if this call cancelled the job; false if it was already done (or cancelled)
   */
  @Override
  boolean cancel(boolean mayInterruptIfRunning);

  /** {@return true if the job was cancelled before it completed} */
  @Override
  boolean isCancelled();

  /** {@return true if the job is done: completed, failed or cancelled} */
  @Override
  boolean isDone();

  /**
   * {@return the job's state, without waiting} {@code RUNNING} covers queued and started jobs.
   */
  @Override
  Future.State state();

  /**
   * {@return the result of a job that completed, without waiting}
   *
   * @throws IllegalStateException if the job is not done, failed, or was cancelled
   */
  @Override
  T resultNow();

  /**
   * {@return what the task of a failed job threw, without waiting}
   *
   * @throws IllegalStateException if the job is not done, completed, or was cancelled
   */
  @Override
  Throwable exceptionNow();
}
