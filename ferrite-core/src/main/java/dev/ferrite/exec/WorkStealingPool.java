package dev.ferrite.exec;

import dev.ferrite.internal.Spin;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A work-stealing scheduler: the Rust article's {@code WorkStealingPool} with its workers
 * finished, plus rayon's fork-join ({@link #join join}, {@link #scope scope}), as a full
 * {@link ExecutorService}.
 *
 * <pre>{@code
 * try (WorkStealingPool pool = WorkStealingPool.builder().workers(4).name("fib").build()) {
 *   long f = pool.submit(() -> fib(pool, 30)).get();   // or pool.join(...) from any thread
 * }
 *
 * static long fib(WorkStealingPool pool, int n) {
 *   if (n < 2) return n;
 *   Both<Long, Long> r = pool.join(() -> fib(pool, n - 1), () -> fib(pool, n - 2));
 *   return r.first() + r.second();
 * }
 * }</pre>
 *
 * <h2>How work moves</h2>
 * Each worker owns a deque. Work a worker creates ({@link #join}'s second half, {@link
 * Scope#spawn spawn}, or {@code submit}/{@code execute} called from a task) goes on the bottom of
 * its own deque, and the worker takes from that bottom (newest first, depth first, the cache-warm
 * order). An idle worker <i>steals</i> from the top of another worker's deque (oldest first: the
 * biggest pieces of a divide-and-conquer computation), choosing victims in random order.
 * Submissions from threads outside the pool go to a shared <i>injector</i> queue, or, with
 * {@link #submit(int, Runnable) submit(hint, task)}, to the inbox of worker {@code hint}, which
 * takes from it before looking elsewhere (others may still steal from it, so a busy worker's
 * inbox does not strand work). A worker looks, in order: its own deque, its inbox, other
 * workers' deques and inboxes, the injector.
 *
 * <p>A worker that finds nothing spins for a few tens of microseconds, then parks. Whoever makes
 * work available wakes a parked worker if there is one, and only then: a pool whose workers are
 * all busy pays nothing for wake-ups. A wake-up is never lost: a task submitted while every
 * worker is going to sleep is always run (see {@code docs/work-stealing.md} for the protocol).
 *
 * <h2>Fork-join</h2>
 * {@link #join join(a, b)} runs {@code a} in the calling thread while {@code b} waits on the
 * deque where another worker can steal it; then it takes {@code b} back and runs it itself if no
 * one did. {@link #scope scope(body)} runs {@code body}, which may {@link Scope#spawn spawn} any
 * number of tasks (which may spawn more), and returns once all of them have finished. Both work
 * from any thread: called from outside the pool, they hand the whole computation to a worker and
 * wait for it.
 *
 * <p>A worker that must wait (for a stolen {@code b}, for a scope's spawned tasks, for a
 * {@link Job} it {@link Job#get() gets}) does not block while there is work: it <i>helps</i>,
 * running tasks from its own deque first, then stolen ones, and parks only when there is
 * nothing to run; it wakes when what it waits for completes or new work appears.
 *
 * <h2>Failures</h2>
 * A task that throws never kills its worker.
 * <ul>
 *   <li>{@code join} and {@code scope} always wait for every task they started. Then they throw
 *       what the first task threw ({@code a} before {@code b}; the body before spawned tasks,
 *       which come in the order they failed), with every other failure
 *       {@linkplain Throwable#addSuppressed suppressed} into it. {@link RuntimeException}s and
 *       {@link Error}s are rethrown as they are (the same object, whose stack trace is the
 *       thread's that ran the task); anything else is wrapped in a {@link CompletionException}.
 *   <li>A {@link Job} holds its task's failure ({@link Job#get()} throws
 *       {@link ExecutionException}).
 *   <li>A task given to {@link #execute} has nobody to report to: its failure goes to the
 *       worker thread's {@link Thread.UncaughtExceptionHandler}, and the worker goes on.
 * </ul>
 *
 * <h2>Life cycle and shutdown</h2>
 * <ol>
 *   <li><b>Open.</b> {@link Builder#build() Built} with N platform worker threads, started at once.
 *   <li><b>Shut down</b> ({@link #shutdown()}, {@link #close()}): new submissions from any thread
 *       are rejected ({@code submit}, {@code execute}, {@code invokeAll/Any}, and {@code join}
 *       and {@code scope} called from outside the pool throw
 *       {@link RejectedExecutionException}); everything already accepted runs to the end,
 *       including the joins, scopes and spawns of running tasks, which keep working. Workers
 *       exit once no task is queued or running anywhere.
 *   <li><b>Stopped</b> ({@link #shutdownNow()}): every task that has not started is removed and
 *       cancelled: queued jobs (returned), and the forked halves of joins and spawned tasks of
 *       running computations, whose {@code join} or {@code scope} then throws
 *       {@link CancellationException}. Workers are interrupted; running tasks finish when they
 *       notice (or return); idle workers exit at once.
 *   <li><b>Terminated</b> once every worker has exited: {@link #awaitTermination} and
 *       {@link #close()} wait for this.
 * </ol>
 *
 * <h2>Interruption</h2>
 * {@code join} and {@code scope} called by a worker never throw {@link InterruptedException};
 * the interrupt status stays set for the task to see. Called from outside the pool, an interrupt
 * while they wait cancels the computation (the worker running it is interrupted) and they throw
 * {@link CancellationException} with the interrupt status set. {@link Job#get()} and the
 * {@code invoke} methods throw {@link InterruptedException} as usual, from workers too (even
 * while helping). Before each task it takes from a queue, a worker clears its interrupt status,
 * so an interrupt aimed at an earlier task does not hit the next, except after
 * {@link #shutdownNow()}, whose interrupt every task that still starts sees.
 *
 * <h2>Memory consistency effects</h2>
 * Actions before a task is submitted, forked ({@code join}) or spawned <i>happen-before</i> it
 * runs; a task's actions <i>happen-before</i> the return of the {@code join} or {@code scope}
 * that waited for it, and of a {@link Job} method that saw it done; and, for every task, the
 * return of {@link #awaitTermination} (true) and {@link #close()}.
 */
public final class WorkStealingPool implements ExecutorService {
  /*
   * Implementation overview
   *
   * 1. Deques. Each worker owns a Chase-Lev deque (WorkDeque: Chase and Lev, SPAA 2005, with
   *    the C11 orderings proved by Le, Pop, Cohen and Zappa Nardelli, PPoPP 2013). The owner's
   *    push is plain stores and a release store, no fence; its pop pays one full fence (the
   *    StoreLoad between lowering bottom and reading top) and a CAS only for the last element;
   *    a thief pays a fence and a CAS. Each element carries an int tag. Elements are dispatched
   *    by tag and type: tag >= 0 is the second half of a join (the caller's Supplier itself,
   *    tagged with the join's nesting depth), else a Spawn (a scope's task) or a PoolJob (a
   *    submitted job, the class WorkerPool uses too).
   *
   * 2. join without allocation or shared writes. A join pushes its second half b, tagged with
   *    the worker's current nesting depth d, runs a, and pops. If the pop returns b, nobody
   *    stole it and b runs inline: the whole join touched only the owner's deque (no CAS, one
   *    fence, no write to any shared object) and allocated only what the caller did (its
   *    lambdas, which the JIT usually removes once join is inlined, and the Both it returns).
   *    Only a stolen b needs a place for its outcome: the thief, which knows the victim and the
   *    tag, writes result/failure into the victim's frames[d], then state = DONE (volatile),
   *    then reads the victim's sleep bit and unparks it if set; the victim, having found its
   *    deque empty where b was, waits for frames[d] by helping (point 4), reads the outcome and
   *    resets the frame. Frames are reused, one per depth, because joins nest like calls: the
   *    join at depth d finishes, and its frame is free again, before any later join at depth d
   *    can start on this worker. Reusing them (instead of wrapping b in a fresh object) keeps
   *    forks allocation-free, and keeping b itself in the deque (instead of storing it into a
   *    long-lived frame) spares the fast path a second reference store into an old object, which
   *    under G1 costs a StoreLoad of its own in the post-write barrier.
   *
   * 3. Where work goes and in which order a worker looks for it: own deque (LIFO), own inbox
   *    (hinted submissions), other workers in random order (each victim's deque, then its
   *    inbox), the injector (a ConcurrentLinkedQueue for submissions from outside). In-flight
   *    computations are preferred to new external work, as rayon does: it finishes what has
   *    started (bounding memory and latency) before taking on more.
   *
   * 4. Helping. A worker waiting on a Waitable (stolen frame, scope, job, job group) loops:
   *    findWork and run it; else spin for the idle budget (Spin.LONG, 50 us on a platform thread
   *    of a multi-core machine, 0 on one CPU); else sleep (point 5) until the waitable is done
   *    or work appears. Tasks run while helping nest on the waiter's stack (as in
   *    ForkJoinPool's helpJoin, or rayon's wait_until): a worker never blocks idle while any
   *    queue it can see holds work.
   *
   * 5. Sleeping without lost wake-ups, and waking only sleepers. The pool keeps a bitmask of
   *    sleeping workers (one long per 64 workers, each on its own cache line). To sleep, a
   *    worker sets its bit with a CAS, then re-scans every queue (and re-checks what it waits
   *    for), and parks only if it finds nothing, looping until its bit is cleared. Whoever
   *    publishes work (an external submit: the queue's CAS; a push into an empty deque: a full
   *    fence) then reads the bitmask and, if a bit is set, clears one bit with a CAS and
   *    unparks that worker. The two sides form a Dekker pair over sequentially consistent
   *    accesses: if the publisher's read misses the sleeper's bit, the bit was set after that
   *    read, so the sleeper's re-scan comes after the publication and sees the work. A cleared
   *    bit is a claim: exactly one publisher wakes each sleeper, and a claimed worker scans again
   *    before it may sleep again, and that scan follows the claim, hence the publication. This
   *    is the argument of rayon-core's sleep module (its README, "proof sketch"), with rayon's
   *    jobs-event counter replaced by the claimable bits, which make "is anyone asleep?" one
   *    volatile read on the publisher's side. A worker woken because what it waited for is done
   *    may find its bit claimed by a publisher; it then passes the wake-up on (signalWork), since
   *    it returns to its task instead of scanning.
   *
   *    Publishers skip the fence and the read for pushes into a non-empty deque: someone is
   *    already going to find work there (its owner at least), so no task can be stranded; a
   *    worker that steals and sees more left wakes another, and so does one that takes from a
   *    non-empty injector (ForkJoinPool's signalling heuristics, which activate workers in
   *    O(log N) steps for tree-shaped work).
   *
   * 6. Termination. ctl packs the number of workers that are not asleep at top level ("active",
   *    low 16 bits) with an epoch bumped on every re-activation. A worker holds or takes tasks
   *    only while active: it decrements before its last re-scan and increments before taking
   *    anything again. Under SHUTDOWN, tryTerminate (run by shutdown() and by every worker
   *    going to sleep) reads ctl (active == 0), scans every queue (empty), and reads ctl again
   *    (unchanged): then no task is queued or held anywhere and, external submissions being
   *    rejected, none can appear, so it raises STOP and wakes everyone to exit. A submission
   *    racing with shutdown re-reads runState after enqueuing and, if it sees the shutdown,
   *    takes its task back (queue.remove) and rejects it; if the removal fails a worker already
   *    took it, and it runs. Either the task is run or the submitter is told; never neither.
   *
   * 7. shutdownNow raises STOP, drains the injector and inboxes, and steals everything left in
   *    the deques: jobs are cancelled and returned, frames and spawns are completed with a
   *    CancellationException (their joiners wake and throw it). Workers exit as soon as they
   *    are back at top level; workers still inside a task keep helping their joins, so those
   *    finish.
   *
   * 8. Counters are single-writer fields of each worker (padded away from its neighbours),
   *    written with opaque stores and read with opaque loads: no shared cache line on the hot
   *    path.
   */

  /** Workers beyond this are refused: ctl counts active workers in 16 bits. */
  static final int MAX_WORKERS = 0x7fff;

  private static final int OPEN = 0;
  private static final int SHUTDOWN = 1;
  private static final int STOP = 2;

  private static final long ACTIVE_MASK = 0xffffL;
  private static final long EPOCH_UNIT = 1L << 16;

  /** The most pause hints an idle worker spends between two sweeps for work. */
  private static final int MAX_BACKOFF = 64;

  /** Longs per cache line (and more, against adjacent-line prefetch): spacing of sleep words. */
  private static final int PAD = 16;

  /** Waits longer than this (about 36 years) are treated as this long: no deadline overflows. */
  private static final long MAX_WAIT_NANOS = Long.MAX_VALUE >> 2;

  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  private final String name;
  private final Worker[] workers;
  private final Queue<Object> injector = new ConcurrentLinkedQueue<>();
  /** Sleeping workers: bit (i & 63) of word i >> 6, stored at index (word + 1) * PAD. */
  private final long[] sleeping;
  private final int sleepWords;
  private final CountDownLatch exited;
  private final long idleSpinNanos;
  private final JobHost host = new Host();
  private volatile long ctl;
  private volatile int runState;

  private WorkStealingPool(Builder b) {
    this.name = b.name != null ? b.name : "ferrite-steal-" + POOL_NUMBER.incrementAndGet();
    int n = b.workers;
    this.workers = new Worker[n];
    this.sleepWords = (n + 63) >>> 6;
    this.sleeping = new long[(sleepWords + 2) * PAD];
    this.exited = new CountDownLatch(n);
    this.idleSpinNanos = Spin.budget(Spin.LONG);
    this.ctl = n; // every worker starts active
    for (int i = 0; i < n; i++) {
      Worker w = new Worker(this, i, name + "-worker-" + i, b.stackSize);
      w.setDaemon(b.daemon);
      workers[i] = w;
    }
    int started = 0;
    try {
      for (Worker w : workers) {
        w.start();
        started++;
      }
    } catch (RuntimeException | Error e) { // e.g. no memory for another thread: undo, report
      shutdownNow();
      for (int i = started; i < n; i++) {
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
   * Creates a pool of {@code workers} platform threads.
   *
   * @param workers the number of worker threads, in [1, 32767]
   * @return the started pool
   * @throws IllegalArgumentException if {@code workers} is out of range
   */
  public static WorkStealingPool fixed(int workers) {
    return builder().workers(workers).build();
  }

  // ================================================================ fork-join

  /**
   * Runs {@code a} and {@code b}, potentially in parallel, and returns both results: rayon's
   * {@code join}. {@code a} runs in the calling thread; {@code b} is offered to idle workers and
   * run by the caller itself if none took it by the time {@code a} returns. While a stolen
   * {@code b} is still running, the calling worker helps with other tasks.
   *
   * <p>Called from a thread outside this pool (including a worker of another pool), it submits
   * the join as one task, waits for it, and returns its result; an interrupt while it waits
   * cancels that task (interrupting the worker that runs it) and throws
   * {@link CancellationException} with the interrupt status set.
   *
   * <p>Both tasks always run to the end, even if one throws. If one throws, that is thrown; if
   * both do, {@code a}'s failure is thrown with {@code b}'s suppressed. See the class
   * documentation for how failures are rethrown.
   *
   * <p>Memory consistency effects: actions before {@code join} happen-before both tasks run;
   * both tasks' actions happen-before {@code join} returns or throws.
   *
   * @param a the task to run in the calling thread
   * @param b the task offered to other workers
   * @param <A> the result type of {@code a}
   * @param <B> the result type of {@code b}
   * @return both results
   * @throws NullPointerException if {@code a} or {@code b} is null
   * @throws RejectedExecutionException if called from outside the pool after a shutdown
   * @throws CancellationException if {@code b} was cancelled by {@link #shutdownNow()} before it
   *     started, or the caller from outside the pool was interrupted
   */
  public <A, B> Both<A, B> join(Supplier<? extends A> a, Supplier<? extends B> b) {
    if (a != null && b != null && Thread.currentThread() instanceof Worker w && w.pool == this) {
      return w.join(a, b);
    }
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    return external(() -> join(a, b));
  }

  /**
   * Runs {@code body} with a {@link Scope} in which it can {@linkplain Scope#spawn spawn}
   * tasks, and returns once {@code body} and every task spawned in the scope (also by spawned
   * tasks) have finished: rayon's {@code scope}. The calling worker helps while it waits.
   *
   * <p>Called from outside the pool, the whole scope runs as one task on a worker, as for
   * {@link #join}. Every task always runs to the end, even if others throw; then the first
   * failure is thrown (the body's first), with the others suppressed.
   *
   * <pre>{@code
   * LongAdder visited = new LongAdder();
   * pool.scope(s -> {
   *   for (Node root : roots) {
   *     s.spawn(() -> visit(s, root, visited));   // visit may s.spawn(...) more
   *   }
   * });
   * }</pre>
   *
   * <p>Memory consistency effects: actions before {@code scope} happen-before {@code body};
   * actions before a {@code spawn} happen-before the spawned task; every task's actions
   * happen-before {@code scope} returns or throws.
   *
   * @param body the code that spawns tasks
   * @throws NullPointerException if {@code body} is null
   * @throws RejectedExecutionException if called from outside the pool after a shutdown
   * @throws CancellationException if a spawned task was cancelled by {@link #shutdownNow()}
   *     before it started, or the caller from outside the pool was interrupted
   */
  public void scope(Consumer<? super Scope> body) {
    Objects.requireNonNull(body, "body");
    if (Thread.currentThread() instanceof Worker w && w.pool == this) {
      w.scope(body);
      return;
    }
    external(() -> {
      scope(body);
      return null;
    });
  }

  /** Runs {@code c} as one job on a worker and waits for it; for callers outside the pool. */
  private <T> T external(Callable<T> c) {
    PoolJob<T> root = new PoolJob<>(host, c, PoolJob.CALL, null);
    enqueue(root, -1);
    try {
      return root.get();
    } catch (InterruptedException e) {
      root.cancel(true);
      Thread.currentThread().interrupt();
      CancellationException ce =
          new CancellationException("interrupted while waiting for the pool " + name);
      ce.initCause(e);
      throw ce;
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  /** {@return {@code t} as an unchecked throwable to throw: itself, or wrapped} */
  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new CompletionException(t);
  }

  /**
   * The scope of one {@link WorkStealingPool#scope} call: spawns tasks that the call waits for.
   * Thread-safe; valid until the call returns.
   */
  public static final class Scope {
    private final WorkStealingPool pool;
    private final Worker owner;
    /** What the owner waits for: every task, and the body, arrived. */
    final Waitable over = this::isOver;
    /** Tasks not finished yet, plus one for the body; 0 once the scope is over. */
    private volatile long pending = 1;
    private volatile Failure failures;

    Scope(WorkStealingPool pool, Worker owner) {
      this.pool = pool;
      this.owner = owner;
    }

    /**
     * Starts {@code task} in the pool; the scope's call waits for it. May be called from the
     * body, from tasks spawned in this scope, or from any thread while the scope is running.
     * From a worker of the pool the task goes on that worker's deque (where idle workers steal
     * it), else on the pool's injector. Works after {@link WorkStealingPool#shutdown()}: it is
     * part of a computation already accepted.
     *
     * <p>Memory consistency effects: actions before {@code spawn} happen-before {@code task}
     * runs.
     *
     * @param task the task
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalStateException if the scope is over (its call has returned)
     */
    public void spawn(Runnable task) {
      Objects.requireNonNull(task, "task");
      long p = (long) PENDING.getAndAdd(this, 1L);
      if (p <= 0) {
        PENDING.getAndAdd(this, -1L);
        throw new IllegalStateException("the scope is over: spawn only while it runs");
      }
      pool.pushInternal(new Spawn(this, task));
    }

    /** Records what a task (or the body) threw. */
    void fail(Throwable t) {
      for (;;) {
        Failure f = failures;
        if (FAILURES.compareAndSet(this, f, new Failure(t, f))) {
          return;
        }
      }
    }

    /** Counts a finished task (or the body); the last one wakes the owner. */
    void arrive() {
      if ((long) PENDING.getAndAdd(this, -1L) == 1L) {
        pool.wakeIfSleeping(owner);
      }
    }

    private boolean isOver() {
      return pending == 0L;
    }

    /** {@return the first failure with the others suppressed, or null; after the scope} */
    Throwable failure(Throwable bodyFailure) {
      List<Throwable> all = new ArrayList<>();
      for (Failure f = failures; f != null; f = f.next) {
        all.add(f.failure);
      }
      Collections.reverse(all); // in the order recorded
      if (bodyFailure != null) {
        all.add(0, bodyFailure);
      }
      if (all.isEmpty()) {
        return null;
      }
      Throwable first = all.get(0);
      for (int i = 1; i < all.size(); i++) {
        if (all.get(i) != first) {
          first.addSuppressed(all.get(i));
        }
      }
      return first;
    }

    @Override
    public String toString() {
      return "Scope[" + pool.name + ", pending=" + Math.max(0L, pending - 1) + "]";
    }

    private record Failure(Throwable failure, Failure next) {}

    private static final VarHandle PENDING;
    private static final VarHandle FAILURES;

    static {
      try {
        MethodHandles.Lookup l = MethodHandles.lookup();
        PENDING = l.findVarHandle(Scope.class, "pending", long.class);
        FAILURES = l.findVarHandle(Scope.class, "failures", Failure.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  /** A task spawned in a scope. */
  static final class Spawn {
    final Scope scope;
    final Runnable task;

    Spawn(Scope scope, Runnable task) {
      this.scope = scope;
      this.task = task;
    }

    void run() {
      try {
        task.run();
      } catch (Throwable t) {
        scope.fail(t);
      }
      scope.arrive();
    }

    void cancel() {
      scope.fail(new CancellationException("spawned task cancelled: the pool was stopped"));
      scope.arrive();
    }
  }

  /**
   * Where the second half of a join leaves its outcome when a thief ran it. Reused: frame d of a
   * worker serves every join at nesting depth d (see the implementation overview). The owner
   * touches it only when the half was stolen.
   */
  static final class Frame implements Waitable {
    static final int PENDING = 0;
    static final int DONE = 1;

    /** Written by the thief before DONE. */
    Object result;
    Throwable failure;
    volatile int state;

    @Override
    public boolean isDone() {
      return state == DONE;
    }
  }

  // ================================================================ submitting

  /**
   * Runs {@code command} once on a worker. Nobody holds a handle to it, so if it throws, the
   * failure goes to the worker thread's {@link Thread.UncaughtExceptionHandler} (the worker
   * survives). Called from a task of this pool, the command goes on that worker's deque.
   *
   * @throws RejectedExecutionException if the pool is shut down
   * @throws NullPointerException if {@code command} is null
   */
  @Override
  public void execute(Runnable command) {
    Objects.requireNonNull(command, "command");
    enqueue(new PoolJob<Void>(host, command, PoolJob.EXECUTE, null), -1);
  }

  /**
   * Submits {@code task}; called from a task of this pool, it goes on that worker's deque.
   *
   * @return the job, whose result is {@code null} once it completes
   * @throws RejectedExecutionException if the pool is shut down
   * @throws NullPointerException if {@code task} is null
   */
  @Override
  public Job<?> submit(Runnable task) {
    Objects.requireNonNull(task, "task");
    return enqueue(new PoolJob<Void>(host, task, PoolJob.RUN, null), -1);
  }

  /**
   * Submits {@code task}; called from a task of this pool, it goes on that worker's deque.
   *
   * @param result what the job returns once {@code task} completes; may be null
   * @return the job
   * @throws RejectedExecutionException if the pool is shut down
   * @throws NullPointerException if {@code task} is null
   */
  @Override
  public <T> Job<T> submit(Runnable task, T result) {
    Objects.requireNonNull(task, "task");
    return enqueue(new PoolJob<T>(host, task, PoolJob.RUN, result), -1);
  }

  /**
   * Submits {@code task}; called from a task of this pool, it goes on that worker's deque.
   *
   * @return the job, which holds the task's result or failure once done
   * @throws RejectedExecutionException if the pool is shut down
   * @throws NullPointerException if {@code task} is null
   */
  @Override
  public <T> Job<T> submit(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    return enqueue(new PoolJob<T>(host, task, PoolJob.CALL, null), -1);
  }

  /**
   * The article's {@code submit(thread_hint, task)}: submits {@code task} to the queue of worker
   * {@code Math.floorMod(hint, workerCount())}. That worker takes it before anything but its own
   * deque, so related tasks submitted with one hint tend to run on one thread (warm caches);
   * if it is busy, idle workers steal from its queue, so the hint is a preference, never a
   * reason for a task to wait while a worker idles. Called by that worker itself, the task goes
   * on its own deque.
   *
   * @param hint picks the worker; any int
   * @param task the task
   * @return the job, whose result is {@code null} once it completes
   * @throws RejectedExecutionException if the pool is shut down
   * @throws NullPointerException if {@code task} is null
   */
  public Job<?> submit(int hint, Runnable task) {
    Objects.requireNonNull(task, "task");
    return enqueue(new PoolJob<Void>(host, task, PoolJob.RUN, null),
        Math.floorMod(hint, workers.length));
  }

  /**
   * Hands a new job to the pool: onto the calling worker's deque (if it is a worker of this pool
   * and the hint, if any, names it), else onto worker {@code hint}'s inbox or the injector.
   */
  private <J extends PoolJob<?>> J enqueue(J job, int hint) {
    if (runState != OPEN) {
      throw rejected();
    }
    if (Thread.currentThread() instanceof Worker w && w.pool == this
        && (hint < 0 || hint == w.index)) {
      w.push(job);
      return job;
    }
    Queue<Object> q = hint < 0 ? injector : workers[hint].inbox;
    q.offer(job);
    if (runState != OPEN && q.remove(job)) { // lost a race with shutdown: take it back
      throw rejected();
    }
    if (hint < 0 || !wake(workers[hint])) {
      signalWork();
    }
    return job;
  }

  /** Pushes work of a running computation (a spawn): never rejected. */
  private void pushInternal(Object task) {
    if (Thread.currentThread() instanceof Worker w && w.pool == this) {
      w.push(task);
    } else {
      injector.offer(task);
      signalWork();
    }
  }

  private RejectedExecutionException rejected() {
    return new RejectedExecutionException("the pool " + name + " is shut down");
  }

  // ================================================================ bulk

  /**
   * Submits every task and waits until all are done. Called from a worker of this pool, the
   * tasks go on its deque and it helps run them while it waits.
   *
   * @return the jobs, in the order of the collection's iterator, all done
   * @throws InterruptedException if interrupted while waiting; every job is then cancelled
   *     (with interrupt)
   * @throws RejectedExecutionException if the pool is shut down; nothing was submitted
   * @throws NullPointerException if {@code tasks} or any task is null; checked before anything
   *     is submitted
   */
  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    List<PoolJob<T>> jobs = submitAll(List.copyOf(tasks));
    boolean allDone = false;
    try {
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
   * Submits every task and waits until all are done or the timeout elapses. On return every
   * job is done: those that did not finish in time are cancelled (with interrupt).
   *
   * @return the jobs, in the order of the collection's iterator, all done
   * @throws InterruptedException if interrupted while waiting; every job is then cancelled
   * @throws RejectedExecutionException if the pool is shut down; nothing was submitted
   * @throws NullPointerException if {@code tasks}, any task, or {@code unit} is null; checked
   *     before anything is submitted
   */
  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    List<Callable<T>> list = List.copyOf(tasks);
    long deadline = deadline(unit.toNanos(timeout));
    List<PoolJob<T>> jobs = submitAll(list);
    try {
      for (PoolJob<T> job : jobs) {
        if (!job.awaitUntil(deadline)) {
          break;
        }
      }
      return new ArrayList<>(jobs);
    } finally {
      for (PoolJob<T> job : jobs) {
        job.cancel(true); // no-op for the done ones
      }
    }
  }

  private <T> List<PoolJob<T>> submitAll(List<Callable<T>> list) {
    List<PoolJob<T>> jobs = new ArrayList<>(list.size());
    for (Callable<T> c : list) {
      jobs.add(new PoolJob<>(host, c, PoolJob.CALL, null));
    }
    submitJobs(jobs);
    return jobs;
  }

  /** Enqueues every job, or, if the pool rejects one, cancels those accepted and rethrows. */
  private <T> void submitJobs(List<? extends PoolJob<T>> jobs) {
    int accepted = 0;
    try {
      for (PoolJob<T> job : jobs) {
        enqueue(job, -1);
        accepted++;
      }
    } finally {
      if (accepted < jobs.size()) {
        for (int i = 0; i < jobs.size(); i++) {
          jobs.get(i).cancelQuietly(true);
        }
      }
    }
  }

  /**
   * Runs the tasks until one completes normally and returns its result; the others are then
   * cancelled (with interrupt). Called from a worker of this pool, it helps while it waits.
   *
   * @return the result of a task that completed normally
   * @throws ExecutionException if no task completed normally; its cause is one of the failures
   * @throws InterruptedException if interrupted while waiting; all tasks are cancelled
   * @throws RejectedExecutionException if the pool is shut down
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
   * Like {@link #invokeAny(Collection)}, giving up when the timeout elapses.
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
    JobGroup group = new JobGroup(list.size());
    List<PoolJob<T>> jobs = new ArrayList<>(list.size());
    for (Callable<T> c : list) {
      jobs.add(new PoolJob.Notifying<>(host, c, group));
    }
    try {
      submitJobs(jobs);
      if (!await(group, timed, deadline)) {
        throw new TimeoutException("invokeAny: no task completed in time");
      }
      Throwable failure = null;
      for (PoolJob<T> job : jobs) {
        switch (job.state()) {
          case SUCCESS -> {
            return job.resultNow();
          }
          case FAILED -> failure = failure != null ? failure : job.exceptionNow();
          default -> { }
        }
      }
      throw new ExecutionException(failure != null
          ? failure : new CancellationException("every task was cancelled"));
    } finally {
      for (PoolJob<T> job : jobs) {
        job.cancel(true);
      }
    }
  }

  /**
   * Waits until {@code w} is done: helping if the caller is a worker of this pool, else spinning
   * and parking.
   *
   * @return false if timed out
   */
  private boolean await(Waitable c, boolean timed, long deadline) throws InterruptedException {
    if (Thread.currentThread() instanceof Worker w && w.pool == this) {
      return helpUntil(w, c, timed, deadline, true);
    }
    long end = System.nanoTime() + Spin.budget(Spin.SHORT);
    for (int i = 0; !c.isDone(); i++) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      if (!Spin.pause(i, end)) {
        break;
      }
    }
    Thread me = Thread.currentThread();
    Object token = c.enlist(me);
    try {
      while (!c.isDone()) {
        if (timed) {
          long left = deadline - System.nanoTime();
          if (left <= 0L) {
            return false;
          }
          LockSupport.parkNanos(this, left);
        } else {
          LockSupport.park(this);
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
      return true;
    } finally {
      c.delist(token);
    }
  }

  // ================================================================ closing

  /**
   * Starts an orderly shutdown: later submissions are rejected, everything accepted runs
   * (including the joins and spawns of running tasks), and workers exit once nothing is queued
   * or running. Idempotent; does not wait ({@link #awaitTermination}, {@link #close()} do).
   */
  @Override
  public void shutdown() {
    raiseRunState(SHUTDOWN);
    tryTerminate();
  }

  /**
   * Stops the pool: rejects later submissions, removes and cancels every task that has not
   * started (queued jobs; forked halves of joins and spawned tasks, whose {@code join} or
   * {@code scope} then throws {@link CancellationException}), and interrupts every worker.
   * Running tasks are not cancelled: they see the interrupt. Does not wait.
   *
   * @return the never-started jobs: the {@link Runnable} itself for work given to
   *     {@link #execute}, else its (now cancelled) {@link Job}, whose {@link Job#task()} is the
   *     original task
   */
  @Override
  public List<Runnable> shutdownNow() {
    raiseRunState(STOP);
    List<Runnable> out = new ArrayList<>();
    drain(injector, out);
    int[] tag = new int[1];
    for (Worker w : workers) {
      if (w != null) {
        drain(w.inbox, out);
        for (Object t; (t = w.deque.steal(tag)) != null; ) {
          if (tag[0] >= 0) { // a join's second half: its join throws
            complete(w, tag[0], null,
                new CancellationException("forked task cancelled: the pool was stopped"));
          } else {
            cancelTask(t, out);
          }
        }
      }
    }
    for (Worker w : workers) {
      if (w != null) {
        w.interrupt();
      }
    }
    wakeAll();
    return out;
  }

  private void drain(Queue<Object> q, List<Runnable> out) {
    for (Object t; (t = q.poll()) != null; ) {
      cancelTask(t, out);
    }
  }

  private void cancelTask(Object t, List<Runnable> out) {
    switch (t) {
      case PoolJob<?> job -> {
        if (job.cancel(false)) {
          out.add(job.kind == PoolJob.EXECUTE ? (Runnable) job.task() : job);
        }
      }
      case Spawn s -> s.cancel();
      default -> throw new AssertionError("unknown task " + t);
    }
  }

  private void raiseRunState(int target) {
    for (int s; (s = runState) < target; ) {
      if (RUN_STATE.compareAndSet(this, s, target)) {
        return;
      }
    }
  }

  /**
   * Stops the workers if the pool is shut down and quiescent: no worker active, no task queued,
   * and no activation while checking (see the implementation overview, point 6).
   */
  private void tryTerminate() {
    if (runState != SHUTDOWN) {
      return;
    }
    long c = ctl;
    if ((c & ACTIVE_MASK) != 0L || workVisible() || ctl != c) {
      return;
    }
    raiseRunState(STOP);
    wakeAll();
  }

  /**
   * Waits until the pool has terminated (every worker exited after a shutdown) or the timeout
   * elapses.
   *
   * @return true if terminated, false if the timeout elapsed first
   * @throws InterruptedException if interrupted while waiting
   * @throws NullPointerException if {@code unit} is null
   */
  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = deadline(unit.toNanos(timeout));
    if (!exited.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    for (Worker w : workers) { // they are exiting: joining takes microseconds
      long left = deadline - System.nanoTime();
      if (left <= 0L) {
        break;
      }
      w.join(Duration.ofNanos(left));
    }
    return true;
  }

  /**
   * Shuts down and waits until every accepted task has run and every worker has exited:
   * {@link ExecutorService#close()}'s contract. If interrupted while waiting, it stops the pool
   * as {@link #shutdownNow()} does, keeps waiting, and returns with the interrupt status set.
   * Idempotent.
   *
   * @throws IllegalStateException if called from one of this pool's workers, which would wait
   *     for itself
   */
  @Override
  public void close() {
    if (Thread.currentThread() instanceof Worker w && w.pool == this) {
      throw new IllegalStateException(
          "close() called by a worker of " + name + " would wait for itself forever");
    }
    shutdown();
    boolean interrupted = false;
    for (;;) {
      try {
        if (awaitTermination(MAX_WAIT_NANOS, TimeUnit.NANOSECONDS)) {
          break;
        }
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

  // ================================================================ state

  /** {@return true once {@link #shutdown()} or {@link #shutdownNow()} was called} */
  @Override
  public boolean isShutdown() {
    return runState != OPEN;
  }

  /** {@return true once every worker has exited after a shutdown} */
  @Override
  public boolean isTerminated() {
    return exited.getCount() == 0;
  }

  /** {@return the number of worker threads} */
  public int workerCount() {
    return workers.length;
  }

  /** {@return the pool's name, the prefix of its worker threads' names} */
  public String name() {
    return name;
  }

  /**
   * {@return each worker's counters, by worker index} A snapshot per worker, taken one after the
   * other; see {@link WorkerStats}.
   */
  public List<WorkerStats> stats() {
    List<WorkerStats> out = new ArrayList<>(workers.length);
    for (Worker w : workers) {
      out.add(w.stats());
    }
    return out;
  }

  /** {@return the number of tasks queued anywhere in the pool; a snapshot} */
  public int queuedCount() {
    int n = injector.size();
    for (Worker w : workers) {
      n += w.deque.size() + w.inbox.size();
    }
    return n;
  }

  @Override
  public String toString() {
    String state = isTerminated() ? "terminated"
        : switch (runState) {
          case OPEN -> "open";
          case SHUTDOWN -> "shutting down";
          default -> "stopping";
        };
    long run = 0;
    long steals = 0;
    for (WorkerStats s : stats()) {
      run += s.tasksRun();
      steals += s.steals();
    }
    return "WorkStealingPool[" + name + ", " + state + ", workers=" + workers.length
        + ", queued=" + queuedCount() + ", tasksRun=" + run + ", steals=" + steals + "]";
  }

  // ================================================================ finding and running work

  private void runWorker(Worker w) {
    try {
      for (;;) {
        if (runState == STOP) {
          return;
        }
        Object t = findWork(w);
        if (t == null) {
          t = spinForWork(w);
        }
        if (t != null) {
          Thread.interrupted(); // an interrupt meant for an earlier task (or nobody) ends here...
          if (runState == STOP) {
            w.interrupt(); // ...but a stop's interrupt reaches every task that still starts
          }
          exec(w, t);
        } else if (!sleepTop(w)) {
          return;
        }
      }
    } finally {
      exited.countDown();
    }
  }

  /** Looks once everywhere, in the order of the implementation overview (point 3). */
  private Object findWork(Worker w) {
    Object t = w.deque.pop();
    if (t != null) {
      w.takenFrom = w;
      w.takenTag = w.deque.poppedTag();
      return t;
    }
    w.takenTag = -1;
    if ((t = w.inbox.poll()) != null) {
      return t;
    }
    if (workers.length > 1 && (t = steal(w)) != null) {
      return t;
    }
    if ((t = injector.poll()) != null) {
      if (!injector.isEmpty()) {
        signalWork(); // more where that came from: wake a helper (ForkJoinPool's propagation)
      }
    }
    return t;
  }

  /** One sweep over the other workers, from a random one. */
  private Object steal(Worker w) {
    Worker[] ws = workers;
    int n = ws.length;
    int i = w.randomIndex(n);
    for (int k = 0; k < n; k++, i = i + 1 == n ? 0 : i + 1) {
      Worker v = ws[i];
      if (v == w) {
        continue;
      }
      WorkDeque<Object> d = v.deque;
      while (!d.isEmpty()) {
        Object t = d.trySteal(w.tag);
        if (t != null && t != WorkDeque.LOST) {
          w.takenFrom = v;
          w.takenTag = w.tag[0];
          w.countSteal();
          if (!d.isEmpty() && anySleeping()) {
            signalWork(); // the victim has more: wake another thief (the steal's CAS fenced)
          }
          return t;
        }
        w.countFailedSteal();
        if (t == null) {
          break;
        }
      }
      Object t = v.inbox.poll();
      if (t != null) {
        w.takenTag = -1;
        w.countSteal();
        return t;
      }
    }
    return null;
  }

  /** Looks for work repeatedly for the idle spin budget. */
  private Object spinForWork(Worker w) {
    long end = System.nanoTime() + idleSpinNanos;
    for (int pauses = 1; System.nanoTime() - end < 0; ) {
      pauses = backOff(pauses);
      if (runState == STOP) {
        return null;
      }
      Object t = findWork(w);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  /**
   * Pauses between two fruitless sweeps, doubling each time up to {@link #MAX_BACKOFF} pause
   * hints: an idle worker that re-read its victims' indices in a tight loop would keep pulling
   * their cache lines away from them, slowing the very workers it waits for.
   *
   * @return the next number of pauses
   */
  private static int backOff(int pauses) {
    for (int k = 0; k < pauses; k++) {
      Thread.onSpinWait();
    }
    return pauses < MAX_BACKOFF ? pauses << 1 : pauses;
  }

  /**
   * Runs a task that {@link #findWork} returned; never throws. A join's second half (tag >= 0)
   * completes the frame of its owner ({@code w.takenFrom}) at that depth.
   */
  private void exec(Worker w, Object t) {
    w.countRun();
    int tag = w.takenTag;
    if (tag >= 0) {
      Worker owner = w.takenFrom; // read first: running the task may take other tasks
      Object r = null;
      Throwable x = null;
      try {
        r = ((Supplier<?>) t).get();
      } catch (Throwable e) {
        x = e;
      }
      complete(owner, tag, r, x);
      return;
    }
    switch (t) {
      case Spawn s -> s.run();
      case PoolJob<?> job -> {
        if (job.runBy(w) == PoolJob.FAILED && job.kind == PoolJob.EXECUTE) {
          uncaught(job.failure());
        }
      }
      default -> throw new AssertionError("unknown task " + t);
    }
  }

  /** Completes frame {@code depth} of {@code owner}, whose join half someone else ran. */
  private void complete(Worker owner, int depth, Object r, Throwable x) {
    // Acquire: the owner may have grown its array since it pushed the half (see newFrame).
    Frame f = ((Frame[]) FRAMES.getAcquire(owner))[depth];
    f.result = r;
    f.failure = x;
    f.state = Frame.DONE; // volatile: publishes the outcome, orders it before the sleep-bit read
    wakeIfSleeping(owner);
  }

  /**
   * Runs a task found while helping: inside another task, whose interrupt status it keeps. A
   * job cancelled with interrupt while it ran leaves no interrupt behind.
   */
  private void execNested(Worker w, Object t) {
    if (t instanceof PoolJob<?>) {
      boolean wasInterrupted = Thread.interrupted();
      exec(w, t);
      Thread.interrupted();
      if (wasInterrupted) {
        w.interrupt();
      }
    } else {
      exec(w, t);
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

  /**
   * Runs tasks until {@code c} is done: the helping wait of a worker (implementation overview,
   * point 4).
   *
   * @return false if timed out
   * @throws InterruptedException if {@code interruptible} and the worker is interrupted
   */
  boolean helpUntil(Worker w, Waitable c, boolean timed, long deadline, boolean interruptible)
      throws InterruptedException {
    long spinEnd = 0L;
    int pauses = 1;
    boolean interrupted = false;
    try {
      while (!c.isDone()) {
        if (interruptible && Thread.interrupted()) {
          throw new InterruptedException();
        }
        Object t = findWork(w);
        if (t != null) {
          execNested(w, t);
          spinEnd = 0L;
          pauses = 1;
          continue;
        }
        long now = System.nanoTime();
        if (timed && deadline - now <= 0L) {
          return false;
        }
        if (spinEnd == 0L) {
          spinEnd = now + idleSpinNanos;
        } else if (now - spinEnd >= 0L) {
          interrupted |= sleep(w, c, timed, deadline, interruptible);
          spinEnd = 0L;
          pauses = 1;
          continue;
        }
        pauses = backOff(pauses);
      }
      return true;
    } finally {
      if (interrupted) {
        w.interrupt();
      }
    }
  }

  /**
   * Parks a helping worker until {@code c} is done, work may have appeared (its sleep bit was
   * claimed), or the deadline passes (implementation overview, point 5).
   *
   * @return true if an interrupt was swallowed (non-interruptible waits): the caller restores it
   * @throws InterruptedException if {@code interruptible} and interrupted
   */
  private boolean sleep(Worker w, Waitable c, boolean timed, long deadline,
      boolean interruptible) throws InterruptedException {
    Object token = c.enlist(w);
    setSleeping(w);
    boolean claimed = false;
    boolean interrupted = false;
    try {
      if (!c.isDone() && !workVisible()) {
        w.countPark();
        for (;;) {
          if (!isSleeping(w)) {
            claimed = true;
            break;
          }
          if (c.isDone()) {
            break;
          }
          if (timed) {
            long left = deadline - System.nanoTime();
            if (left <= 0L) {
              break;
            }
            LockSupport.parkNanos(this, left);
          } else {
            LockSupport.park(this);
          }
          if (Thread.interrupted()) {
            if (interruptible) {
              throw new InterruptedException();
            }
            interrupted = true;
          }
        }
      }
    } finally {
      if (!claimed) {
        claimed = !clearSleeping(w);
      }
      c.delist(token);
    }
    if (claimed && c.isDone()) {
      signalWork(); // woken for work we will not look at now: pass the wake-up on
    }
    return interrupted;
  }

  /**
   * Parks an idle worker at top level (implementation overview, points 5 and 6).
   *
   * @return false if the worker must exit
   */
  private boolean sleepTop(Worker w) {
    setSleeping(w);
    CTL.getAndAdd(this, -1L); // inactive: holds no task, takes none until re-activated
    tryTerminate();
    boolean claimed = false;
    if (runState != STOP && !workVisible()) {
      w.countPark();
      for (;;) {
        if (!isSleeping(w)) {
          claimed = true;
          break;
        }
        if (runState == STOP) {
          break;
        }
        LockSupport.park(this);
        Thread.interrupted(); // nothing to interrupt at top level; a stop shows in runState
      }
    }
    if (!claimed) {
      clearSleeping(w);
    }
    if (runState == STOP) {
      return false;
    }
    CTL.getAndAdd(this, 1L + EPOCH_UNIT); // active again, and a new epoch for tryTerminate
    return true;
  }

  /** {@return true if any queue holds work: the re-scan before sleeping} */
  private boolean workVisible() {
    if (!injector.isEmpty()) {
      return true;
    }
    for (Worker v : workers) {
      if (!v.deque.isEmpty() || !v.inbox.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  // ================================================================ sleep bits

  private int slot(int word) {
    return (word + 1) * PAD;
  }

  private void setSleeping(Worker w) {
    int k = slot(w.index >>> 6);
    long bit = 1L << (w.index & 63);
    long m;
    do {
      m = (long) SLEEPING.getVolatile(sleeping, k);
    } while (!SLEEPING.compareAndSet(sleeping, k, m, m | bit));
  }

  /** Clears {@code w}'s bit; false if it was clear already (a publisher claimed it). */
  private boolean clearSleeping(Worker w) {
    int k = slot(w.index >>> 6);
    long bit = 1L << (w.index & 63);
    for (;;) {
      long m = (long) SLEEPING.getVolatile(sleeping, k);
      if ((m & bit) == 0L) {
        return false;
      }
      if (SLEEPING.compareAndSet(sleeping, k, m, m & ~bit)) {
        return true;
      }
    }
  }

  private boolean isSleeping(Worker w) {
    return ((long) SLEEPING.getVolatile(sleeping, slot(w.index >>> 6)) & (1L << (w.index & 63)))
        != 0L;
  }

  private boolean anySleeping() {
    for (int i = 0; i < sleepWords; i++) {
      if ((long) SLEEPING.getVolatile(sleeping, slot(i)) != 0L) {
        return true;
      }
    }
    return false;
  }

  /** Claims one sleeping worker, if any, and unparks it. Call after publishing work (fenced). */
  void signalWork() {
    for (int i = 0; i < sleepWords; i++) {
      int k = slot(i);
      for (long m; (m = (long) SLEEPING.getVolatile(sleeping, k)) != 0L; ) {
        long bit = Long.lowestOneBit(m);
        if (SLEEPING.compareAndSet(sleeping, k, m, m & ~bit)) {
          LockSupport.unpark(workers[(i << 6) + Long.numberOfTrailingZeros(bit)]);
          return;
        }
      }
    }
  }

  /** Claims {@code w} if it sleeps and unparks it; false if it was not asleep. */
  private boolean wake(Worker w) {
    if (clearSleeping(w)) {
      LockSupport.unpark(w);
      return true;
    }
    return false;
  }

  /** Unparks {@code w} if it sleeps, without claiming it: for completions it may wait for. */
  void wakeIfSleeping(Worker w) {
    if (isSleeping(w)) {
      LockSupport.unpark(w);
    }
  }

  private void wakeAll() {
    for (int i = 0; i < sleepWords; i++) {
      long m = (long) SLEEPING.getAndSet(sleeping, slot(i), 0L);
      for (; m != 0L; m &= m - 1) {
        LockSupport.unpark(workers[(i << 6) + Long.numberOfTrailingZeros(m)]);
      }
    }
  }

  /** Called right after a worker pushed into a deque that looked empty. */
  void pushedIntoEmpty() {
    VarHandle.fullFence(); // the publisher's half of the Dekker pair
    if (anySleeping()) {
      signalWork();
    }
  }

  // ================================================================ time

  static long deadline(long nanos) {
    return System.nanoTime() + Math.max(0L, Math.min(nanos, MAX_WAIT_NANOS));
  }

  // ================================================================ jobs' host

  /** What this pool's jobs report to; a separate object keeps these callbacks out of the API. */
  private final class Host implements JobHost {
    @Override
    public void countExternal(PoolJob<?> job, int outcome) {
      if (outcome == PoolJob.FAILED && job.kind == PoolJob.EXECUTE) {
        uncaught(job.failure());
      }
    }

    @Override
    public void countCancelled() {}

    @Override
    public int poolAwait(PoolJob<?> job, boolean timed, long deadline)
        throws InterruptedException {
      if (!(Thread.currentThread() instanceof Worker w) || w.pool != WorkStealingPool.this) {
        return -1;
      }
      helpUntil(w, job, timed, deadline, true);
      return job.isDone() ? job.status() : PoolJob.RUNNING;
    }
  }

  // ================================================================ workers

  /** A worker thread: its deque, its inbox, its join frames and its counters. */
  static final class Worker extends WorkerPad1 {
    final WorkStealingPool pool;
    final int index;
    final WorkDeque<Object> deque = new WorkDeque<>();
    final Queue<Object> inbox = new ConcurrentLinkedQueue<>();

    /** Where steals put the tag of what they took. */
    final int[] tag = new int[1];

    Worker(WorkStealingPool pool, int index, String name, long stackSize) {
      super(name, stackSize);
      this.pool = pool;
      this.index = index;
      this.frames = new Frame[16];
      this.seed = 0x9E3779B9 * (index + 1) | 1;
    }

    @Override
    public void run() {
      pool.runWorker(this);
    }

    /** Pushes {@code task} on this worker's deque; owner only. */
    void push(Object task) {
      if (deque.push(task)) {
        pool.pushedIntoEmpty();
      }
    }

    /*
     * The join fast path is kept small enough for the JIT to inline into the caller (so that,
     * often, the lambda of the first half is never allocated): push, run a, pop b back, run b.
     * Everything else (b stolen, a failure, other tasks above b) is out of line.
     */
    <A, B> Both<A, B> join(Supplier<? extends A> a, Supplier<? extends B> b) {
      int d = depth;
      Frame[] fs = frames;
      if (d >= fs.length || fs[d] == null) {
        newFrame(d);
      }
      if (deque.push(b, d)) {
        pool.pushedIntoEmpty();
      }
      depth = d + 1;
      A ra;
      try {
        ra = a.get();
      } catch (Throwable t) {
        throw firstFailed(d, b, t);
      }
      Object rb;
      Object top = deque.pop();
      if (top == b) {
        countRun();
        try {
          rb = b.get();
        } catch (Throwable t) {
          depth = d;
          throw rethrow(t);
        }
      } else {
        rb = secondOutOfHand(d, b, top);
      }
      depth = d;
      @SuppressWarnings("unchecked")
      B second = (B) rb;
      return new Both<>(ra, second);
    }

    /**
     * The rest of a join whose second half {@code b} did not come back at once: {@code top} is
     * what the pop returned (null: b was stolen; else a task pushed after b).
     *
     * @return b's result
     */
    private Object secondOutOfHand(int d, Supplier<?> b, Object top) {
      Object rb;
      Throwable fb = null;
      if (top != null && takeBack(b, top)) {
        countRun();
        try {
          rb = b.get();
        } catch (Throwable t) {
          rb = null;
          fb = t;
        }
      } else {
        Frame f = awaitStolen(d);
        rb = f.result;
        fb = f.failure;
        f.result = null;
        f.failure = null;
        FRAME_STATE.set(f, Frame.PENDING); // published by the next push at this depth
      }
      if (fb != null) {
        depth = d;
        throw rethrow(fb);
      }
      return rb;
    }

    /**
     * The rest of a join whose first half threw {@code fa}: the second half still runs (here, or
     * wherever it was stolen to); then {@code fa} is thrown, with b's failure suppressed.
     *
     * @return the exception to throw
     */
    private RuntimeException firstFailed(int d, Supplier<?> b, Throwable fa) {
      Throwable fb = null;
      Object top = deque.pop();
      if (top != null && (top == b || takeBack(b, top))) {
        countRun();
        try {
          b.get();
        } catch (Throwable t) {
          fb = t;
        }
      } else {
        Frame f = awaitStolen(d);
        fb = f.failure;
        f.result = null;
        f.failure = null;
        FRAME_STATE.set(f, Frame.PENDING);
      }
      depth = d;
      if (fb != null && fb != fa) {
        fa.addSuppressed(fb);
      }
      return rethrow(fa);
    }

    /** Waits, helping, until the thief of the join half at depth {@code d} completed it. */
    private Frame awaitStolen(int d) {
      Frame f = frames[d];
      awaitUninterruptibly(f);
      return f;
    }

    /** Makes sure frame {@code d} exists, growing the array; before pushing at depth d. */
    private void newFrame(int d) {
      if (d >= frames.length) {
        // Release: a thief completing an older frame may read the new array (see complete).
        FRAMES.setRelease(this, Arrays.copyOf(frames, Math.max(d + 1, frames.length << 1)));
      }
      if (frames[d] == null) {
        frames[d] = new Frame(); // published by the push that follows
      }
    }

    /**
     * Runs {@code other}, popped while looking for {@code b}, then pops on until b comes back
     * (true) or the deque is empty (false: a thief took b). Tasks above b were pushed after it
     * by the first half (a submit from the task, say): the worker's own work comes first.
     */
    private boolean takeBack(Supplier<?> b, Object other) {
      for (Object t = other; t != null; t = deque.pop()) {
        if (t == b) {
          return true;
        }
        takenFrom = this;
        takenTag = deque.poppedTag();
        pool.execNested(this, t);
      }
      return false;
    }

    void scope(Consumer<? super Scope> body) {
      Scope s = new Scope(pool, this);
      Throwable bodyFailure = null;
      try {
        body.accept(s);
      } catch (Throwable t) {
        bodyFailure = t;
      }
      s.arrive();
      if (!s.over.isDone()) {
        awaitUninterruptibly(s.over);
      }
      Throwable failure = s.failure(bodyFailure);
      if (failure != null) {
        throw rethrow(failure);
      }
    }

    private void awaitUninterruptibly(Waitable c) {
      try {
        pool.helpUntil(this, c, false, 0L, false);
      } catch (InterruptedException e) {
        throw new AssertionError("an uninterruptible wait was interrupted", e);
      }
    }

    /** {@return a pseudo-random index in [0, n): xorshift32, per worker} */
    int randomIndex(int n) {
      int x = seed;
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      seed = x;
      return (int) (((x & 0xffffffffL) * n) >>> 32);
    }

    void countRun() {
      TASKS_RUN.setOpaque(this, (long) TASKS_RUN.getOpaque(this) + 1L);
    }

    void countSteal() {
      STEALS.setOpaque(this, (long) STEALS.getOpaque(this) + 1L);
    }

    void countFailedSteal() {
      FAILED_STEALS.setOpaque(this, (long) FAILED_STEALS.getOpaque(this) + 1L);
    }

    void countPark() {
      PARKS.setOpaque(this, (long) PARKS.getOpaque(this) + 1L);
    }

    WorkerStats stats() {
      return new WorkerStats(index, (long) TASKS_RUN.getOpaque(this),
          (long) STEALS.getOpaque(this), (long) FAILED_STEALS.getOpaque(this),
          (long) PARKS.getOpaque(this));
    }
  }

  // ================================================================ builder

  /**
   * Configures and builds a {@link WorkStealingPool}. Not thread-safe; each {@link #build()}
   * makes a new, independent pool.
   */
  public static final class Builder {
    private int workers = Runtime.getRuntime().availableProcessors();
    private boolean daemon;
    private long stackSize;
    private String name;

    private Builder() {}

    /**
     * Sets the number of worker threads; default {@link Runtime#availableProcessors()}. Work
     * stealing is for CPU-bound tasks: more workers than cores only adds contention.
     *
     * @param workers the number of workers, in [1, 32767]
     * @return this builder
     * @throws IllegalArgumentException if {@code workers} is out of range
     */
    public Builder workers(int workers) {
      if (workers < 1 || workers > MAX_WORKERS) {
        throw new IllegalArgumentException("workers must be in [1, " + MAX_WORKERS + "]: "
            + workers);
      }
      this.workers = workers;
      return this;
    }

    /**
     * Makes the workers daemon threads (default false, as in {@code Executors}), so a pool
     * nobody shuts down does not keep the JVM alive.
     *
     * @param daemon true for daemon workers
     * @return this builder
     */
    public Builder daemon(boolean daemon) {
      this.daemon = daemon;
      return this;
    }

    /**
     * Asks for worker threads with this stack size, in bytes (see {@link Thread#Thread(
     * ThreadGroup, Runnable, String, long)}); 0, the default, means the JVM's default. Deeply
     * nested joins use stack on the worker that runs them, and a helping worker runs other
     * tasks on top of its own.
     *
     * @param bytes the requested stack size; 0 for the default
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Builder stackSize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("stack size must not be negative: " + bytes);
      }
      this.stackSize = bytes;
      return this;
    }

    /**
     * Names the pool; worker threads are named {@code <name>-worker-<i>}, {@code i} from 0.
     * Default: {@code ferrite-steal-<n>}, {@code n} counting pools built in this JVM.
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
     * Builds the pool and starts its workers.
     *
     * @return the open pool
     */
    public WorkStealingPool build() {
      return new WorkStealingPool(this);
    }
  }

  private static final VarHandle RUN_STATE;
  private static final VarHandle CTL;
  private static final VarHandle SLEEPING = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle FRAME_STATE;
  private static final VarHandle FRAMES;
  private static final VarHandle TASKS_RUN;
  private static final VarHandle STEALS;
  private static final VarHandle FAILED_STEALS;
  private static final VarHandle PARKS;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      RUN_STATE = l.findVarHandle(WorkStealingPool.class, "runState", int.class);
      CTL = l.findVarHandle(WorkStealingPool.class, "ctl", long.class);
      FRAME_STATE = l.findVarHandle(Frame.class, "state", int.class);
      FRAMES = l.findVarHandle(StealWorkerHot.class, "frames", Frame[].class);
      TASKS_RUN = l.findVarHandle(StealWorkerHot.class, "tasksRun", long.class);
      STEALS = l.findVarHandle(StealWorkerHot.class, "steals", long.class);
      FAILED_STEALS = l.findVarHandle(StealWorkerHot.class, "failedSteals", long.class);
      PARKS = l.findVarHandle(StealWorkerHot.class, "parks", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // The worker's own fields, padded away from other objects: a worker writes them constantly.

  /** Padding before a worker's fields. */
  abstract static class WorkerPad0 extends Thread {
    long p00, p01, p02, p03, p04, p05, p06, p07;

    WorkerPad0(String name, long stackSize) {
      super(null, null, name, stackSize);
    }
  }

  /** The fields a worker writes as it runs tasks; single writer. */
  abstract static class StealWorkerHot extends WorkerPad0 {
    volatile long tasksRun;
    volatile long steals;
    volatile long failedSteals;
    volatile long parks;
    /** Join frames by nesting depth, and the current depth. */
    Frame[] frames;
    int depth;
    int seed;
    /** Where the task findWork just returned came from, and its tag (-1: not a join half). */
    Worker takenFrom;
    int takenTag;

    StealWorkerHot(String name, long stackSize) {
      super(name, stackSize);
    }
  }

  /** Padding after a worker's fields. */
  abstract static class WorkerPad1 extends StealWorkerHot {
    long p10, p11, p12, p13, p14, p15, p16, p17;

    WorkerPad1(String name, long stackSize) {
      super(name, stackSize);
    }
  }
}
