package dev.ferrite.scope;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.LockSupport;

/**
 * The one implementation of {@link Task}: the callable, its thread, its outcome and its waiters in
 * one object, so that a spawn allocates nothing but this and the thread.
 *
 * <h2>Implementation overview</h2>
 * The life cycle is one {@code int} changed by CAS, as in {@link java.util.concurrent.FutureTask}
 * (JSR 166) and Ferrite's {@code PoolJob}, plus a {@code DONE} bit that says the task's code has
 * stopped:
 * <pre>
 *   NEW --runner--> RUNNING --runner--> SUCCESS|DONE, FAILED|DONE
 *    |                 +--cancel--> CANCELLED --runner--> CANCELLED|DONE
 *    +--cancel--> CANCELLED --runner, or the owner if it never starts the thread--> CANCELLED|DONE
 * </pre>
 * <ul>
 *   <li><b>One thread per task.</b> The runner is a thread created for this task alone, so a
 *       cancelling interrupt can never hit a later task (no interrupt hygiene as in a pool), and
 *       the runner is the only thread that ever sets {@code DONE} on a started task.
 *   <li><b>Outcome.</b> The runner writes {@code outcome} with a plain store, then CASes
 *       RUNNING&rarr;SUCCESS|DONE or FAILED|DONE; readers read {@code state} first, so the CAS
 *       publishes the outcome. If a cancel won the race, the outcome is cleared and never read.
 *       The scope's policy reacts to the outcome <i>before</i> that CAS (it records the first
 *       failure, or shuts the scope down, sparing this task), so a thread that sees the task
 *       done, say a sibling that joined it and then failed, can never have its own failure
 *       counted first. A task is cancelled only by its scope's shutdown, so a task whose policy
 *       reaction shut the scope down cannot lose the CAS; one that loses had its reaction
 *       overruled by an earlier shutdown, which decides the scope's outcome instead.
 *   <li><b>Cancel.</b> CAS NEW&rarr;CANCELLED (the thread will see it and not call the task) or
 *       RUNNING&rarr;CANCELLED followed by {@link Thread#interrupt()}, and by cancelling the scopes
 *       the task's thread has open ({@code innermost}, the top of its stack of nested scopes), so
 *       cancellation reaches grandchildren even if the task swallows the interrupt. A scope opened
 *       by the task just as it is cancelled checks the task's state after publishing itself in
 *       {@code innermost} (both volatile: a Dekker pair), so one of the two sides sees the other.
 *   <li><b>Waiters</b> of {@link #join()} form a Treiber stack; the runner sets DONE and then
 *       swaps the stack out and unparks it (again a Dekker pair with the waiter's push and
 *       re-check). The stack is nearly always empty: finishing a task nobody joins costs one
 *       volatile read. A waiter that gives up (interrupt) leaves a dead node behind, dropped when
 *       the task ends.
 *   <li><b>Thread-to-task link.</b> The task is also its thread's uncaught-exception handler
 *       (forwarding to the default handler, which is what would have run anyway). That gives a
 *       scope opened inside a task a way to find the task, {@link #current()}, without a
 *       {@link ThreadLocal}, whose map would cost every task an allocation (and a weak
 *       reference) even if it never opens a scope.
 * </ul>
 *
 * @param <T> the result type
 */
final class ScopeTask<T> implements Task<T>, Runnable, Thread.UncaughtExceptionHandler {
  static final int NEW = 0;
  static final int RUNNING = 1;
  static final int SUCCESS = 2;
  static final int FAILED = 3;
  static final int CANCELLED = 4;
  /** Set once the task's code has stopped (or will never run); states with it are final. */
  static final int DONE = 8;

  final Scope<?, ?> scope;
  /** The task's place in its scope's spawn order: its name is {@code <scope name>-<index>}. */
  private final int index;
  private Callable<? extends T> callable;
  /** The task's thread; set by the owner before the task is published or the thread started. */
  Thread thread;
  private volatile int state;
  /** The result or the Throwable; published by the state CAS. */
  private Object outcome;
  /** The next task of the scope, in spawn order (written once, by the owner). */
  volatile ScopeTask<?> next;
  /** The innermost scope the task's thread has open, or null; written by that thread only. */
  volatile Scope<?, ?> innermost;
  private volatile Node waiters;

