package dev.ferrite.scope;

import dev.ferrite.internal.Spin;
import dev.ferrite.sync.AtomicCounter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Structured concurrency: tasks that run in threads of their own and never outlive the block that
 * started them. Rust's {@code std::thread::scope}, with Java's missing pieces added: a policy for
 * failures, cancellation, a deadline, and a bound on how many tasks run at once. It needs no
 * preview feature (the JDK's {@code StructuredTaskScope} is a preview API up to at least JDK 25).
 *
 * <pre>{@code
 * int[] haystack = ...;
 * try (Scope<Integer, List<Integer>> scope = Scope.open(Policy.failFast())) {
 *   int chunk = (haystack.length + 3) / 4;
 *   for (int c = 0; c < 4; c++) {
 *     int from = c * chunk, to = Math.min(haystack.length, from + chunk);
 *     scope.spawn(() -> indexOf(haystack, needle, from, to)); // tasks read the caller's array
 *   }
 *   List<Integer> found = scope.join();   // every chunk's answer, in spawn order
 * }                                       // every thread has ended here, whatever happened
 * }</pre>
 *
 * <h2>Life cycle</h2>
 * <ol>
 *   <li><b>Open</b> ({@link #open()}, {@link #open(Policy)}, {@link #builder()}): the calling
 *       thread becomes the scope's <i>owner</i>. Only the owner may spawn, join and close.
 *   <li><b>Spawn</b>: {@link #spawn} starts a task in a new thread (virtual by default; platform
 *       threads on request) named after the scope, {@code <scope name>-<n>} (a virtual thread
 *       takes its name as the first thing it runs, so the owner does not spend time on it), and
 *       returns its {@link Task} handle. Tasks may read whatever the owner set up before
 *       spawning them, as the threads of Rust's scope borrow the caller's data.
 *   <li><b>Join</b>: {@link #join()} waits until every task is done (or the policy ends the scope
 *       early and the remaining tasks have stopped) and returns the {@link Policy policy}'s
 *       result, or throws its failure; {@link #await()} returns the same outcome as a value. The
 *       owner may spawn more tasks after a join and join again.
 *   <li><b>Close</b> ({@link #close()}, at the end of the try-with-resources block): cancels the
 *       tasks still running (none, after a join) and waits until every thread the scope started
 *       has terminated. Leaving the block by an exception therefore cancels the tasks and waits
 *       for them: <b>no task outlives its scope</b>.
 * </ol>
 *
 * <h2>Ending early: policies, cancellation, deadline</h2>
 * <ul>
 *   <li>{@link Policy#failFast()} (the default): the first failure cancels every other task;
 *       {@code join()} throws a {@link TaskFailedException} with that failure as its cause and the
 *       other failures suppressed. {@link Policy#collectAll()}: tasks never affect each other;
 *       {@code join()} returns every {@link Outcome}. {@link Policy#firstSuccess()}: the first
 *       success wins and cancels the rest.
 *   <li><b>Cancelling a task</b> interrupts its thread (a task blocked in a sleep, a lock, a
 *       channel receive, ... wakes with {@link InterruptedException}) and cancels the scopes that
 *       task has open itself. Its outcome is {@link Cancelled}, whatever it does afterwards.
 *       A task that ignores interrupts cannot be stopped: {@code join()} and {@code close()} wait
 *       for it.
 *   <li>{@link Builder#timeout}: a deadline for the whole scope, counted from its opening. At the
 *       deadline every task still running is cancelled (by a small watchdog thread, so this
 *       happens even while the owner is busy elsewhere), later spawns are cancelled at once, and
 *       {@code join()} throws {@link ScopeTimedOutException} ({@code await()} returns
 *       {@link TimedOut}) once the tasks have stopped.
 *   <li>{@link #cancel()} (from any thread) cancels the scope: {@code join()} then throws
 *       {@link CancellationException} ({@code await()} returns {@link Cancelled}).
 *   <li><b>Interrupting the owner</b> cancels the scope when the owner next waits in it (or is
 *       interrupted while waiting): {@code join()}/{@code await()} cancel every task and throw
 *       {@link InterruptedException} at once (clearing the interrupt status, as usual);
 *       {@code close()} still waits for the tasks to stop, and then sets the interrupt status
 *       again; a {@code spawn} waiting for a free slot returns a cancelled task and leaves the
 *       interrupt status set, so the next {@code join()} throws.
 * </ul>
 * A scope that is done (failed, won, timed out or cancelled) takes no new work: {@code spawn}
 * then returns a task that is already {@link Cancelled} and never starts.
 *
 * <h2>Bounded concurrency</h2>
 * With {@link Builder#maxConcurrency(int) maxConcurrency(n)} at most {@code n} tasks run at
 * once. When {@code n} are running, {@link #spawn} waits until one ends (the blocking form, like
 * {@code WorkerPool.submit}) and {@link #trySpawn} returns {@link AtCapacity} with the task handed
 * back (the try form, like {@code WorkerPool.trySubmit}). Without a bound, neither ever waits.
 *
 * <h2>Nesting and misuse</h2>
 * A task that needs subtasks opens a scope of its own inside it (nested scopes); cancelling the
 * task cancels that scope too. Misuse fails at once:
 * <ul>
 *   <li>{@code spawn}, {@code trySpawn}, {@code join}, {@code await} or {@code close} from a thread
 *       other than the owner (including a task of the scope, which must nest a scope instead):
 *       {@link WrongThreadException};
 *   <li>{@code spawn}, {@code trySpawn}, {@code join} or {@code await} after {@code close}:
 *       {@link IllegalStateException};
 *   <li>closing a scope while a scope opened later in the same thread is still open: the inner
 *       scope is closed first (cancelled and awaited), then this one, then
 *       {@link IllegalStateException} is thrown;
 *   <li>a task that ends while a scope it opened is still open (the scope would escape it): the
 *       scope is closed (cancelled and awaited) before the task counts as done, and the task
 *       fails with an {@link IllegalStateException}.
 * </ul>
 * {@link #cancel()} and {@link #name()} may be called from any thread; {@link Task} handles
 * from any thread, also after the scope has closed.
 *
 * <h2>Memory</h2>
 * A scope keeps every task it spawned (and its result) as long as the scope itself is reachable,
 * because {@code join()} reports them all in spawn order. A scope is meant for a bounded piece of
 * work; an endless stream of tasks (an accept loop) belongs in a scope per batch or per
 * connection.
 *
 * <h2>Memory consistency effects</h2>
 * Actions of the owner before {@code spawn} <i>happen-before</i> the task runs. A task's actions
 * <i>happen-before</i> the return of {@code join()}, {@code await()} and {@code close()}, and of
 * any {@link Task} method that saw it done.
 *
 * @param <T> the result type of the tasks (a supertype of each task's own result type)
 * @param <R> the result type of {@link #join()}, set by the {@link Policy}
 */
public final class Scope<T, R> implements AutoCloseable {
  /*
   * Implementation overview
   *
   * A scope is a counter, a list and a state, with one thread (the owner) on one side and the
   * tasks on the other. The design goal is that a task costs its thread and one small object, and
   * that a failure reaches every sibling without passing through another thread first.
   *
   * - Spawning is owner-only, so the list of tasks has a single writer: the owner appends a task
   *   with a volatile store into the last task's `next` (no CAS, no lock) and keeps `last` in a
   *   plain field. Readers (cancellers, the owner's result collection) walk it from `first`.
   *
   * - Pending tasks are counted with two counters, `started - finished`. The owner alone counts
   *   `started` (a plain field) before starting a thread; each task adds one to `finished` as the
   *   last action of its thread's body (getAndAdd, so the owner reading `finished == started`
   *   synchronizes with every task's writes). Keeping the two apart matters for speed: with one
   *   shared counter, every spawn (on the owner's core) and every task exit (on a carrier's) wrote
   *   the same cache line, a transfer between cores each time; `finished` (a padded
   *   AtomicCounter) sits alone on its line, written only by the tasks. The owner waits in
   *   join/close until `finished` reaches `started`: it first spins for the module's short
   *   budget (dev.ferrite.internal.Spin; trivial tasks are usually done by then), then
   *   publishes `wakeAt = started` and parks. The spin also watches the tasks' pace: once it has
   *   run 2 us, if the tasks finished so far say the rest will not end within the budget (100
   *   trivial tasks on 2 CPUs, say), it parks at once. On a small machine a spinning owner takes
   *   a CPU from its own tasks, which made joining 100 trivial tasks about 20% slower. A task
   *   whose increment brings `finished` to `wakeAt` or beyond unparks the owner. Owner: volatile
   *   write of wakeAt, volatile read of finished; task: atomic update of finished, volatile read
   *   of wakeAt - a Dekker pair, so at least one sees the other and no wake-up is lost. Only the
   *   task that brings the count to the owner's threshold unparks it: joining k tasks costs one
   *   park at most, not k, and no lock is taken per task. A spawn waiting for a free slot under
   *   maxConcurrency(n) uses the same protocol with `wakeAt = started - n + 1`. (In a Java
   *   thread's terms this is a CountDownLatch whose count can go up, owned by one waiter; cf. the
   *   JDK's jdk.internal.misc.ThreadFlock, which counts the threads of a StructuredTaskScope.)
   *
   * - `state` goes once from OPEN to SUCCEEDED (first success), FAILED (fail-fast), TIMED_OUT or
   *   CANCELLED, by CAS; the winner records the deciding task (`decider`) and cancels every task
   *   of the list. It runs in the thread that decided: the failing task itself, the watchdog, or
   *   whoever called cancel(). A failure thus interrupts the siblings directly, with no hand-off
   *   to the owner or any other thread first; that is what keeps cancellation latency low.
   *   Spawn vs cancel is again a Dekker pair: the owner appends the task (volatile) and then
   *   reads `state`; a canceller CASes `state` and then walks the list. Either the canceller
   *   finds the task, or the owner sees the state and cancels the task itself before starting
   *   its thread.
   *
   * - Thread names: the owner's spawn loop is the serial part of a scope, and building a name
   *   string was a quarter of its time (JFR, 100 trivial tasks). A virtual thread therefore
   *   names itself (`<scope>-<index>`) as the first thing it runs; a task's name in messages
   *   comes from its index, not from its thread. Platform threads are named before they start,
   *   since the operating system sees the name and the thread costs far more anyway.
   *
   * - A task's outcome is decided by the task's own CAS (ScopeTask), so "a sibling succeeded at
   *   the same moment it was cancelled" has exactly one answer: whichever CAS came first.
   *
   * - Results are collected only after `pending` reached 0, when every outcome is final: the
   *   join result needs no synchronisation of its own.
   *
   * - Every task's thread has terminated when close() returns (Rust's join): after `pending`
   *   reached 0, each thread is past Ferrite's code, in the JDK's thread exit; close() checks each
   *   with isAlive() (spinning briefly, then Thread.join for a virtual thread, short parks for a
   *   platform one, whose join would hold a monitor).
   *
   * - Nesting: each thread has a stack of the scopes it owns, kept in a ThreadLocal for ordinary
   *   threads and in the ScopeTask for a scope's task threads (ScopeTask.current() finds it
   *   without a ThreadLocal). A scope records the scope it was opened inside (`enclosing`), and
   *   close() checks that it is the top. Cancelling a task cancels the scopes on its stack.
   *
   * - The deadline is enforced by a watchdog virtual thread started at open, parked until the
   *   deadline or until close() stops it; it is joined by close() like the tasks.
   */

  static final int OPEN = 0;
  static final int SUCCEEDED = 1;
  static final int FAILED = 2;
  static final int TIMED_OUT = 3;
  static final int CANCELLED = 4;

  private static final AtomicLong NUMBER = new AtomicLong();

  /** The innermost open scope owned by the current thread, for threads that are not tasks. */
  private static final ThreadLocal<Scope<?, ?>> INNERMOST = new ThreadLocal<>();

  private final Thread owner;
  private final String name;
  private final int kind;
  private final Policy<T, R> policy;
  private final int maxConcurrency;
  private final boolean platformThreads;
  /** The task whose thread owns this scope, or null if the owner is not a scope's task. */
  private final ScopeTask<?> holder;
  /** The scope the owner had open when it opened this one (its stack), or null. */
  final Scope<?, ?> enclosing;

  // Owner-only fields.
  private Thread.Builder threads;
  private ScopeTask<?> last;
  private int spawned;
  /** Tasks whose thread was started (or is about to be); see `finished` in the essay. */
  private long started;
  private boolean closed;
  private Thread watchdog;

  private volatile ScopeTask<?> first;
  /** Tasks whose thread finished its body; written by the tasks only, on a padded line. */
  private final AtomicCounter finished = new AtomicCounter();
  /** The owner waits until {@code finished >= wakeAt}; {@link #NOT_WAITING} otherwise. */
  private volatile long wakeAt = NOT_WAITING;

  private static final long NOT_WAITING = Long.MAX_VALUE;
  /** Spinning time after which the owner judges whether the pending tasks will end in time. */
  private static final long SPIN_PROBE_NANOS = 2_000L;
  private volatile int state;
  private volatile ScopeTask<?> decider;
  private volatile ScopeTask<?> firstFailure;
  private volatile boolean watchdogStopped;

  private Scope(Builder b, Policy<T, R> policy, boolean register) {
    this.owner = Thread.currentThread();
    this.name = b.name != null ? b.name : "scope-" + NUMBER.incrementAndGet();
    this.policy = policy;
    this.kind = policy.kind;
    this.maxConcurrency = b.maxConcurrency;
    this.platformThreads = b.platformThreads;
    if (b.timeout != null) { // first: if the watchdog cannot start, nothing else has happened
      long nanos = b.timeout.compareTo(MAX_TIMEOUT) > 0
          ? MAX_TIMEOUT.toNanos()
          : b.timeout.toNanos();
      if (nanos <= 0) {
        state = TIMED_OUT;
      } else {
        startWatchdog(System.nanoTime() + nanos);
      }
    }
    ScopeTask<?> h = register ? ScopeTask.current() : null;
    this.holder = h;
    if (!register) {
      this.enclosing = null;
    } else if (h != null) {
      this.enclosing = h.innermost;
      h.innermost = this;
    } else {
      this.enclosing = INNERMOST.get();
      INNERMOST.set(this);
    }
  }

  /**
   * {@return a scope that is not pushed on the calling thread's stack of scopes: for white-box
   * tests that drive tasks by hand and never close the scope}
   */
  static <T, R> Scope<T, R> unregistered(Policy<T, R> policy) {
    return new Scope<>(new Builder(), policy, false);
  }

  /** Deadlines further away than this (about 73 years) are treated as this far: no overflow. */
  private static final Duration MAX_TIMEOUT = Duration.ofNanos(Long.MAX_VALUE >> 2);

  /**
   * Opens a fail-fast scope with default settings, owned by the calling thread: virtual threads,
   * no deadline, no bound. Use it in a try-with-resources statement.
   *
   * @return the scope
   */
  public static Scope<Object, List<Object>> open() {
    return new Builder().open();
  }

  /**
   * Opens a scope with the given policy and default settings, owned by the calling thread.
   *
   * @param policy how the scope ends and what {@link #join()} returns
   * @param <T> the result type of the tasks
   * @param <R> the result type of {@link #join()}
   * @return the scope
   * @throws NullPointerException if {@code policy} is null
   */
  public static <T, R> Scope<T, R> open(Policy<T, R> policy) {
    return new Builder().open(policy);
  }

  /** {@return a builder for a scope with a name, a deadline, a bound, or platform threads} */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------------------ spawning

  /**
   * Starts {@code task} in a new thread of this scope and returns its handle. If
   * {@link Builder#maxConcurrency maxConcurrency} tasks are running, waits until one ends first.
   *
   * <p>If the scope is done (failed, won, timed out, or cancelled, also while this call waited),
   * the task is not started and its handle reports {@link Cancelled} at once. If the owner is
   * interrupted while waiting for a slot, the scope is cancelled, the task is not started, and
   * the interrupt status stays set (so the next {@link #join()} throws).
   *
   * @param task the task; it may read anything the owner wrote before this call
   * @param <U> the task's result type
   * @return the task's handle
   * @throws WrongThreadException if the caller is not the owner (a task of this scope included:
   *     it must open a nested scope)
   * @throws IllegalStateException if the scope is closed
   * @throws NullPointerException if {@code task} is null
   */
  public <U extends T> Task<U> spawn(Callable<? extends U> task) {
    Objects.requireNonNull(task, "task");
    checkOwner("spawn");
    checkNotClosed("spawn");
    if (started >= maxConcurrency && pending() >= maxConcurrency) { // reads `finished` rarely
      awaitSlot();
    }
    return start(task);
  }

  /**
   * Starts {@code task} if fewer than {@link Builder#maxConcurrency maxConcurrency} tasks are
   * running; never waits. Like {@link #spawn}, it returns an already cancelled task if the scope
   * is done.
   *
   * @param task the task
   * @param <U> the task's result type
   * @return {@link Spawned} with the task's handle, or {@link AtCapacity} handing {@code task}
   *     back if the scope runs as many tasks as it may
   * @throws WrongThreadException if the caller is not the owner
   * @throws IllegalStateException if the scope is closed
   * @throws NullPointerException if {@code task} is null
   */
  public <U extends T> TrySpawnResult<U> trySpawn(Callable<? extends U> task) {
    Objects.requireNonNull(task, "task");
    checkOwner("trySpawn");
    checkNotClosed("trySpawn");
    if (started >= maxConcurrency && pending() >= maxConcurrency && state == OPEN) {
      return new AtCapacity<>(task);
    }
    return new Spawned<>(start(task));
  }

  private <U> Task<U> start(Callable<? extends U> callable) {
    ScopeTask<U> t = new ScopeTask<>(this, callable, spawned);
    Thread.Builder b = threads;
    if (b == null) {
      threads = b = platformThreads ? Thread.ofPlatform() : Thread.ofVirtual();
    }
    Thread th = b.unstarted(t);
    if (platformThreads) { // a virtual thread names itself, off the owner's path: ScopeTask.run
      th.setName(t.name());
    }
    th.setUncaughtExceptionHandler(t); // also the thread-to-task link, see ScopeTask.current()
    t.thread = th;
    adopt(t);
    if (state != OPEN || holderCancelled()) { // read after the append: see the essay
      t.cancel();
    }
    if (t.decided() != ScopeTask.NEW) { // cancelled before its thread started: never start it
      t.stop();
      started--;
      return t;
    }
    try {
      th.start();
    } catch (RuntimeException | Error e) { // e.g. no memory for another thread
      t.cancel();
      t.stop();
      started--;
      throw e;
    }
    return t;
  }

  /** Appends a task to the list (a volatile store: see the essay) and counts it pending. */
  void adopt(ScopeTask<?> t) {
    ScopeTask<?> l = last;
    if (l == null) {
      first = t;
    } else {
      l.next = t;
    }
    last = t;
    spawned++;
    started++;
  }

  /** True if the task that owns this scope is being cancelled; then cancels this scope too. */
  private boolean holderCancelled() {
    ScopeTask<?> h = holder;
    if (h != null && h.isCancelled()) {
      shutdown(CANCELLED, null);
      return true;
    }
    return false;
  }

  /** Waits (owner only) until fewer than maxConcurrency tasks run, or the scope is done. */
  private void awaitSlot() {
    int limit = maxConcurrency;
    long target = started - limit + 1; // pending < limit
    wakeAt = target;
    try {
      while (finished.get() < target && state == OPEN && !holderCancelled()) {
        LockSupport.park(this);
        if (Thread.interrupted()) {
          shutdown(CANCELLED, null); // the owner's interruption reaches the tasks
          Thread.currentThread().interrupt();
          return;
        }
      }
    } finally {
      wakeAt = NOT_WAITING;
    }
  }

  // ------------------------------------------------------------------------------ joining

  /**
   * Waits until every task is done, or until the policy ends the scope early and the other tasks
   * have stopped, and returns the policy's result (see {@link Policy}): every result in spawn
   * order (fail-fast), every outcome in spawn order (collect-all), or the winner's result (first
   * success). Afterwards every task spawned so far is done, and its handle tells its outcome. The
   * owner may spawn more tasks and join again.
   *
   * @return the policy's result
   * @throws TaskFailedException if the policy failed: under fail-fast, the cause is the first
   *     failure; under first-success, every task failed (the cause is the first failure) or none
   *     was spawned (the cause is a {@link NoSuchElementException}). The other tasks' failures
   *     are suppressed exceptions of it
   * @throws ScopeTimedOutException if the scope's deadline passed before the policy completed
   * @throws CancellationException if the scope was cancelled ({@link #cancel()}, an earlier
   *     interrupt of the owner, or the cancellation of the task that owns this scope)
   * @throws InterruptedException if the owner is interrupted before or while it waits: the scope
   *     is cancelled first (every task is interrupted), and the exception is thrown at once, with
   *     the interrupt status cleared; {@link #close()} waits for the tasks to stop
   * @throws WrongThreadException if the caller is not the owner
   * @throws IllegalStateException if the scope is closed
   */
  public R join() throws InterruptedException {
    return switch (await()) {
      case Success<R> s -> s.value();
      case Failure<R> f -> throw (TaskFailedException) f.exception();
      case TimedOut<R> t -> throw withFailures(new ScopeTimedOutException(
          "scope '" + name + "' timed out; its unfinished tasks were cancelled"), null);
      case Cancelled<R> c -> throw withFailures(new CancellationException(
          "scope '" + name + "' was cancelled"), null);
    };
  }

  /**
   * Waits like {@link #join()} and returns the outcome as a value: {@link Success} with the
   * policy's result, {@link Failure} holding the {@link TaskFailedException} that {@code join()}
   * would throw, {@link TimedOut}, or {@link Cancelled}.
   *
   * @return how the scope ended
   * @throws InterruptedException if the owner is interrupted before or while it waits (as for
   *     {@link #join()}: the scope is cancelled first)
   * @throws WrongThreadException if the caller is not the owner
   * @throws IllegalStateException if the scope is closed
   */
  public JoinResult<R> await() throws InterruptedException {
    checkOwner("join");
    checkNotClosed("join");
    if (Thread.interrupted()) {
      shutdown(CANCELLED, null);
      throw new InterruptedException();
    }
    holderCancelled();
    awaitTasks(true);
    return result();
  }

  /**
   * Waits until every started task's thread has finished its task ({@code pending == 0}).
   *
   * @param interruptible whether an interrupt ends the wait (after cancelling the scope)
   * @return true if the owner was interrupted while waiting uninterruptibly
   */
  private boolean awaitTasks(boolean interruptible) throws InterruptedException {
    long target = started;
    if (finished.get() == target) {
      return false;
    }
    long budget = Spin.budget(Spin.SHORT);
    if (budget > 0L) {
      spinForTasks(target, budget);
    }
    boolean interrupted = false;
    if (finished.get() != target) {
      wakeAt = target;
      try {
        while (finished.get() != target) {
          if (Thread.interrupted()) {
            shutdown(CANCELLED, null);
            if (interruptible) {
              throw new InterruptedException();
            }
            interrupted = true;
          }
          LockSupport.park(this);
        }
      } finally {
        wakeAt = NOT_WAITING;
      }
    }
    return interrupted;
  }

  /**
   * Spins until {@code finished} reaches {@code target}, the budget is spent, or the tasks' pace
   * so far says they will not all finish within the budget: the owner would then only take a CPU
   * from its own tasks, so it stops early and parks (see the essay).
   */
  private void spinForTasks(long target, long budget) {
    long start = System.nanoTime();
    long end = start + budget;
    long first = finished.get();
    for (int i = 0; ; i++) {
      long done = finished.get();
      if (done == target) {
        return;
      }
      if (!Spin.pause(i, end)) {
        return;
      }
      if ((i & 7) == 7) {
        long elapsed = System.nanoTime() - start;
        // remaining / rate > time left, with rate = (done - first) / elapsed, without division
        if (elapsed >= SPIN_PROBE_NANOS
            && (target - done) * elapsed > (budget - elapsed) * Math.max(1L, done - first)) {
          return;
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private JoinResult<R> result() {
    switch (state) {
      case OPEN -> {
        if (kind == Policy.FAIL_FAST) {
          Object[] values = new Object[spawned];
          int i = 0;
          for (ScopeTask<?> t = first; t != null; t = t.next) {
            values[i++] = t.decided() == ScopeTask.SUCCESS ? t.rawOutcome() : null;
          }
          return new Success<>((R) Collections.unmodifiableList(Arrays.asList(values)));
        } else if (kind == Policy.COLLECT_ALL) {
          List<Outcome<T>> outcomes = new ArrayList<>(spawned);
          for (ScopeTask<?> t = first; t != null; t = t.next) {
            outcomes.add((Outcome<T>) t.outcome());
          }
          return new Success<>((R) Collections.unmodifiableList(outcomes));
        }
        ScopeTask<?> f = firstFailure;
        if (f == null) {
          return new Failure<>(new TaskFailedException("scope '" + name + "' has no task to"
              + " succeed: none was spawned", new NoSuchElementException("no task")));
        }
        return new Failure<>(failed(f, "every task of scope '" + name + "' failed; first: "));
      }
      case SUCCEEDED -> {
        return new Success<>((R) decider.rawOutcome());
      }
      case FAILED -> {
        return new Failure<>(failed(decider, "scope '" + name + "' failed: "));
      }
      case TIMED_OUT -> {
        return TimedOut.instance();
      }
      default -> {
        return Cancelled.instance();
      }
    }
  }

  private TaskFailedException failed(ScopeTask<?> task, String message) {
    Throwable cause = (Throwable) task.rawOutcome();
    return withFailures(new TaskFailedException(
        message + "task " + task.name() + " threw " + cause, cause), task);
  }

  /** Attaches the failures of every failed task except {@code except} to {@code e}. */
  private <E extends Throwable> E withFailures(E e, ScopeTask<?> except) {
    for (ScopeTask<?> t = first; t != null; t = t.next) {
      if (t != except && t.isDone() && t.decided() == ScopeTask.FAILED) {
        Throwable f = (Throwable) t.rawOutcome();
        if (f != e) {
          e.addSuppressed(f);
        }
      }
    }
    return e;
  }

  // ------------------------------------------------------------------------------ ending

  /**
   * Cancels the scope unless it is already done: every task that has not finished is cancelled
   * (a running one is interrupted), later spawns return cancelled tasks, and {@link #join()}
   * throws {@link CancellationException} once the tasks have stopped. Does not wait. Any thread
   * may call it, also a task of the scope (which then cancels itself too).
   *
   * @return true if this call cancelled the scope; false if it was already done
   */
  public boolean cancel() {
    return shutdown(CANCELLED, null);
  }

  /**
   * Ends the scope as {@code how} if it is still open, and cancels every task except
   * {@code by}, the task whose outcome decided it (it is about to publish that outcome).
   *
   * @return true if this call ended it
   */
  boolean shutdown(int how, ScopeTask<?> by) {
    if (state != OPEN || !STATE.compareAndSet(this, OPEN, how)) {
      return false;
    }
    decider = by;
    for (ScopeTask<?> t = first; t != null; t = t.next) {
      if (t != by) {
        t.cancel();
      }
    }
    if (wakeAt != NOT_WAITING) {
      LockSupport.unpark(owner); // a spawn waiting for a slot must see the scope is done
    }
    return true;
  }

  /**
   * Called by a task's thread once, just before it publishes its outcome: applies the policy.
   * A failure recorded here by a task that then turns out cancelled is never reported: the
   * cancel came from a shutdown, and a shut-down scope reports its decider instead.
   */
  void taskCompleting(ScopeTask<?> task, int outcome) {
    if (outcome == ScopeTask.FAILED) {
      if (kind == Policy.FAIL_FAST) {
        shutdown(FAILED, task);
      } else if (kind == Policy.FIRST_SUCCESS && firstFailure == null) {
        FIRST_FAILURE.compareAndSet(this, null, task);
      }
    } else if (kind == Policy.FIRST_SUCCESS) {
      shutdown(SUCCEEDED, task);
    }
  }

  /** Called by a task's thread as the last action of its body. */
  void taskExited() {
    if (finished.increment() >= wakeAt) {
      LockSupport.unpark(owner);
    }
  }

  /**
   * Cancels the tasks still running (none, after a {@link #join()}), waits until every task has
   * stopped and every thread the scope started has terminated, and closes the scope. Idempotent.
   *
   * <p>Waiting cannot be interrupted: an interrupt of the owner while it waits cancels the scope
   * (if it was not done already), the wait goes on, and the interrupt status is set again on
   * return. A task that ignores interrupts therefore delays {@code close()} until it ends.
   *
   * @throws WrongThreadException if the caller is not the owner
   * @throws IllegalStateException after closing, if a scope opened later by the owner was still
   *     open (it was closed first: scopes must nest)
   */
  @Override
  public void close() {
    checkOwner("close");
    if (closed) {
      return;
    }
    IllegalStateException violation = closeInnerScopes();
    closed = true;
    if (pending() != 0) {
      shutdown(CANCELLED, null);
    }
    boolean interrupted = false;
    try {
      interrupted = awaitTasks(false);
    } catch (InterruptedException impossible) {
      interrupted = true;
    }
    interrupted |= awaitThreads();
    interrupted |= stopWatchdog();
    if (holder != null) {
      holder.innermost = enclosing;
    } else {
      INNERMOST.set(enclosing);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (violation != null) {
      throw violation;
    }
  }

  /** Closes the scopes the owner opened after this one and left open; null if there are none. */
  private IllegalStateException closeInnerScopes() {
    Scope<?, ?> top = holder != null ? holder.innermost : INNERMOST.get();
    if (top == this || top == null) {
      return null;
    }
    StringBuilder names = new StringBuilder();
    for (Scope<?, ?> s = top; s != null && s != this; s = s.enclosing) {
      names.append(names.isEmpty() ? "" : ", ").append('\'').append(s.name).append('\'');
      try {
        s.close();
      } catch (IllegalStateException nested) {
        // its own inner scopes were closed too; this scope reports the whole chain
      }
    }
    return new IllegalStateException("scope '" + name + "' was closed while scope(s) " + names
        + " opened inside it by the same thread were still open; they were closed first."
        + " Close scopes in the reverse order of opening (try-with-resources does)");
  }

  /**
   * Waits until every thread the scope started has terminated (each has finished its task by
   * now, so this waits only for the JDK's thread exit).
   *
   * @return true if interrupted meanwhile
   */
  private boolean awaitThreads() {
    boolean interrupted = false;
    for (ScopeTask<?> t = first; t != null; t = t.next) {
      Thread th = t.thread;
      if (th != null && th.isAlive()) {
        interrupted |= awaitTermination(th);
      }
    }
    return interrupted;
  }

  private static boolean awaitTermination(Thread th) {
    long end = System.nanoTime() + Spin.budget(Spin.SHORT);
    for (int i = 0; th.isAlive(); i++) {
      if (!Spin.pause(i, end)) {
        break;
      }
    }
    boolean interrupted = false;
    if (th.isVirtual()) {
      while (th.isAlive()) {
        try {
          th.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } else { // Thread.join of a platform thread waits on a monitor: poll with short parks
      for (long nap = 10_000L; th.isAlive(); nap = Math.min(nap * 2, 1_000_000L)) {
        LockSupport.parkNanos(nap);
        interrupted |= Thread.interrupted();
      }
    }
    return interrupted;
  }

  private void startWatchdog(long deadline) {
    watchdog = Thread.ofVirtual().name(name + "-deadline").start(() -> {
      for (long left; !watchdogStopped; ) {
        if ((left = deadline - System.nanoTime()) <= 0L) {
          shutdown(TIMED_OUT, null);
          return;
        }
        LockSupport.parkNanos(this, left);
      }
    });
  }

  /** Stops and joins the watchdog, if any; true if interrupted meanwhile. */
  private boolean stopWatchdog() {
    Thread w = watchdog;
    if (w == null) {
      return false;
    }
    watchdogStopped = true;
    LockSupport.unpark(w);
    boolean interrupted = false;
    while (w.isAlive()) {
      try {
        w.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    return interrupted;
  }

  // ------------------------------------------------------------------------------ checks

  private void checkOwner(String op) {
    Thread me = Thread.currentThread();
    if (me == owner) {
      return;
    }
    ScopeTask<?> task = ScopeTask.current();
    if (task != null && task.scope == this) {
      throw new WrongThreadException("task " + task.name() + " called " + op + " on its own"
          + " scope '" + name + "'; only the owner (" + owner.getName() + ") may. A task that"
          + " needs subtasks opens a nested scope");
    }
    throw new WrongThreadException(op + " on scope '" + name + "' from thread " + me.getName()
        + "; only its owner (" + owner.getName() + ") may");
  }

  private void checkNotClosed(String op) {
    if (closed) {
      throw new IllegalStateException("scope '" + name + "' is closed: cannot " + op);
    }
  }

  // ------------------------------------------------------------------------------ accessors

  /** {@return the scope's name; its threads are named {@code <name>-<n>}} */
  public String name() {
    return name;
  }

  /** {@return the scope's policy} */
  public Policy<T, R> policy() {
    return policy;
  }

  /** {@return the number of tasks that have started and not yet finished (exact for the owner)} */
  int pending() {
    return (int) (started - finished.get());
  }

  /** {@return the state: for tests} */
  int state() {
    return state;
  }

  @Override
  public String toString() {
    String s = switch (state) {
      case OPEN -> closed ? "closed" : "open";
      case SUCCEEDED -> "succeeded";
      case FAILED -> "failed";
      case TIMED_OUT -> "timed out";
      default -> "cancelled";
    };
    return "Scope[" + name + ", " + policy + ", " + s + ", " + pending() + " running]";
  }

  // ------------------------------------------------------------------------------ builder

  /**
   * Settings of a scope; {@link #open(Policy)} opens one, owned by the calling thread. A builder
   * can open any number of scopes; it is not thread-safe.
   *
   * <pre>{@code
   * try (var scope = Scope.builder()
   *     .name("fetch")                        // threads: fetch-0, fetch-1, ...
   *     .timeout(Duration.ofSeconds(2))       // the whole scope's deadline
   *     .maxConcurrency(8)                    // at most 8 tasks at once
   *     .open(Policy.<Page>collectAll())) {
   *   for (URI uri : uris) scope.spawn(() -> fetch(uri));  // waits for a free slot
   *   List<Outcome<Page>> pages = scope.join();
   * }
   * }</pre>
   */
  public static final class Builder {
    private String name;
    private Duration timeout;
    private int maxConcurrency = Integer.MAX_VALUE;
    private boolean platformThreads;

    private Builder() {}

    /**
     * Names the scope; its threads are named {@code <name>-0}, {@code <name>-1}, ... and the
     * deadline's watchdog {@code <name>-deadline}. Default: {@code scope-<number>}.
     *
     * @param name the scope's name
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets a deadline for the whole scope, {@code timeout} after it opens: at the deadline, every
     * task still running is cancelled and the scope reports {@link TimedOut}. Zero or negative:
     * the scope is timed out from the start (every spawn returns a cancelled task). Default: no
     * deadline.
     *
     * @param timeout how long after opening the scope's deadline is
     * @return this builder
     * @throws NullPointerException if {@code timeout} is null
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Bounds how many tasks run at once: {@link Scope#spawn} waits for a free slot,
     * {@link Scope#trySpawn} returns {@link AtCapacity}. Default: no bound.
     *
     * @param n the most tasks running at once, {@code >= 1}
     * @return this builder
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public Builder maxConcurrency(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConcurrency must be >= 1: " + n);
      }
      this.maxConcurrency = n;
      return this;
    }

    /**
     * Runs each task in a new platform thread instead of a virtual one (default false): for tasks
     * that hold a monitor while they block, or that must not share carrier threads with others.
     *
     * @param platform true for platform threads, false for virtual ones
     * @return this builder
     */
    public Builder platformThreads(boolean platform) {
      this.platformThreads = platform;
      return this;
    }

    /**
     * Opens a fail-fast scope owned by the calling thread.
     *
     * @return the scope
     */
    public Scope<Object, List<Object>> open() {
      return open(Policy.failFast());
    }

    /**
     * Opens a scope with {@code policy}, owned by the calling thread.
     *
     * @param policy how the scope ends and what {@link Scope#join()} returns
     * @param <T> the result type of the tasks
     * @param <R> the result type of {@link Scope#join()}
     * @return the scope
     * @throws NullPointerException if {@code policy} is null
     */
    public <T, R> Scope<T, R> open(Policy<T, R> policy) {
      Objects.requireNonNull(policy, "policy");
      return new Scope<>(this, policy, true);
    }
  }

  private static final VarHandle STATE;
  private static final VarHandle FIRST_FAILURE;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATE = l.findVarHandle(Scope.class, "state", int.class);
      FIRST_FAILURE = l.findVarHandle(Scope.class, "firstFailure", ScopeTask.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
