package dev.ferrite.pool;

import java.util.Objects;

/**
 * A resource was leased to the caller, who must release the lease.
 *
 * @param lease the lease
 * @param <T> the resource type
 */
public record Acquired<T>(Lease<T> lease) implements AcquireResult<T>, TryAcquireResult<T> {
  /**
   * Creates the outcome.
   *
   * @throws NullPointerException if {@code lease} is null
   */
  public Acquired {
    Objects.requireNonNull(lease, "lease");
  }
}
