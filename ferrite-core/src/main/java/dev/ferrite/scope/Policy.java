package dev.ferrite.scope;

import java.util.List;

/**
 * How a {@link Scope} ends, and what {@link Scope#join()} returns: one of three fixed policies.
 *
 * <table class="striped">
 *   <caption>Policies</caption>
 *   <thead><tr><th>policy</th><th>a task fails</th><th>a task succeeds</th>
 *       <th>{@code join()} returns</th><th>{@code join()} throws</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link #failFast()} (the default)</td><td>the scope is done: every other task is
 *       cancelled</td><td>&mdash;</td><td>every result, in spawn order</td>
 *       <td>{@link TaskFailedException} (the first failure; the others suppressed)</td></tr>
 *   <tr><td>{@link #collectAll()}</td><td>&mdash;</td><td>&mdash;</td>
 *       <td>every {@link Outcome}, in spawn order</td><td>&mdash;</td></tr>
 *   <tr><td>{@link #firstSuccess()}</td><td>&mdash;</td><td>the scope is done: it wins, every
 *       other task is cancelled</td><td>the winner's result</td>
 *       <td>{@link TaskFailedException} if every task failed (or none was spawned)</td></tr>
 *   </tbody>
 * </table>
 * Under every policy, {@code join()} throws {@link ScopeTimedOutException} if the scope's deadline
 * passed first, {@link java.util.concurrent.CancellationException} if the scope was cancelled,
 * and {@link InterruptedException} if the owner is interrupted while it waits;
 * {@link Scope#await()} returns the same outcomes as values.
 *
 * @param <T> the result type of the scope's tasks
 * @param <R> the result type of {@link Scope#join()}
 */
public final class Policy<T, R> {
  static final int FAIL_FAST = 0;
  static final int COLLECT_ALL = 1;
  static final int FIRST_SUCCESS = 2;

  private static final Policy<?, ?> FAIL_FAST_POLICY = new Policy<>(FAIL_FAST, "failFast");
  private static final Policy<?, ?> COLLECT_ALL_POLICY = new Policy<>(COLLECT_ALL, "collectAll");
  private static final Policy<?, ?> FIRST_SUCCESS_POLICY =
      new Policy<>(FIRST_SUCCESS, "firstSuccess");

  final int kind;
  private final String name;

  private Policy(int kind, String name) {
    this.kind = kind;
    this.name = name;
  }

  /**
   * The first failure ends the scope: every other task is cancelled (interrupted), and
   * {@link Scope#join()} throws a {@link TaskFailedException} whose cause is that failure, with
   * the failures of other tasks suppressed. If no task fails, {@code join()} returns every task's
   * result, in spawn order (tasks of different types use {@code T = Object} and read their own
   * {@link Task#get()} instead). Rust's {@code thread::scope}, with cancellation added.
   *
   * @param <T> the result type of the tasks
   * @return the policy
   */
  @SuppressWarnings("unchecked")
  public static <T> Policy<T, List<T>> failFast() {
    return (Policy<T, List<T>>) FAIL_FAST_POLICY;
  }

  /**
   * Every task runs to its end, whatever the others do; {@link Scope#join()} returns every
   * task's {@link Outcome}, in spawn order, and never throws for a task's failure.
   *
   * @param <T> the result type of the tasks
   * @return the policy
   */
  @SuppressWarnings("unchecked")
  public static <T> Policy<T, List<Outcome<T>>> collectAll() {
    return (Policy<T, List<Outcome<T>>>) COLLECT_ALL_POLICY;
  }

  /**
   * The first task to succeed ends the scope: every other task is cancelled (interrupted), and
   * {@link Scope#join()} returns that task's result. Failures are ignored while some task may
   * still succeed; if every task fails, {@code join()} throws a {@link TaskFailedException} whose
   * cause is the first failure, with the others suppressed (and if no task was spawned, one whose
   * cause is a {@link java.util.NoSuchElementException}).
   *
   * @param <T> the result type of the tasks
   * @return the policy
   */
  @SuppressWarnings("unchecked")
  public static <T> Policy<T, T> firstSuccess() {
    return (Policy<T, T>) FIRST_SUCCESS_POLICY;
  }

  @Override
  public String toString() {
    return "Policy." + name;
  }
}
