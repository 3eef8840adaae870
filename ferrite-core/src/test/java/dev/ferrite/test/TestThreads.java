package dev.ferrite.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Starts the threads of one test, captures what they throw, and joins them with the hang guard.
 *
 * <pre>{@code
 * try (TestThreads threads = new TestThreads()) {
 *   Thread rx = threads.start("receiver", () -> assertThat(receiver.recv()).isEqualTo("a"));
 *   TestThreads.awaitBlocked(rx);          // parked inside recv, no sleep needed
 *   sender.send("a");
 * }                                        // joins; rethrows any failure of "receiver" here
 * }</pre>
 *
 * <p>Every thread runs its task inside a wrapper that records any {@link Throwable}. {@link
 * #joinAll()} (also called by {@link #close()}) joins every thread started so far within {@link
 * Timeouts#LONG} in total, then throws an {@link AssertionError} naming the failed threads, with
 * the first failure as its cause and the others suppressed. A thread still alive at the deadline
 * is interrupted and reported with its stack trace.
 *
 * <p><b>Virtual threads are invisible to leak detection by thread enumeration</b> ({@link
 * Thread#getAllStackTraces()} and {@link ThreadGroup#enumerate} list platform threads only).
 * Start them here, with {@link #startVirtual}, and the leak check ({@link ThreadLeakChecker}) sees
 * the ones still alive, and failures nobody collected, when the test ends.
 *
 * <p>Platform threads are started as daemons, so a thread a broken test abandons cannot keep the
 * test JVM alive. An instance is meant for one test; it is thread-safe.
 */
public final class TestThreads implements AutoCloseable {
  /** A task that may throw anything; what it throws is captured and rethrown in the test. */
  @FunctionalInterface
  public interface Task {
    /** Runs the task. */
    void run() throws Throwable;
  }

  /** Instances whose threads the leak check has not looked at yet. */
  static final Queue<TestThreads> UNCHECKED = new ConcurrentLinkedQueue<>();

  private final Queue<Handle<?>> handles = new ConcurrentLinkedQueue<>();

  /** Creates an empty set of test threads, registered with the thread-leak check. */
  public TestThreads() {
    UNCHECKED.add(this);
  }

  /** Starts a platform (daemon) thread named {@code name} running {@code task}. */
  public Thread start(String name, Task task) {
    return call(Thread.ofPlatform().daemon(true).name(name), asCallable(task)).thread();
  }

  /** Starts a virtual thread named {@code name} running {@code task}. */
  public Thread startVirtual(String name, Task task) {
    return call(Thread.ofVirtual().name(name), asCallable(task)).thread();
  }

  /** Starts a platform or virtual thread, as {@code virtual} says. */
  public Thread start(boolean virtual, String name, Task task) {
    return virtual ? startVirtual(name, task) : start(name, task);
  }

  /**
   * Starts a thread from {@code builder} that computes a value; the returned handle gives the
   * value, or the failure for tests that expect one. A failure taken with {@link
   * Handle#failure()} counts as expected and is not rethrown by {@link #joinAll()}.
   */
  public <T> Handle<T> call(Thread.Builder builder, Callable<T> callable) {
    Handle<T> handle = new Handle<>(callable);
    handles.add(handle);
    handle.thread = builder.unstarted(handle::run);
    handle.thread.start();
    return handle;
  }

  /** Like {@link #call(Thread.Builder, Callable)} on a platform daemon thread named {@code name}. */
  public <T> Handle<T> call(String name, Callable<T> callable) {
    return call(Thread.ofPlatform().daemon(true).name(name), callable);
  }

  /** {@return the threads started so far} */
  public List<Thread> threads() {
    return handles.stream().map(h -> h.thread).toList();
  }

  /**
   * Joins every thread started so far within {@link Timeouts#LONG}, then fails if any thread
   * is still alive or failed.
   *
   * @throws AssertionError naming the threads that hung or failed
   * @throws InterruptedException if the test thread is interrupted while joining
   */
  public void joinAll() throws InterruptedException {
    joinAll(Timeouts.LONG);
  }

  /** {@link #joinAll()} with an explicit hang guard, for tests of the harness itself. */
  public void joinAll(Duration hangGuard) throws InterruptedException {
    long deadline = System.nanoTime() + hangGuard.toNanos();
    List<Thread> hung = new ArrayList<>();
    for (Handle<?> h : handles) {
      long left = deadline - System.nanoTime();
      if (!h.thread.join(Duration.ofNanos(Math.max(left, 1)))) {
        hung.add(h.thread);
      }
    }
    if (!hung.isEmpty()) {
      StringBuilder sb = new StringBuilder()
          .append(hung.size()).append(" thread(s) still running after the hang guard of ")
          .append(hangGuard.toMillis()).append(" ms (now interrupted):");
      sb.append(describe(hung));
      hung.forEach(Thread::interrupt);
      AssertionError error = new AssertionError(sb.toString());
      collectFailures().stream().limit(DESCRIBED).forEach(error::addSuppressed);
      throw error;
    }
    List<Throwable> failures = collectFailures();
    if (!failures.isEmpty()) {
      AssertionError error = new AssertionError(failures.size() + " test thread(s) failed; first: "
          + failures.get(0), failures.get(0));
      failures.stream().skip(1).limit(DESCRIBED).forEach(error::addSuppressed);
      throw error;
    }
  }

  /** Joins like {@link #joinAll()}; an interrupt of the test thread becomes an assertion failure. */
  @Override
  public void close() {
    try {
      joinAll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while joining test threads", e);
    }
  }

  /** Failures not yet reported or taken, each wrapped to name its thread; marks them reported. */
  List<Throwable> collectFailures() {
    List<Throwable> out = new ArrayList<>();
    for (Handle<?> h : handles) {
      Throwable f = h.takeUnexpectedFailure();
      if (f != null) {
        out.add(new AssertionError("thread \"" + h.thread.getName() + "\" failed: " + f, f));
      }
    }
    return out;
  }

  /** {@return the threads started here that are still alive} */
  List<Thread> alive() {
    return handles.stream().map(h -> h.thread).filter(Thread::isAlive).toList();
  }

  /**
   * Waits until {@code thread} is parked (state {@code WAITING} or {@code TIMED_WAITING}), within
   * {@link Timeouts#LONG}. Use it to know that a thread has reached a blocking call before
   * acting on it (closing, sending, interrupting), instead of sleeping. Works for virtual threads
   * too. The caller must make sure the thread has nothing else to wait for before that call.
   *
   * @throws AssertionError if the thread ends first, or is not parked in time
   */
  public static void awaitBlocked(Thread thread) {
    await(() -> {
      Thread.State s = thread.getState();
      if (s == Thread.State.TERMINATED) {
        throw new AssertionError("thread \"" + thread.getName() + "\" ended instead of blocking");
      }
      return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }, () -> "thread to block:" + describe(thread));
  }

  /**
   * Polls {@code condition} until it holds, within {@link Timeouts#LONG}: first yielding, then
   * parking briefly between polls. For conditions no event can signal (a thread's state); for
   * anything a test can signal, use a latch.
   *
   * @throws AssertionError if the condition does not hold in time; {@code what} describes it
   */
  public static void await(BooleanSupplier condition, Supplier<String> what) {
    long deadline = Timeouts.deadlineNanos();
    for (int i = 0; !condition.getAsBoolean(); i++) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + Timeouts.LONG.toMillis() + " ms waiting for "
            + what.get());
      }
      if (i < 100) {
        Thread.yield();
      } else {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
      }
    }
  }

  /** {@return lines describing the first few of {@code threads}, and how many more there are} */
  static String describe(List<Thread> threads) {
    StringBuilder sb = new StringBuilder();
    threads.stream().limit(DESCRIBED).forEach(t -> sb.append(describe(t)));
    if (threads.size() > DESCRIBED) {
      sb.append("\n  ... and ").append(threads.size() - DESCRIBED).append(" more");
    }
    return sb.toString();
  }

  private static final int DESCRIBED = 10;

  /** {@return a line naming {@code t}, its state and its stack, for failure messages} */
  static String describe(Thread t) {
    StringBuilder sb = new StringBuilder("\n  \"").append(t.getName()).append("\" ")
        .append(t.isVirtual() ? "virtual" : "platform").append(" #").append(t.threadId())
        .append(' ').append(t.getState());
    Arrays.stream(t.getStackTrace()).limit(12).forEach(e -> sb.append("\n      at ").append(e));
    return sb.toString();
  }

  private static Callable<Void> asCallable(Task task) {
    Objects.requireNonNull(task, "task");
    return () -> {
      try {
        task.run();
      } catch (Exception | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
      return null;
    };
  }

  /**
   * A thread started by {@link #call}: its value or failure.
   *
   * @param <T> the value type
   */
  public static final class Handle<T> {
    private final Callable<T> callable;
    private Thread thread;
    private volatile T value;
    private volatile Throwable failure;
    private boolean failureTaken;

    private Handle(Callable<T> callable) {
      this.callable = callable;
    }

    private void run() {
      try {
        value = callable.call();
      } catch (Throwable t) {
        failure = t;
      }
    }

    /** {@return the thread} */
    public Thread thread() {
      return thread;
    }

    /**
     * Joins the thread within {@link Timeouts#LONG} and returns its value.
     *
     * @throws AssertionError if it failed (with the failure as cause) or did not end in time
     */
    public T get() throws InterruptedException {
      join();
      Throwable f = failure;
      if (f != null) {
        synchronized (this) {
          failureTaken = true;
        }
        throw new AssertionError("thread \"" + thread.getName() + "\" failed: " + f, f);
      }
      return value;
    }

    /**
     * Joins the thread within {@link Timeouts#LONG} and returns what it threw; that failure
     * counts as expected and is not reported again.
     *
     * @throws AssertionError if it returned normally or did not end in time
     */
    public Throwable failure() throws InterruptedException {
      join();
      Throwable f = failure;
      if (f == null) {
        throw new AssertionError("thread \"" + thread.getName() + "\" returned " + value
            + " instead of failing");
      }
      synchronized (this) {
        failureTaken = true;
      }
      return f;
    }

    private void join() throws InterruptedException {
      if (!thread.join(Timeouts.LONG)) {
        throw new AssertionError("thread did not end within the hang guard:" + describe(thread));
      }
    }

    private synchronized Throwable takeUnexpectedFailure() {
      if (failure == null || failureTaken || thread.isAlive()) {
        return null;
      }
      failureTaken = true;
      return failure;
    }
  }
}