  ScopeTask(Scope<?, ?> scope, Callable<? extends T> callable, int index) {
    this.scope = scope;
    this.callable = callable;
    this.index = index;
  }

  /** {@return the task whose thread is the current thread, or null} */
  static ScopeTask<?> current() {
    Thread t = Thread.currentThread();
    return t.getUncaughtExceptionHandler() instanceof ScopeTask<?> task && task.thread == t
        ? task
        : null;
  }

  // ---- running (in the task's own thread) ----

  /** The body of the task's thread; not for anyone else to call. */
  @Override
  public void run() {
    if (Thread.currentThread() != thread) {
      throw new IllegalStateException("a scope's task runs only in its own thread");
    }
    if (thread.isVirtual()) { // named here rather than by the owner, whose spawn loop is serial
      thread.setName(name());
    }
    try {
      if (claim()) {
        runCallable();
      } else {
        stop(); // cancelled before it started
      }
    } finally {
      scope.taskExited();
    }
  }

  /** {@return true if this call moved the task from NEW to RUNNING: the runner's claim} */
  boolean claim() {
    return state == NEW && STATE.compareAndSet(this, NEW, RUNNING);
  }

  private void runCallable() {
    Object o;
    int s;
    try {
      o = callable.call();
      s = SUCCESS;
    } catch (Throwable e) {
      o = e;
      s = FAILED;
    }
    callable = null; // the task may be kept long after; do not keep what the lambda captured
    if (innermost != null) { // the task left a scope of its own open: close it here
      IllegalStateException leak = closeLeakedScopes();
      if (s == SUCCESS) {
        o = leak;
        s = FAILED;
      } else if (o != leak) {
        ((Throwable) o).addSuppressed(leak);
      }
    }
    finish(o, s);
  }

  /**
   * Publishes the outcome the runner reached, unless a cancel came first, and applies the scope's
   * policy to it.
   *
   * @return true if the outcome was recorded; false if the task had been cancelled
   */
  boolean finish(Object o, int s) {
    outcome = o;
    scope.taskCompleting(this, s); // first: whoever sees this task done sees the policy's reaction
    if (STATE.compareAndSet(this, RUNNING, s | DONE)) {
      wakeWaiters();
      return true;
    }
    outcome = null;
    stop();
    return false;
  }

  /** Marks a cancelled task done (its code will not run again) and wakes its waiters. */
  void stop() {
    STATE.setVolatile(this, CANCELLED | DONE);
    wakeWaiters();
  }

  /** Closes, innermost first, the scopes this task's thread opened and did not close. */
  private IllegalStateException closeLeakedScopes() {
    StringBuilder names = new StringBuilder();
    for (Scope<?, ?> s; (s = innermost) != null; ) {
      names.append(names.isEmpty() ? "" : ", ").append('\'').append(s.name()).append('\'');
      try {
        s.close();
      } catch (RuntimeException | Error e) {
        innermost = s.enclosing; // never loop on a scope that cannot close
      }
    }
    return new IllegalStateException("task " + name() + " ended with its scope(s) " + names
        + " still open; they were closed (their unfinished tasks cancelled). Close a scope in"
        + " the task that opened it, with try-with-resources");
  }

  // ---- cancelling (any thread) ----

  /**
   * Cancels the task unless its outcome is decided: a task that has not started never will; a
   * running one is interrupted, and the scopes its thread has open are cancelled.
   *
   * @return true if this call cancelled it
   */
  boolean cancel() {
    for (;;) {
      int s = state;
      if (s == NEW) {
        if (STATE.compareAndSet(this, NEW, CANCELLED)) {
          return true;
        }
      } else if (s != RUNNING) {
        return false;
      } else if (STATE.compareAndSet(this, RUNNING, CANCELLED)) {
        thread.interrupt();
        for (Scope<?, ?> inner = innermost; inner != null; inner = inner.enclosing) {
          inner.cancel();
        }
        return true;
      }
    }
  }

  /** {@return true if the task was cancelled (it may still be stopping)} */
  boolean isCancelled() {
    return (state & ~DONE) == CANCELLED;
  }

  /** {@return the state without the DONE bit; final once {@link #isDone()}} */
  int decided() {
    return state & ~DONE;
  }

  /** {@return the value of a task that succeeded, or the failure of one that failed} */
  Object rawOutcome() {
    return outcome;
  }

