package dev.ferrite.scope;

import java.util.concurrent.CancellationException;

/**
 * The handle of one task spawned in a {@link Scope}: Rust's {@code ScopedJoinHandle}. It tells
 * how the task ended once it has.
 *
 * <pre>{@code
 * try (var scope = Scope.open()) {
 *   Task<User> user = scope.spawn(() -> findUser(id));
 *   Task<List<Order>> orders = scope.spawn(() -> findOrders(id));
 *   scope.join();                              // both done, or the first failure thrown
 *   return new Page(user.get(), orders.get()); // get() never waits
 * }
 * }</pre>
 *
 * <h2>Life cycle</h2>
 * A task runs at most once, in its own new thread. It ends in exactly one of three ways, its
 * {@link Outcome}: {@link Success} (the task returned), {@link Failure} (it threw), or
 * {@link Cancelled} (its scope cancelled it: another task failed under fail-fast or won under
 * first-success, the deadline passed, the scope was cancelled or closed before the task
 * finished, or the scope was already done when the task was spawned). Whichever is decided first
 * is final: a task cancelled while it runs is interrupted, and what it returns or throws after
 * that is dropped. The task is <i>done</i> ({@link #isDone()}) once its outcome is decided and
 * its code has stopped running; every task of a scope is done when {@link Scope#join()} or
 * {@link Scope#close()} returns. The scope's policy has reacted to the outcome before the task is
 * seen done: a sibling that joins a failed task and then fails too is never counted as the
 * scope's first failure.
 *
 * <h2>Threads</h2>
 * The accessors never wait and may be called from any thread, as may {@link #join()}, which waits
 * for this one task. A handle stays valid after its scope has closed.
 *
 * <p>Memory consistency effects: actions of the scope's owner before it spawned the task
 * <i>happen-before</i> the task starts; the task's actions <i>happen-before</i> the return of
 * any method here that saw it done, and the return of {@link Scope#join()}, {@link Scope#await()}
 * and {@link Scope#close()}.
 *
 * <p>The interface is sealed: scopes create tasks.
 *
 * @param <T> the result type
 */
public sealed interface Task<T> permits ScopeTask {

  /**
   * Waits until this task is done and returns its result: Rust's {@code JoinHandle::join}. Any
   * thread may wait, except the task's own.
   *
   * @return what the task returned
   * @throws TaskFailedException if the task threw; the cause is what it threw
   * @throws CancellationException if the task was cancelled
   * @throws InterruptedException if the calling thread is interrupted before or while it waits
   *     (the interrupt status is cleared; the task is not affected)
   * @throws IllegalStateException if called by the task itself
   */
  T join() throws InterruptedException;

  /**
   * {@return how the task ended, without waiting}
   *
   * @throws IllegalStateException if the task is not done yet: join its scope (or the task)
   *     first
   */
  Outcome<T> outcome();

  /**
   * {@return the result of a task that succeeded, without waiting} The usual way to read results
   * after {@link Scope#join()} has returned.
   *
   * @throws IllegalStateException if the task is not done, failed (the failure is the cause), or
   *     was cancelled
   */
  T get();

  /** {@return true once the task's outcome is decided and its code has stopped running} */
  boolean isDone();
}
