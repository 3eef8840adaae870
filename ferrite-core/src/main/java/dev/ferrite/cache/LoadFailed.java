package dev.ferrite.cache;

import java.util.Objects;

/**
 * The load failed: the loader threw {@code cause} (or returned null: then {@code cause} is a
 * {@link NullPointerException}). Every caller that waited for that load gets the same cause;
 * nothing was cached, so a later call loads again.
 *
 * @param cause why
 * @param <V> the value type
 */
public record LoadFailed<V>(Throwable cause) implements LoadResult<V> {
  /**
   * Creates the outcome.
   *
   * @throws NullPointerException if {@code cause} is null
   */
  public LoadFailed {
    Objects.requireNonNull(cause, "cause");
  }
}
