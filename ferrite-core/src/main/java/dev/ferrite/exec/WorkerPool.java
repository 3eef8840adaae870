package dev.ferrite.exec;

import dev.ferrite.channel.Channel;
import dev.ferrite.channel.ChannelClosedException;
import dev.ferrite.channel.Full;
import dev.ferrite.channel.Received;
import dev.ferrite.channel.Receiver;
import dev.ferrite.channel.RecvTimeoutResult;
import dev.ferrite.channel.SendTimedOut;
import dev.ferrite.channel.SendClosed;
import dev.ferrite.channel.Sender;
import dev.ferrite.channel.Sent;
import dev.ferrite.channel.TrySendResult;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * A fixed set of worker threads that take jobs from one shared channel: the Rust article's
 * {@code worker_pool}, as a full {@link ExecutorService}.
 *
 * <pre>{@code
 * try (WorkerPool pool = WorkerPool.builder().workers(4).name("resize").build()) {
 *   List<Job<Image>> jobs = new ArrayList<>();
 *   for (Path p : paths) {
 *     jobs.add(pool.submit(() -> resize(p)));     // blocks while the intake is full
 *   }
 *   for (Job<Image> job : jobs) {
 *     save(job.get());                            // or job.await(), job.state(), ...
 *   }
 * }                                               // close(): close the intake, drain, join
 * }</pre>
 *
 * <h2>Life cycle</h2>
 * <ol>
 *   <li><b>Open.</b> {@link Builder#build() Built} with N workers, all started at once, each looping:
 *       take the next job from the intake, run it, count its outcome. A job that throws fails
 *       on its own: its {@link Job} holds the exception, {@link #failedCount()} counts it, the
 *       {@link Builder#onFailure failure handler} hears of it, and the worker goes on.
 *   <li><b>Intake closed</b> ({@link #closeIntake()}, {@link #shutdown()}): new submissions are
 *       rejected; workers finish every job already accepted, then exit.
 *   <li><b>Stopped</b> ({@link #shutdownNow()}, or {@link #shutdown(Duration)} when the grace
 *       period runs out): queued jobs are removed and cancelled without running, workers are
 *       interrupted.
 *   <li><b>Terminated</b> once every worker has exited: {@link #join()},
 *       {@link #awaitTermination} and {@link #close()} wait for this. Workers are started
 *       eagerly and exit on their own after the intake is drained, so even an idle pool
 *       terminates a moment after {@code shutdown()}, not during it: {@link #isTerminated()}
 *       may still be false right after {@code shutdown()} returns.
 * </ol>
 *
 * <h2>Submitting</h2>
 * <table class="striped">
 *   <caption>Outcomes of each way to hand over work</caption>
 *   <thead><tr><th>method</th><th>accepted</th><th>intake full</th><th>intake closed</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link #submit(Callable)}, {@link #submit(Runnable)}, {@link #execute(Runnable)}</td>
 *       <td>returns the {@link Job} (nothing for {@code execute})</td><td>blocks</td>
 *       <td>throws {@link RejectedExecutionException}</td></tr>
 *   <tr><td>{@link #trySubmit(Callable)}</td><td>{@link Submitted}</td><td>{@link Saturated}</td>
 *       <td>{@link Rejected}</td></tr>
 *   <tr><td>{@link #invokeAll(Collection)}, {@link #invokeAny(Collection)} and timed forms</td>
 *       <td>wait for the jobs</td><td>block (timed forms: until the deadline)</td>
 *       <td>throw {@link RejectedExecutionException}, cancelling what they submitted</td></tr>
 *   </tbody>
 * </table>
 * The intake is a bounded channel ({@link Builder#queueCapacity}, default
 * {@value #DEFAULT_QUEUE_CAPACITY}), so producers faster than the workers are slowed down
 * (back-pressure) instead of filling the heap. With capacity 0 it is a rendezvous: a submission
 * waits until a worker takes the job from its hand. A job that submits to its own pool and
 * blocks on a full intake can deadlock the pool; jobs should use {@link #trySubmit}.
 *
 * <h2>Interruption</h2>
 * A submitter interrupted while it waits for room gets {@link RejectedExecutionException} (the
 * {@code ExecutorService} methods cannot throw {@link InterruptedException}), with the
 * interrupt status set again; the job was not accepted. Waiting methods that declare
 * {@link InterruptedException} throw it and clear the status. Workers ignore interrupts that
 * are not meant for them: before each job, the worker clears its interrupt status (an interrupt
 * aimed at an earlier job, or sent by a stranger, does not hit the next job), except after
 * {@link #shutdownNow()}, whose interrupt every job that still starts sees.
 *
 * <h2>Memory consistency effects</h2>
 * Actions in a thread before it submits a task <i>happen-before</i> the task starts; the task's
 * actions <i>happen-before</i> the return of a {@link Job} method that saw the job done, and, for
 * every job a worker ran, <i>happen-before</i> the return of {@link #join()},
 * {@link #awaitTermination} (returning true) and {@link #close()}.
 */
public final class WorkerPool implements ExecutorService {
  /*
   * Implementation overview
   *
   * The article's worker_pool in Rust is a channel whose receiver is shared (behind a mutex) by
   * four threads that loop on recv() until it fails, plus a caller that drops the sender to close
   * the channel and then joins the threads. This class is that design, kept as direct as
   * possible, plus what an ExecutorService must add: handles, a forced stop and termination.
   *
   * - The intake is one Ferrite channel. The pool holds its only Sender (submitters share it: a
   *   handle is thread-safe) and its only Receiver (workers share it; no mutex is needed, the
   *   channel is multi-consumer). A submission is one allocation, the PoolJob, and one send. The
   *   submit path takes no lock and touches no shared counter: it reads runState (volatile) and
   *   sends. The run path is recv, two CASes to claim the job (see PoolJob), the task, one CAS
   *   to publish the outcome, release stores into fields of the worker itself (padded, so that
   *   workers do not share a cache line), and one volatile read of `napper` (below).
   *
   * - Closing the intake is closing that Sender. Channel semantics then do the rest, as in Rust:
   *   a send blocked for room wakes and fails (the submitter turns that into a rejection),
   *   workers receive what was accepted before the close, and once the channel is drained each
   *   worker's recv() throws ChannelClosedException and it exits. A worker exits only that way,
   *   so "all workers exited" (the exited latch) implies "every accepted job was taken", which
   *   is what termination means.
   *
   * - runState (OPEN < SHUTDOWN < STOP, only ever raised) follows ThreadPoolExecutor's run
   *   states; TIDYING/TERMINATED are not stored, because the latch answers "terminated". It
   *   lets submit reject without touching the channel, and tells workers whether an interrupt is
   *   the pool's (STOP) or a stray one. A stop first raises runState, closes the Sender, drains
   *   the Receiver with poll() (a closed channel accepts nothing more, so the drain is complete
   *   once poll() returns null), cancels what it drained, and only then interrupts the workers:
   *   idle ones wake, find the channel closed and drained, and exit; busy ones see the interrupt
   *   in their task. A worker that took a job just before the drain clears its interrupt status
   *   and then re-reads runState: if the stop's interrupt came before the clear, the read sees
   *   STOP (it was written first) and the worker interrupts itself again, so that job still
   *   sees it.
   *
   * - Every accepted job is counted exactly once when it is done, by the thread whose CAS
   *   decided it (see PoolJob): successes and failures in the worker's own fields (single
   *   writer, release stores, summed on read), cancellations and runs outside workers in
   *   LongAdders. Rejected submissions are never counted. Hence, once terminated,
   *   accepted = completed + failed + cancelled, which the stress test checks.
   *
   * - Waiting for a job that is still queued. A thread parked in get() is woken by the worker
   *   that completes the job: an unpark, which costs that worker a system call and, on a small
   *   VM, tens of microseconds. A waiter that spins instead takes a CPU away from the workers
   *   whenever there are more runnable threads than cores. Neither suits the most common
   *   waiter: a submitter collecting a batch in order, whose job sits near the head of a long
   *   queue and whose next job is queued again, so that the workers would pay one wake-up per
   *   job, or share their CPUs with a spinner. So a waiter whose job has not started, and who
   *   sees at least NAP_BACKLOG jobs in the intake, naps: a timed park of NAP_NANOS for which
   *   nobody has to wake it, then it looks again. Meanwhile the workers run undisturbed, and
   *   the waiter usually wakes to a run of finished jobs (wake-ups are batched, as interrupt
   *   coalescing batches a device's interrupts). A nap must not outlast the queue, or the
   *   workers would idle (and park) at the end of a batch while the waiter sleeps: the napper
   *   is recorded in `napper`, and a worker that finishes a job and then finds the intake empty
   *   ends the nap with an unpark (once per batch, not per job; while nobody naps the check
   *   costs the worker one volatile read per job, while someone does, a look at the channel's
   *   indices). One waiter naps at a time (the one that set `napper`): others, and virtual
   *   threads, whose unpark is a task submission rather than a system call, wait as usual, so
   *   that many waiters cannot turn into a storm of timer wake-ups. After MAX_NAPS naps the
   *   napper too asks to be woken (a long wait is worth one wake-up) and waits as PoolJob
   *   does: spin, then park until woken. The price: a napping waiter whose job finishes while
   *   others are still queued returns up to one timer period late (on the reference VM a timed
   *   park of 50 us takes 60 to 170 us; more on coarse timers); a worker's unpark that arrives
   *   just after the nap timed out leaves the waiter a spurious permit (every park loop here
   *   tolerates one). WorkerPoolBench, intake 16384 (10,000 jobs queued at once): 190-375 ns
   *   per job without naps (the submitter spinning right behind the two workers), 61-155 with
   *   them. Intake 1024 (the submitter blocks while the intake is full, so only the last 1,024
   *   jobs are waited for): 85-165 without, 93-216 with (the worker's unpark and the waiter's
   *   wake-up at the end of each batch; perhaps 10%, the noise is as large).
   *
   * - invokeAny submits tasks one by one and looks for a finished one between submissions, as
   *   AbstractExecutorService does, so a quick success spares the later tasks; finished jobs
   *   report themselves on a private unbounded channel.
   */

  /** The default capacity of the intake. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1024;

  private static final int OPEN = 0;
  private static final int SHUTDOWN = 1;
  private static final int STOP = 2;

  /** Waits longer than this (about 36 years) are treated as this long: no deadline overflows. */
  private static final long MAX_WAIT_NANOS = Long.MAX_VALUE >> 2;

  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  private final String name;
  private final Sender<PoolJob<?>> intake;
  private final Receiver<PoolJob<?>> queue;
  private final int capacity;
  private final Worker[] workers;
  private final CountDownLatch exited;
  private final BiConsumer<? super Job<?>, ? super Throwable> onFailure;
  private final LongAdder cancelled = new LongAdder();
  private final LongAdder externalCompleted = new LongAdder();
  private final LongAdder externalFailed = new LongAdder();
  private volatile int runState;
  /** What this pool's jobs report to; a separate object keeps these callbacks out of the API. */
  private final JobHost host = new JobHost() {
    @Override
    public void countExternal(PoolJob<?> job, int outcome) {
      WorkerPool.this.countExternal(job, outcome);
    }

    @Override
    public void countCancelled() {
      WorkerPool.this.countCancelled();
    }

    @Override
    public int poolAwait(PoolJob<?> job, boolean timed, long deadline)
        throws InterruptedException {
      return napWhileQueued(job, timed, deadline);
    }
  };

  /** A waiter naps only while at least this many jobs are queued (see the overview). */
  static final int NAP_BACKLOG = 64;

  /** How long a waiter naps at a time, before the timer's slack. */
  private static final long NAP_NANOS = 50_000L;

  /** Naps per wait, at most; then the waiter asks to be woken. */
  private static final int MAX_NAPS = 16;

  /** The one waiter that may nap, while it naps; a worker that ends its nap clears it. */
  private volatile Thread napper;

  /** Naps taken by waiters, for tests. */
  private final LongAdder napCount = new LongAdder();

  private WorkerPool(Builder b) {
    this.name = b.name != null ? b.name : "ferrite-pool-" + POOL_NUMBER.incrementAndGet();
    Channel<PoolJob<?>> channel =
        b.queueCapacity == Integer.MAX_VALUE ? Channel.unbounded() : Channel.bounded(b.queueCapacity);
    this.intake = channel.sender();
    this.queue = channel.receiver();
    this.capacity = b.queueCapacity;
    this.onFailure = b.onFailure;
    this.workers = new Worker[b.workers];
    this.exited = new CountDownLatch(b.workers);
    Thread.Builder threads = b.virtualThreads
        ? Thread.ofVirtual().name(name + "-worker-", 0)
        : Thread.ofPlatform().daemon(b.daemon).name(name + "-worker-", 0);
    for (int i = 0; i < workers.length; i++) {
      Worker w = new Worker(this);
      w.thread = threads.unstarted(w);
      workers[i] = w;
    }
    int started = 0;
    try {
      for (Worker w : workers) {
        w.thread.start();
        started++;
      }
    } catch (RuntimeException | Error e) { // e.g. no memory for another thread: undo, report
      closeIntake();
      for (int i = started; i < workers.length; i++) {
        exited.countDown();
      }
      throw e;
    }
  }

  /** {@return a builder for a pool; see {@link Builder} for the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a pool of {@code workers} platform threads with the default intake.
   *
   * @param workers the number of worker threads, {@code >= 1}
   * @return the started pool
   * @throws IllegalArgumentException if {@code workers < 1}
   */
  public static WorkerPool fixed(int workers) {
    return builder().workers(workers).build();
  }

  // ---------------------------------------------------------------- submitting

  /**
   * Submits {@code command} to run once on a worker, waiting for room in the intake. Nobody
   * holds a handle to the job, so if it throws, the exception goes to the
   * {@link Builder#onFailure failure handler}, or, if there is none, to the worker thread's
   * {@link Thread.UncaughtExceptionHandler} (the worker survives either way).
   *
   * @throws RejectedExecutionException if the intake is closed, or the caller is interrupted
   *     while waiting for room (the interrupt status is set again)
   * @throws NullPointerException if {@code command} is null
   */
  @Override
  public void execute(Runnable command) {
    Objects.requireNonNull(command, "command");
    put(new PoolJob<Void>(host, command, PoolJob.EXECUTE, null));
  }

  /**
   * Submits {@code task}, waiting for room in the intake.
   *
   * @return the job, whose result is {@code null} once it completes
   * @throws RejectedExecutionException if the intake is closed, or the caller is interrupted
   *     while waiting for room (the interrupt status is set again)
   * @throws NullPointerException if {@code task} is null
   */
  @Override
  public Job<?> submit(Runnable task) {
    Objects.requireNonNull(task, "task");
    return put(new PoolJob<Void>(host, task, PoolJob.RUN, null));
  }

  /**
   * Submits {@code task}, waiting for room in the intake.
   *
   * @param result what the job returns once {@code task} completes; may be null
   * @return the job
   * @throws RejectedExecutionException if the intake is closed, or the caller is interrupted
   *     while waiting for room (the interrupt status is set again)
   * @throws NullPointerException if {@code task} is null
   */
  @Override
  public <T> Job<T> submit(Runnable task, T result) {
    Objects.requireNonNull(task, "task");
    return put(new PoolJob<T>(host, task, PoolJob.RUN, result));
  }

  /**
   * Submits {@code task}, waiting for room in the intake: the blocking form, as
   * {@link Sender#send(Object)} is for a channel.
   *
   * @return the job, which holds the task's result or failure once done
   * @throws RejectedExecutionException if the intake is closed, or the caller is interrupted
   *     while waiting for room (the interrupt status is set again)
   * @throws NullPointerException if {@code task} is null
   */
  @Override
  public <T> Job<T> submit(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    return put(new PoolJob<T>(host, task, PoolJob.CALL, null));
  }

  /**
   * Submits {@code task} if the intake has room now; never blocks: the try form, as
   * {@link Sender#trySend(Object)} is for a channel.
   *
   * @param task the task
   * @param <T> the task's result type
   * @return {@link Submitted} with the job; {@link Saturated} if the intake is full (with
   *     capacity 0: no worker is idle); {@link Rejected} if the intake is closed. The last two
   *     hand the task back
   * @throws NullPointerException if {@code task} is null
   */
  public <T> TrySubmitResult<T> trySubmit(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    if (runState != OPEN) {
      return new Rejected<>(task);
    }
    PoolJob<T> job = new PoolJob<>(host, task, PoolJob.CALL, null);
    TrySendResult<PoolJob<?>> r;
    try {
      r = intake.trySend(job);
    } catch (IllegalStateException handleClosed) { // closeIntake() raced with us
      return new Rejected<>(task);
    }
    return switch (r) {
      case Sent<PoolJob<?>> sent -> new Submitted<>(job);
      case Full<PoolJob<?>> full -> new Saturated<>(task);
      case SendClosed<PoolJob<?>> closed -> new Rejected<>(task);
    };
  }

  private <J extends PoolJob<?>> J put(J job) {
    try {
      enqueue(job, false, 0L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RejectedExecutionException(
          "interrupted while waiting for room in the intake of " + name, e);
    }
    return job;
  }

  /**
   * Sends {@code job} into the intake.
   *
   * @return true if accepted; false only if {@code timed} and the deadline passed first
   * @throws RejectedExecutionException if the intake is closed
   */
  private boolean enqueue(PoolJob<?> job, boolean timed, long deadline)
      throws InterruptedException {
    if (runState != OPEN) {
      throw rejected(null);
    }
    try {
      if (!timed) {
        intake.send(job);
        return true;
      }
      return switch (intake.send(job, Duration.ofNanos(deadline - System.nanoTime()))) {
        case Sent<PoolJob<?>> sent -> true;
        case SendTimedOut<PoolJob<?>> timedOut -> false;
        case SendClosed<PoolJob<?>> closed -> throw rejected(null);
      };
    } catch (IllegalStateException closed) { // ChannelClosedException, or our handle just closed
      throw rejected(closed);
    }
  }

  private RejectedExecutionException rejected(Throwable cause) {
    return new RejectedExecutionException("the intake of " + name + " is closed", cause);
  }

  // ---------------------------------------------------------------- bulk

  /**
   * Submits every task (waiting for room as needed) and waits until all are done.
   *
   * @return the jobs, in the order of the collection's iterator, all done
   * @throws InterruptedException if interrupted while submitting or waiting; every job
   *     submitted so far is then cancelled (with interrupt)
   * @throws RejectedExecutionException if the intake is closed before every task is accepted;
   *     the jobs accepted so far are cancelled
   * @throws NullPointerException if {@code tasks} or any task is null; checked before anything
   *     is submitted
   */
  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    List<Callable<T>> list = List.copyOf(tasks);
    List<PoolJob<T>> jobs = new ArrayList<>(list.size());
    boolean allDone = false;
    try {
      for (Callable<T> c : list) {
        PoolJob<T> job = new PoolJob<>(host, c, PoolJob.CALL, null);
        enqueue(job, false, 0L);
        jobs.add(job);
      }
      for (PoolJob<T> job : jobs) {
        job.await();
      }
      allDone = true;
      return new ArrayList<>(jobs);
    } finally {
      if (!allDone) {
        for (PoolJob<T> job : jobs) {
          job.cancel(true);
        }
      }
    }
  }

  /**
   * Submits every task and waits until all are done or the timeout elapses, whichever comes
   * first; submitting counts against the timeout. On return every job is done: those that did
   * not finish in time are cancelled (with interrupt), as are tasks there was no time to submit.
   *
   * @return the jobs, in the order of the collection's iterator, all done
   * @throws InterruptedException if interrupted while submitting or waiting; every job is
   *     then cancelled
   * @throws RejectedExecutionException if the intake is closed before every task is accepted;
   *     the jobs accepted so far are cancelled
   * @throws NullPointerException if {@code tasks}, any task, or {@code unit} is null; checked
   *     before anything is submitted
   */
  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    List<Callable<T>> list = List.copyOf(tasks);
    long deadline = deadline(unit.toNanos(timeout));
    List<PoolJob<T>> jobs = new ArrayList<>(list.size());
    for (Callable<T> c : list) {
      jobs.add(new PoolJob<>(host, c, PoolJob.CALL, null));
    }
    int accepted = 0;
    try {
      while (accepted < jobs.size() && enqueue(jobs.get(accepted), true, deadline)) {
        accepted++;
      }
      if (accepted == jobs.size()) {
        for (PoolJob<T> job : jobs) {
          if (!job.awaitUntil(deadline)) {
            break;
          }
        }
      }
      return new ArrayList<>(jobs);
    } finally {
      for (int i = 0; i < jobs.size(); i++) {
        if (i < accepted) {
          jobs.get(i).cancel(true); // no-op for the done ones
        } else {
          jobs.get(i).cancelQuietly(false); // never accepted, so not counted
        }
      }
    }
  }

  /**
   * Runs the tasks until one completes normally and returns its result; the others are then
   * cancelled (with interrupt). Tasks are submitted one at a time, and only while none has
   * finished yet, so a quick success spares the rest.
   *
   * @return the result of a task that completed normally
   * @throws ExecutionException if no task completed normally; its cause is the last failure
   * @throws InterruptedException if interrupted while submitting or waiting
   * @throws RejectedExecutionException if the intake closes before a task is accepted
   * @throws IllegalArgumentException if {@code tasks} is empty
   * @throws NullPointerException if {@code tasks} or any task is null; checked before anything
   *     is submitted
   */
  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    try {
      return doInvokeAny(tasks, false, 0L);
    } catch (TimeoutException e) {
      throw new AssertionError("untimed invokeAny timed out", e);
    }
  }

  /**
   * Like {@link #invokeAny(Collection)}, giving up when the timeout elapses; submitting counts
   * against the timeout.
   *
   * @throws TimeoutException if no task completed normally in time; all are cancelled
   * @throws NullPointerException if {@code tasks}, any task, or {@code unit} is null
   */
  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    Objects.requireNonNull(unit, "unit");
    return doInvokeAny(tasks, true, unit.toNanos(timeout));
  }

  private <T> T doInvokeAny(Collection<? extends Callable<T>> tasks, boolean timed, long nanos)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<Callable<T>> list = List.copyOf(tasks);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("no tasks");
    }
    long deadline = timed ? deadline(nanos) : 0L;
    Channel<PoolJob<T>> finished = Channel.unbounded();
    Receiver<PoolJob<T>> done = finished.receiver();
    List<PoolJob<T>> jobs = new ArrayList<>(list.size());
    try {
      int next = 0;
      int pending = 0;
      for (;;) {
        PoolJob<T> job = done.poll();
        if (job == null) {
          if (next < list.size()) {
            PoolJob<T> j = new PoolJob.Tracked<>(host, list.get(next++), finished.sender());
            if (!enqueue(j, timed, deadline)) {
              throw new TimeoutException("invokeAny: no room in the intake in time");
            }
            jobs.add(j);
            pending++;
            continue;
          }
          if (timed) {
            RecvTimeoutResult<PoolJob<T>> r =
                done.recv(Duration.ofNanos(deadline - System.nanoTime()));
            if (!(r instanceof Received<PoolJob<T>> got)) {
              throw new TimeoutException("invokeAny: no task completed in time");
            }
            job = got.value();
          } else {
            job = done.recv();
          }
        }
        pending--;
        if (job.succeeded()) {
          return job.resultNow();
        }
        if (pending == 0 && next == list.size()) {
          throw job.isCancelled()
              ? new ExecutionException(new CancellationException("the last task was cancelled"))
              : new ExecutionException(job.exceptionNow());
        }
      }
    } finally {
      done.close(); // jobs finishing from now on find nobody listening
      for (PoolJob<T> job : jobs) {
        job.cancel(true);
      }
    }
  }

  // ---------------------------------------------------------------- closing

  /**
   * Closes the intake: later submissions are rejected, submitters blocked for room wake up and
   * are rejected, and the workers run every job already accepted, then exit. Idempotent; never
   * blocks. The same as {@link #shutdown()}.
   */
  public void closeIntake() {
    raiseRunState(SHUTDOWN);
    intake.close();
  }

  /**
   * Starts an orderly shutdown: the same as {@link #closeIntake()}. It does not wait; use
   * {@link #join()}, {@link #awaitTermination} or {@link #close()} for that.
   */
  @Override
  public void shutdown() {
    closeIntake();
  }

  /**
   * Stops the pool at once: closes the intake, removes the queued jobs and cancels them (their
   * waiters wake with {@link CancellationException}), and interrupts every worker. Running jobs
   * are interrupted but not cancelled; a job a worker took just before the stop still runs,
   * with its interrupt status set. Does not wait for the workers to exit.
   *
   * @return the never-started tasks, in intake order: the {@link Runnable} itself for work
   *     given to {@link #execute}, else its (now cancelled) {@link Job}, whose
   *     {@link Job#task()} is the original task
   */
  @Override
  public List<Runnable> shutdownNow() {
    List<PoolJob<?>> dropped = stop(false);
    List<Runnable> out = new ArrayList<>(dropped.size());
    for (PoolJob<?> job : dropped) {
      out.add(job.kind == PoolJob.EXECUTE ? (Runnable) job.task() : job);
    }
    return out;
  }

  /**
   * Shuts down within a grace period: closes the intake and waits up to {@code grace} for the
   * workers to drain it and exit. If they do not, stops by force: the jobs still queued are
   * removed and cancelled (<i>abandoned</i>), the running ones are cancelled and their workers
   * interrupted. It does not wait after the forced stop; {@link #join()} does.
   *
   * <p>If the calling thread is interrupted while it waits, the grace period ends at once (the
   * stop is forced), and the method returns with the interrupt status set.
   *
   * @param grace how long to let the workers drain the intake; zero or negative forces at once
   * @return the abandoned jobs and the pool's counts
   * @throws NullPointerException if {@code grace} is null
   */
  public ShutdownReport shutdown(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    closeIntake();
    boolean interrupted = false;
    boolean drained;
    try {
      drained = awaitExit(deadline(toNanos(grace)));
    } catch (InterruptedException e) {
      interrupted = true;
      drained = isTerminated();
    }
    List<PoolJob<?>> abandoned = drained ? List.of() : stop(true);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return new ShutdownReport(List.copyOf(abandoned), completedCount(), failedCount(),
        cancelledCount(), !drained, isTerminated());
  }

  private List<PoolJob<?>> stop(boolean cancelRunning) {
    raiseRunState(STOP);
    intake.close();
    List<PoolJob<?>> dropped = new ArrayList<>();
    for (PoolJob<?> job; (job = queue.poll()) != null; ) {
      if (job.cancel(false)) { // false: its owner had cancelled it already
        dropped.add(job);
      }
    }
    for (Worker w : workers) {
      if (cancelRunning) {
        PoolJob<?> job = w.current;
        if (job != null) {
          if (job.cancelIfNew()) {
            dropped.add(job); // taken from the intake but never started: abandoned, not lost
          } else {
            job.cancel(true);
          }
        }
      }
      w.thread.interrupt();
    }
    return dropped;
  }

  private void raiseRunState(int target) {
    for (int s; (s = runState) < target; ) {
      if (RUN_STATE.compareAndSet(this, s, target)) {
        return;
      }
    }
  }

  /**
   * Waits until every worker has exited (the intake was closed and drained, or the pool was
   * stopped), and joins their threads. Like joining the threads of the Rust article's pool
   * after dropping its sender; without {@link #closeIntake()} (here or in another thread) it
   * waits forever.
   *
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalStateException if called from one of this pool's workers, which would wait
   *     for itself
   */
  public void join() throws InterruptedException {
    checkNotWorker("join()");
    exited.await();
    for (Worker w : workers) {
      w.thread.join();
    }
  }

  /**
   * Waits at most {@code timeout} until every worker has exited; see {@link #join()}.
   *
   * @param timeout how long to wait at most; zero or negative does not wait
   * @return true if the pool terminated in time
   * @throws InterruptedException if interrupted while waiting
   * @throws NullPointerException if {@code timeout} is null
   */
  public boolean join(Duration timeout) throws InterruptedException {
    return awaitExit(deadline(toNanos(timeout)));
  }

  /**
   * Waits until the pool has terminated (every worker exited after a shutdown) or the timeout
   * elapses. The same as {@link #join(Duration)}.
   *
   * @return true if terminated, false if the timeout elapsed first
   * @throws InterruptedException if interrupted while waiting
   * @throws NullPointerException if {@code unit} is null
   */
  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return awaitExit(deadline(unit.toNanos(timeout)));
  }

  private boolean awaitExit(long deadline) throws InterruptedException {
    if (!exited.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    for (Worker w : workers) { // they are exiting: joining takes microseconds
      long left = deadline - System.nanoTime();
      if (left <= 0L) {
        break;
      }
      w.thread.join(Duration.ofNanos(left));
    }
    return true;
  }

  /**
   * Closes the intake and waits until every accepted job has run and every worker has exited:
   * {@link ExecutorService#close()}'s contract. If interrupted while waiting, it stops the pool
   * as {@link #shutdownNow()} does, keeps waiting, and returns with the interrupt status set.
   * Idempotent.
   *
   * @throws IllegalStateException if called from one of this pool's workers, which would wait
   *     for itself
   */
  @Override
  public void close() {
    checkNotWorker("close()");
    closeIntake();
    boolean interrupted = false;
    for (;;) {
      try {
        join();
        break;
      } catch (InterruptedException e) {
        if (!interrupted) {
          interrupted = true;
          shutdownNow();
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void checkNotWorker(String what) {
    Thread me = Thread.currentThread();
    for (Worker w : workers) {
      if (w.thread == me) {
        throw new IllegalStateException(what + " called by a worker of " + name
            + " would wait for itself forever");
      }
    }
  }

  // ---------------------------------------------------------------- state

  /** {@return true once the intake is closed (by any shutdown)} */
  @Override
  public boolean isShutdown() {
    return runState != OPEN;
  }

  /** {@return true once every worker has exited after a shutdown} */
  @Override
  public boolean isTerminated() {
    return exited.getCount() == 0;
  }

  /**
   * {@return the number of jobs whose task returned normally so far}
   *
   * <p>About all the counts: a job is counted by the thread that decided its outcome, just
   * after the job is done; so a thread that has just seen a job done may not see it counted
   * yet. Once the pool has terminated ({@link #join()} returned) the counts are exact and, for
   * every job the pool accepted, {@code completed + failed + cancelled} counts it once.
   * Rejected submissions are never counted.
   */
  public long completedCount() {
    long n = externalCompleted.sum();
    for (Worker w : workers) {
      n += (long) COMPLETED.getAcquire(w);
    }
    return n;
  }

  /** {@return the number of jobs whose task threw so far; see {@link #completedCount()}} */
  public long failedCount() {
    long n = externalFailed.sum();
    for (Worker w : workers) {
      n += (long) FAILED.getAcquire(w);
    }
    return n;
  }

  /**
   * Naps while {@code job} is queued behind a backlog (see the overview).
   *
   * @return the job's state if it is done, else -1 (the caller goes on waiting)
   */
  private int napWhileQueued(PoolJob<?> job, boolean timed, long deadline)
      throws InterruptedException {
    Thread me = Thread.currentThread();
    if (me.isVirtual() || napper != null || !job.isNew() || queue.size() < NAP_BACKLOG
        || !NAPPER.compareAndSet(this, (Thread) null, me)) {
      return -1; // a virtual thread's unpark costs no system call; one napper per pool
    }
    try {
      for (int n = 1; ; n++) { // the checks above hold for the first nap
        long nap = NAP_NANOS;
        if (timed) {
          long left = deadline - System.nanoTime();
          if (left <= 0L) {
            return job.status(); // timed out
          }
          nap = Math.min(nap, left);
        }
        napCount.increment();
        LockSupport.parkNanos(job, nap);
        if (Thread.interrupted()) {
          if (job.isDone()) { // done anyway: report it, keep the interrupt for later
            me.interrupt();
            break;
          }
          throw new InterruptedException();
        }
        if (n == MAX_NAPS || !job.isNew() || queue.size() < NAP_BACKLOG
            || (napper != me && !NAPPER.compareAndSet(this, (Thread) null, me))) {
          break; // done napping; or a worker ended the nap and another waiter naps now
        }
      }
    } finally {
      NAPPER.compareAndSet(this, me, (Thread) null);
    }
    return job.isDone() ? job.status() : -1;
  }

  /** Ends the napping waiter's nap, if any, once the intake is empty. */
  private void wakeNapperIfDrained() {
    Thread t = napper;
    if (t != null && queue.isEmpty() && NAPPER.compareAndSet(this, t, (Thread) null)) {
      LockSupport.unpark(t);
    }
  }

  /** {@return how many naps waiters have taken; for tests} */
  long napsTaken() {
    return napCount.sum();
  }

  /**
   * {@return the number of accepted jobs cancelled so far, by anyone; see
   * {@link #completedCount()}} A cancel is counted before {@link Job#cancel} returns.
   */
  public long cancelledCount() {
    return cancelled.sum();
  }

  /** {@return the number of jobs waiting in the intake; a snapshot} */
  public int queuedCount() {
    return queue.size();
  }

  /** {@return the number of worker threads} */
  public int workerCount() {
    return workers.length;
  }

  /** {@return the intake's capacity: 0 for a rendezvous, {@link Integer#MAX_VALUE} for unbounded} */
  public int queueCapacity() {
    return capacity;
  }

  /** {@return the pool's name, the prefix of its worker threads' names} */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    String state = isTerminated() ? "terminated"
        : switch (runState) {
          case OPEN -> "open";
          case SHUTDOWN -> "intake closed";
          default -> "stopping";
        };
    return "WorkerPool[" + name + ", " + state + ", workers=" + workers.length
        + ", queued=" + queuedCount() + ", completed=" + completedCount()
        + ", failed=" + failedCount() + ", cancelled=" + cancelledCount() + "]";
  }

  // ---------------------------------------------------------------- workers

  /**
   * A worker: its thread and the fields it writes after every job. Each worker writes only its
   * own fields, so they are padded (superclass fields come first in the layout) to keep two
   * workers' fields, allocated side by side, off one cache line.
   */
  private static final class Worker extends WorkerPad1 implements Runnable {
    final WorkerPool pool;
    Thread thread;

    Worker(WorkerPool pool) {
      this.pool = pool;
    }

    @Override
    public void run() {
      pool.work(this);
    }
  }

  private void work(Worker w) {
    Thread me = Thread.currentThread();
    try {
      for (;;) {
        PoolJob<?> job;
        try {
          job = queue.recv();
        } catch (InterruptedException e) {
          continue; // stray, or a stop's nudge: the channel tells whether to go on
        } catch (ChannelClosedException e) {
          return; // the intake is closed and drained
        }
        Thread.interrupted(); // an interrupt meant for an earlier job (or nobody) ends here...
        if (runState == STOP) {
          me.interrupt(); // ...but a stop's interrupt reaches every job that still starts
        }
        CURRENT.setRelease(w, job);
        int outcome = job.runBy(me);
        CURRENT.setRelease(w, (PoolJob<?>) null);
        wakeNapperIfDrained();
        if (outcome == PoolJob.SUCCESS) {
          COMPLETED.setRelease(w, (long) COMPLETED.get(w) + 1);
        } else if (outcome == PoolJob.FAILED) {
          FAILED.setRelease(w, (long) FAILED.get(w) + 1);
          reportFailure(job);
        }
      }
    } finally {
      exited.countDown();
    }
  }

  /** Counts a job that a thread other than a worker ran through {@link Job#run()}. */
  void countExternal(PoolJob<?> job, int outcome) {
    if (outcome == PoolJob.SUCCESS) {
      externalCompleted.increment();
    } else {
      externalFailed.increment();
      reportFailure(job);
    }
  }

  void countCancelled() {
    cancelled.increment();
  }

  private void reportFailure(PoolJob<?> job) {
    Throwable failure = job.failure();
    try {
      if (onFailure != null) {
        onFailure.accept(job, failure);
      } else if (job.kind == PoolJob.EXECUTE) {
        uncaught(failure);
      }
    } catch (Throwable handlerFailure) {
      uncaught(handlerFailure);
    }
  }

  private static void uncaught(Throwable t) {
    Thread me = Thread.currentThread();
    try {
      Thread.UncaughtExceptionHandler h = me.getUncaughtExceptionHandler();
      if (h != null) {
        h.uncaughtException(me, t);
      }
    } catch (Throwable ignored) {
      // a broken handler must not kill the worker
    }
  }

  // ---------------------------------------------------------------- time

  /** {@return the {@link System#nanoTime()} deadline {@code nanos} from now, clamped} */
  static long deadline(long nanos) {
    return System.nanoTime() + Math.max(0L, Math.min(nanos, MAX_WAIT_NANOS));
  }

  private static long toNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  // ---------------------------------------------------------------- builder

  /**
   * Configures and builds a {@link WorkerPool}. Not thread-safe; each {@link #build()} makes a
   * new, independent pool.
   */
  public static final class Builder {
    private int workers = Runtime.getRuntime().availableProcessors();
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private boolean virtualThreads;
    private boolean daemon;
    private String name;
    private BiConsumer<? super Job<?>, ? super Throwable> onFailure;

    private Builder() {}

    /**
     * Sets the number of worker threads; default {@link Runtime#availableProcessors()}.
     *
     * @param workers the number of workers, {@code >= 1}
     * @return this builder
     * @throws IllegalArgumentException if {@code workers < 1}
     */
    public Builder workers(int workers) {
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be >= 1: " + workers);
      }
      this.workers = workers;
      return this;
    }

    /**
     * Sets how many jobs the intake holds before submitters block (or get {@link Saturated});
     * default {@value WorkerPool#DEFAULT_QUEUE_CAPACITY}. 0 makes the intake a rendezvous: a
     * job is handed straight to an idle worker. {@link Integer#MAX_VALUE} makes it unbounded
     * (no back-pressure, as in {@code Executors.newFixedThreadPool}).
     *
     * @param capacity the intake's capacity
     * @return this builder
     * @throws IllegalArgumentException if {@code capacity} is negative, or above 2<sup>30</sup>
     *     and not {@link Integer#MAX_VALUE}
     */
    public Builder queueCapacity(int capacity) {
      if (capacity < 0 || (capacity > (1 << 30) && capacity != Integer.MAX_VALUE)) {
        throw new IllegalArgumentException(
            "capacity must be in [0, 2^30] or Integer.MAX_VALUE: " + capacity);
      }
      this.queueCapacity = capacity;
      return this;
    }

    /**
     * Makes the workers virtual threads (default: platform threads). Virtual workers suit jobs
     * that block on I/O; for CPU-bound jobs, platform workers as many as cores do as well.
     *
     * @param virtual true for virtual workers
     * @return this builder
     */
    public Builder virtualThreads(boolean virtual) {
      this.virtualThreads = virtual;
      return this;
    }

    /**
     * Makes platform workers daemon threads (default false, as in {@code Executors}), so a pool
     * nobody shuts down does not keep the JVM alive. Virtual threads are always daemons.
     *
     * @param daemon true for daemon workers
     * @return this builder
     */
    public Builder daemon(boolean daemon) {
      this.daemon = daemon;
      return this;
    }

    /**
     * Names the pool; worker threads are named {@code <name>-worker-<i>}, {@code i} from 0.
     * Default: {@code ferrite-pool-<n>}, {@code n} counting pools built in this JVM.
     *
     * @param name the pool's name
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name is blank");
      }
      this.name = name;
      return this;
    }

    /**
     * Sets the handler told of every failed job: called in the thread that ran it (a worker),
     * after the job is done, with the job and what its task threw. Cancelled jobs are not
     * failures. What the handler throws goes to the thread's uncaught-exception handler; the
     * worker lives on. Default: none; a failure of a submitted job is then only in its
     * {@link Job} and in {@link WorkerPool#failedCount()}, and a failure of an
     * {@link WorkerPool#execute executed} task, which has no handle, goes to the worker's
     * uncaught-exception handler.
     *
     * @param handler called with each failed job and what its task threw
     * @return this builder
     * @throws NullPointerException if {@code handler} is null
     */
    public Builder onFailure(BiConsumer<? super Job<?>, ? super Throwable> handler) {
      this.onFailure = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Builds the pool and starts its workers.
     *
     * @return the open pool
     */
    public WorkerPool build() {
      return new WorkerPool(this);
    }
  }

  private static final VarHandle RUN_STATE;
  private static final VarHandle NAPPER;
  private static final VarHandle CURRENT;
  private static final VarHandle COMPLETED;
  private static final VarHandle FAILED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      RUN_STATE = l.findVarHandle(WorkerPool.class, "runState", int.class);
      NAPPER = l.findVarHandle(WorkerPool.class, "napper", Thread.class);
      CURRENT = l.findVarHandle(WorkerHot.class, "current", PoolJob.class);
      COMPLETED = l.findVarHandle(WorkerHot.class, "completed", long.class);
      FAILED = l.findVarHandle(WorkerHot.class, "failed", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}

/**
 * Padding before a worker's hot fields. The int fills the 4-byte gap after the object header,
 * where HotSpot would otherwise move the first small field a subclass declares (here `current`),
 * onto the line of whatever object lies before the worker.
 */
abstract class WorkerPad0 {
  int gap;
  long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** The fields a worker writes after every job; single writer, release stores. */
abstract class WorkerHot extends WorkerPad0 {
  /** The job being run, for a forced stop to cancel. */
  volatile PoolJob<?> current;
  volatile long completed;
  volatile long failed;
}

/** Padding after a worker's hot fields. */
abstract class WorkerPad1 extends WorkerHot {
  long p10, p11, p12, p13, p14, p15, p16, p17;
}
