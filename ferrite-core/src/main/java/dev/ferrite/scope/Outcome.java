package dev.ferrite.scope;

/**
 * How one {@link Task} ended: {@link Success} (it returned a value), {@link Failure} (it threw)
 * or {@link Cancelled} (its scope cancelled it before it could finish, or before it started). A
 * {@code switch} over it is exhaustive:
 *
 * <pre>{@code
 * switch (task.outcome()) {
 *   case Success<Page>(Page page) -> render(page);
 *   case Failure<Page>(Throwable e) -> log.warn("fetch failed", e);
 *   case Cancelled<Page> c -> {}                 // a sibling failed, or the deadline passed
 * }
 * }</pre>
 *
 * @param <T> the task's result type
 */
public sealed interface Outcome<T> permits Success, Failure, Cancelled {}
