package dev.ferrite.exec;

/**
 * The outcome of {@link WorkerPool#trySubmit(java.util.concurrent.Callable)}: {@link Submitted},
 * {@link Saturated} or {@link Rejected}. As with a channel's {@code trySend}, a task that was not
 * accepted is handed back, so nothing is lost, and a {@code switch} over the outcome is
 * exhaustive:
 *
 * <pre>{@code
 * switch (pool.trySubmit(task)) {
 *   case Submitted<Report>(Job<Report> job) -> pending.add(job);
 *   case Saturated<Report>(var t) -> runHere(t);      // back-pressure: the intake is full
 *   case Rejected<Report>(var t) -> fallback(t);      // the intake is closed
 * }
 * }</pre>
 *
 * @param <T> the task's result type
 */
public sealed interface TrySubmitResult<T> permits Submitted, Saturated, Rejected {}