  // ---- waiting ----

  private void wakeWaiters() {
    if (waiters != null) {
      for (Node n = (Node) WAITERS.getAndSet(this, (Node) null); n != null; n = n.next) {
        Thread t = n.thread;
        if (t != null) {
          LockSupport.unpark(t);
        }
      }
    }
  }

  private void awaitDone() throws InterruptedException {
    if (state >= DONE) {
      return;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (thread == Thread.currentThread()) {
      throw new IllegalStateException("task " + name() + " cannot join itself");
    }
    Node node = new Node(Thread.currentThread());
    for (;;) {
      Node h = waiters;
      if (state >= DONE) {
        return;
      }
      node.next = h;
      if (WAITERS.compareAndSet(this, h, node)) {
        break;
      }
    }
    while (state < DONE) {
      LockSupport.park(this);
      if (Thread.interrupted()) {
        node.thread = null;
        if (state >= DONE) { // done anyway: report it, keep the interrupt for later
          Thread.currentThread().interrupt();
          return;
        }
        throw new InterruptedException();
      }
    }
  }

  /** A thread waiting in {@link #join()}; {@code thread} is null once it stopped waiting. */
  private static final class Node {
    volatile Thread thread;
    Node next;

    Node(Thread thread) {
      this.thread = thread;
    }
  }

  // ---- the Task API ----

  @Override
  @SuppressWarnings("unchecked")
  public T join() throws InterruptedException {
    awaitDone();
    return switch (decided()) {
      case SUCCESS -> (T) outcome;
      case FAILED -> throw new TaskFailedException(
          "task " + name() + " failed: " + outcome, (Throwable) outcome);
      default -> throw new CancellationException("task " + name() + " was cancelled");
    };
  }

  @Override
  @SuppressWarnings("unchecked")
  public Outcome<T> outcome() {
    int s = state;
    if (s < DONE) {
      throw notDone();
    }
    return switch (s & ~DONE) {
      case SUCCESS -> new Success<>((T) outcome);
      case FAILED -> new Failure<>((Throwable) outcome);
      default -> Cancelled.instance();
    };
  }

  @Override
  @SuppressWarnings("unchecked")
  public T get() {
    int s = state;
    if (s < DONE) {
      throw notDone();
    }
    return switch (s & ~DONE) {
      case SUCCESS -> (T) outcome;
      case FAILED -> throw new IllegalStateException(
          "task " + name() + " failed: " + outcome, (Throwable) outcome);
      default -> throw new IllegalStateException("task " + name() + " was cancelled (a sibling"
          + " failed or won first, the deadline passed, or the scope was cancelled or closed"
          + " before the task finished)");
    };
  }

  private IllegalStateException notDone() {
    return new IllegalStateException("task " + name() + " has not finished: join its scope (or"
        + " the task) first");
  }

  @Override
  public boolean isDone() {
    return state >= DONE;
  }

  /** {@return the task's name in messages, also its thread's name: {@code <scope name>-<index>}} */
  String name() {
    return scope.name() + "-" + index;
  }

  @Override
  public String toString() {
    int s = state;
    String what = switch (s & ~DONE) {
      case NEW -> "not started";
      case RUNNING -> "running";
      case SUCCESS -> "succeeded";
      case FAILED -> "failed: " + outcome;
      default -> s >= DONE ? "cancelled" : "cancelled, stopping";
    };
    return "Task[" + name() + ", " + what + "]";
  }

  // ---- uncaught exceptions ----

  /**
   * Forwards an exception that escaped the task's thread (never the task's own, which becomes its
   * outcome) to the default handler, or to the thread's group when there is none: the handling
   * the thread would have had without this link.
   */
  @Override
  public void uncaughtException(Thread t, Throwable e) {
    Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
    if (h != null) {
      h.uncaughtException(t, e);
    } else {
      ThreadGroup g = t.getThreadGroup();
      if (g != null) {
        g.uncaughtException(t, e);
      } else {
        e.printStackTrace();
      }
    }
  }

  private static final VarHandle STATE;
  private static final VarHandle WAITERS;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATE = l.findVarHandle(ScopeTask.class, "state", int.class);
      WAITERS = l.findVarHandle(ScopeTask.class, "waiters", Node.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
