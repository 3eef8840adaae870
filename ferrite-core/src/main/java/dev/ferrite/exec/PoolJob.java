package dev.ferrite.exec;

import dev.ferrite.channel.Sender;
import dev.ferrite.internal.Spin;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The one implementation of {@link Job}, for both pools: the task, its outcome and its waiters in
 * one object, so that a submission allocates nothing else. What it needs from its pool goes
 * through {@link JobHost}.
 *
 * <h2>Implementation overview</h2>
 * The life cycle is one {@code int} changed by CAS, in the spirit of {@link
 * java.util.concurrent.FutureTask} (JSR 166), simplified because a pool job has one kind of
 * runner:
 * <pre>
 *   NEW --run--> RUNNING --+--> SUCCESS | FAILED          (the runner's CAS)
 *    |                     +--> CANCELLED                  (cancel(false))
 *    |                     +--> INTERRUPTING --> CANCELLED (cancel(true): interrupt, then publish)
 *    +--cancel--> CANCELLED
 * </pre>
 * <ul>
 *   <li><b>Claim.</b> A runner claims the job in two CASes, as {@code FutureTask} does with its
 *       runner field: {@code runner} null&rarr;itself (so of a worker and callers of {@link
 *       #run()} that race, one goes on), then {@code state} NEW&rarr;RUNNING. A cancel that
 *       gets there first (NEW&rarr;CANCELLED) means the task never runs; once RUNNING, the task
 *       is always called. A {@code cancel(true)} CASes {@code state} RUNNING&rarr;INTERRUPTING
 *       and then reads {@code runner}, which was written before {@code state}, so it always
 *       finds the runner and interrupts it: a job is either never started, or started and run
 *       (with its interrupt status set if a cancel came first). So a pool that cancels the jobs
 *       its workers hold ({@code WorkerPool.shutdown(grace)}) loses none: each was either new
 *       (handed back) or is run.
 *   <li><b>Outcome.</b> The runner writes {@code outcome} (a result or a {@link Throwable}) with
 *       a plain store and then CASes RUNNING&rarr;SUCCESS/FAILED; readers read {@code state}
 *       first, so the CAS publishes the outcome. If a cancel won the race, the outcome is simply
 *       never read.
 *   <li><b>Interrupt hygiene.</b> A runner that loses to {@code cancel(true)} waits (spinning;
 *       it is a matter of one {@link Thread#interrupt()} call) until INTERRUPTING turns into
 *       CANCELLED before it returns. So the interrupt lands while this job's frame is active, and
 *       the worker can clear the interrupt status before its next job without losing or leaking
 *       it.
 *   <li><b>Waiters</b> form a Treiber stack: a waiter pushes a node by CAS, then re-reads
 *       {@code state} before parking; the completer CASes {@code state}, then takes the whole
 *       stack with one swap and unparks it (a Dekker pair again, so no wake-up is lost). A
 *       waiter that times out or is interrupted marks its node dead and sweeps dead nodes out,
 *       as {@code FutureTask} does, so a job polled with short timeouts does not grow a list.
 *       The stack is usually empty: completing a job nobody waits for costs one volatile read.
 *       Before pushing its node a waiter spins for the module's short spin budget
 *       ({@code dev.ferrite.internal.Spin}, as the channels do), because a short job often
 *       finishes sooner than a park and unpark would take.
 * </ul>
 * The pool's part: before spinning, a waiter lets the pool take the first part of the wait
 * ({@link JobHost#poolAwait}): a worker of a {@link WorkStealingPool} runs other tasks while it
 * waits, registering through {@link #enlist} (a waiter node like any other) and parking in the
 * pool; a {@link WorkerPool} lets a waiter whose job is queued behind a backlog nap (see its
 * implementation overview).
 * Counting: the thread whose CAS decides the outcome counts it, once. Workers count successes
 * and failures in per-worker fields (no shared cache line on the hot path); cancellations and
 * runs outside workers go to the pool's adders.
 *
 * @param <T> the result type
 */
sealed class PoolJob<T> implements Job<T>, Waitable permits PoolJob.Tracked, PoolJob.Notifying {
  static final int NEW = 0;
  static final int RUNNING = 1;
  static final int INTERRUPTING = 2;
  static final int SUCCESS = 3;
  static final int FAILED = 4;
  static final int CANCELLED = 5;

  /** Task kinds. */
  static final byte CALL = 0;
  static final byte RUN = 1;
  static final byte EXECUTE = 2;

  final JobHost pool;
  private final Object task;
  final byte kind;
  private volatile int state;
  /** The result (pre-set for Runnable jobs) or the Throwable; published by the state CAS. */
  private Object outcome;
  private volatile Thread runner;
  private volatile Node waiters;

  PoolJob(JobHost pool, Object task, byte kind, Object result) {
    this.pool = pool;
    this.task = task;
    this.kind = kind;
    this.outcome = result;
  }

  // ---- running ----

  /**
   * Runs the task in {@code me} if the job is new.
   *
   * @return SUCCESS or FAILED if this call completed the job (and must count it), else NEW
   */
  @SuppressWarnings("unchecked")
  final int runBy(Thread me) {
    if (state != NEW || !RUNNER.compareAndSet(this, (Thread) null, me)) {
      return NEW; // started, done, or another thread is claiming it
    }
    if (!STATE.compareAndSet(this, NEW, RUNNING)) {
      RUNNER.setRelease(this, (Thread) null); // cancelled, or run already: never RUNNING here
      return NEW;
    }
    // From here on the task is called, even if a cancel comes first: that cancel finds the
    // runner (written before the state) and interrupts it.
    Object o;
    int s;
    try {
      if (kind == CALL) {
        o = ((Callable<T>) task).call();
      } else {
        ((Runnable) task).run();
        o = outcome;
      }
      s = SUCCESS;
    } catch (Throwable t) {
      o = t;
      s = FAILED;
    }
    outcome = o;
    if (STATE.compareAndSet(this, RUNNING, s)) {
      RUNNER.setRelease(this, (Thread) null);
      finish();
      return s;
    }
    outcome = null;
    awaitCancelPublished();
    runner = null;
    return NEW;
  }

  /** Waits out a cancel(true) between its CAS and its publication of CANCELLED. */
  private void awaitCancelPublished() {
    for (int i = 0; state == INTERRUPTING; i++) {
      if (i < 64) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
  }

  /** Runs the job in the calling thread if it has not started; see {@link Job#run()}. */
  @Override
  public final void run() {
    int s = runBy(Thread.currentThread());
    if (s != NEW) {
      pool.countExternal(this, s);
    }
  }

  /** {@return the failure of a job this thread just completed as FAILED} */
  final Throwable failure() {
    return (Throwable) outcome;
  }

  // ---- cancelling ----

  @Override
  public final boolean cancel(boolean mayInterruptIfRunning) {
    if (!cancelQuietly(mayInterruptIfRunning)) {
      return false;
    }
    pool.countCancelled();
    return true;
  }

  /**
   * Cancels the job only if it has not started, and counts it.
   *
   * @return true if this call cancelled it (it will never run)
   */
  final boolean cancelIfNew() {
    if (state != NEW || !STATE.compareAndSet(this, NEW, CANCELLED)) {
      return false;
    }
    finish();
    pool.countCancelled();
    return true;
  }

  /** Cancels without counting: for jobs the pool never accepted. */
  final boolean cancelQuietly(boolean mayInterruptIfRunning) {
    for (;;) {
      int s = state;
      if (s == NEW) {
        if (STATE.compareAndSet(this, NEW, CANCELLED)) {
          break;
        }
      } else if (s != RUNNING) {
        return false;
      } else if (!mayInterruptIfRunning) {
        if (STATE.compareAndSet(this, RUNNING, CANCELLED)) {
          break;
        }
      } else if (STATE.compareAndSet(this, RUNNING, INTERRUPTING)) {
        try {
          Thread r = runner;
          if (r != null) {
            r.interrupt();
          }
        } finally {
          state = CANCELLED;
        }
        break;
      }
    }
    finish();
    return true;
  }

  // ---- completion and waiting ----

  private void finish() {
    if (waiters != null) {
      for (Node n = (Node) WAITERS.getAndSet(this, (Node) null); n != null; n = n.next) {
        Thread t = n.thread;
        if (t != null) {
          LockSupport.unpark(t);
        }
      }
    }
    onDone();
  }

  /** Called once, in the completing thread, after the job is done and its waiters are woken. */
  void onDone() {}

  /**
   * Waits until done or until {@code deadline} (if {@code timed}).
   *
   * @return the state seen last; not done only if timed out
   */
  private int awaitDone(boolean timed, long deadline) throws InterruptedException {
    int s = state;
    if (s > RUNNING) {
      return s;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (timed && deadline - System.nanoTime() <= 0L) {
      return s;
    }
    if ((s = pool.poolAwait(this, timed, deadline)) >= 0) {
      return s; // the pool saw the wait through: helping, or napping
    }
    if ((s = spin(timed, deadline)) > RUNNING) {
      return s;
    }
    Node node = new Node(Thread.currentThread());
    if (!pushWaiter(node)) {
      return state;
    }
    for (;;) {
      if ((s = state) > RUNNING) {
        return s; // our node, if still listed, is dropped by finish()
      }
      if (timed) {
        long left = deadline - System.nanoTime();
        if (left <= 0L) {
          removeWaiter(node);
          return state;
        }
        LockSupport.parkNanos(this, left);
      } else {
        LockSupport.park(this);
      }
      if (Thread.interrupted()) {
        removeWaiter(node);
        if ((s = state) > RUNNING) { // done anyway: report it, keep the interrupt for later
          Thread.currentThread().interrupt();
          return s;
        }
        throw new InterruptedException();
      }
    }
  }

  /** Pushes {@code node} on the waiter stack; false (not pushed) if the job completed first. */
  private boolean pushWaiter(Node node) {
    for (;;) {
      Node h = waiters;
      if (state > RUNNING) {
        return false;
      }
      node.next = h;
      if (WAITERS.compareAndSet(this, h, node)) {
        return true;
      }
    }
  }

  /**
   * Registers {@code waiter} to be unparked when the job completes: for waits that park
   * elsewhere ({@link WorkStealingPool}'s helping workers, groups of jobs).
   *
   * @return the token for {@link #delist}, or null if the job is done already
   */
  @Override
  public final Object enlist(Thread waiter) {
    Node node = new Node(waiter);
    return pushWaiter(node) ? node : null;
  }

  @Override
  public final void delist(Object token) {
    if (token != null) {
      removeWaiter((Node) token);
    }
  }

  /**
   * Spins within the module's spin budget ({@link Spin}) while the job is running: short jobs
   * usually finish within it, and a park and unpark cost tens of microseconds.
   *
   * @return the state seen last
   */
  private int spin(boolean timed, long deadline) throws InterruptedException {
    long budget = Spin.budget(Spin.SHORT);
    int s = state;
    if (budget <= 0L) {
      return s;
    }
    long end = System.nanoTime() + budget;
    if (timed && deadline - end < 0L) {
      end = deadline;
    }
    for (int i = 0; (s = state) <= RUNNING; i++) {
      if ((i & 7) == 7 && Thread.interrupted()) {
        throw new InterruptedException();
      }
      if (!Spin.pause(i, end)) {
        return state;
      }
    }
    return s;
  }

  /**
   * Marks {@code node} dead and unlinks every dead node. A bypass made while the predecessor
   * itself dies may be lost, so the sweep starts again whenever it sees that, or loses a CAS at
   * the head; each pass is linear in the (short) list.
   */
  private void removeWaiter(Node node) {
    node.thread = null;
    sweep:
    for (;;) {
      Node live = null;
      for (Node n = waiters; n != null; ) {
        Node next = n.next;
        if (n.thread != null) {
          live = n;
        } else if (live == null) {
          if (!WAITERS.compareAndSet(this, n, next)) {
            continue sweep;
          }
        } else {
          live.next = next;
          if (live.thread == null) {
            continue sweep;
          }
        }
        n = next;
      }
      return;
    }
  }

  /** {@return the number of nodes in the waiter stack, dead ones included: for white-box tests} */
  int waiterNodes() {
    int n = 0;
    for (Node q = waiters; q != null; q = q.next) {
      n++;
    }
    return n;
  }

  /** A waiting thread; {@code thread} is null once it stopped waiting. */
  private static final class Node {
    volatile Thread thread;
    volatile Node next;

    Node(Thread thread) {
      this.thread = thread;
    }
  }

  @Override
  public final Future.State await() throws InterruptedException {
    return toState(awaitDone(false, 0L));
  }

  @Override
  public final T get() throws InterruptedException, ExecutionException {
    return report(awaitDone(false, 0L));
  }

  @Override
  public final T get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    int s = awaitDone(true, WorkerPool.deadline(unit.toNanos(timeout)));
    if (s <= RUNNING) {
      throw new TimeoutException("job not done within " + timeout + " " + unit);
    }
    return report(s);
  }

  /** Waits like {@link #get(long, TimeUnit)} with an absolute deadline; true if done. */
  final boolean awaitUntil(long deadline) throws InterruptedException {
    return awaitDone(true, deadline) > RUNNING;
  }

  @SuppressWarnings("unchecked")
  private T report(int s) throws ExecutionException {
    if (s == SUCCESS) {
      return (T) outcome;
    }
    if (s == FAILED) {
      throw new ExecutionException((Throwable) outcome);
    }
    throw new CancellationException("job was cancelled");
  }

  // ---- non-blocking accessors ----

  @Override
  public final Object task() {
    return task;
  }

  @Override
  public final boolean isCancelled() {
    int s = state;
    return s == INTERRUPTING || s == CANCELLED;
  }

  @Override
  public final boolean isDone() {
    return state > RUNNING;
  }

  /** {@return true if the job has not started and is not cancelled} */
  final boolean isNew() {
    return state == NEW;
  }

  /** {@return the raw state: NEW, RUNNING, ... CANCELLED} */
  final int status() {
    return state;
  }

  final boolean succeeded() {
    return state == SUCCESS;
  }

  @Override
  public final Future.State state() {
    return toState(state);
  }

  private static Future.State toState(int s) {
    return switch (s) {
      case NEW, RUNNING -> Future.State.RUNNING;
      case SUCCESS -> Future.State.SUCCESS;
      case FAILED -> Future.State.FAILED;
      default -> Future.State.CANCELLED;
    };
  }

  @Override
  @SuppressWarnings("unchecked")
  public final T resultNow() {
    int s = state;
    if (s == SUCCESS) {
      return (T) outcome;
    }
    throw new IllegalStateException(switch (s) {
      case NEW, RUNNING -> "job has not completed";
      case FAILED -> "job failed";
      default -> "job was cancelled";
    });
  }

  @Override
  public final Throwable exceptionNow() {
    int s = state;
    if (s == FAILED) {
      return (Throwable) outcome;
    }
    throw new IllegalStateException(switch (s) {
      case NEW, RUNNING -> "job has not completed";
      case SUCCESS -> "job completed with a result";
      default -> "job was cancelled";
    });
  }

  @Override
  public String toString() {
    String s = switch (state) {
      case NEW -> "queued";
      case RUNNING -> "running";
      case SUCCESS -> "completed";
      case FAILED -> "failed: " + outcome;
      default -> "cancelled";
    };
    return "Job[" + s + ", task=" + task + "]";
  }

  /** A job that reports its completion to a channel: for {@code invokeAny}. */
  static final class Tracked<T> extends PoolJob<T> {
    private final Sender<PoolJob<T>> done;

    Tracked(JobHost pool, Callable<T> task, Sender<PoolJob<T>> done) {
      super(pool, Objects.requireNonNull(task, "task"), CALL, null);
      this.done = done;
    }

    @Override
    void onDone() {
      done.trySend(this); // unbounded: Sent, or SendClosed once the caller stopped listening
    }
  }

  /** A job that tells a {@link JobGroup} when it is done: for the work-stealing {@code invokeAny}. */
  static final class Notifying<T> extends PoolJob<T> {
    private final JobGroup group;

    Notifying(JobHost pool, Callable<T> task, JobGroup group) {
      super(pool, Objects.requireNonNull(task, "task"), CALL, null);
      this.group = group;
    }

    @Override
    void onDone() {
      group.arrive(this);
    }
  }

  private static final VarHandle STATE;
  private static final VarHandle RUNNER;
  private static final VarHandle WAITERS;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATE = l.findVarHandle(PoolJob.class, "state", int.class);
      RUNNER = l.findVarHandle(PoolJob.class, "runner", Thread.class);
      WAITERS = l.findVarHandle(PoolJob.class, "waiters", Node.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
