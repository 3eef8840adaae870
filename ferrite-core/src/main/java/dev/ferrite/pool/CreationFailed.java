package dev.ferrite.pool;

import java.util.Objects;

/**
 * The caller needed a new resource and the factory failed to create one: either an attempt made
 * for the caller failed while it waited, or the pool is in its failing state (the latest attempt
 * failed and the retry back-off has not elapsed) and the caller failed fast rather than wait out
 * its timeout. The caller holds nothing.
 *
 * @param cause what the factory threw (a {@link NullPointerException} if it returned null)
 * @param <T> the resource type
 */
public record CreationFailed<T>(Throwable cause) implements AcquireResult<T> {
  /**
   * Creates the outcome.
   *
   * @throws NullPointerException if {@code cause} is null
   */
  public CreationFailed {
    Objects.requireNonNull(cause, "cause");
  }
}
