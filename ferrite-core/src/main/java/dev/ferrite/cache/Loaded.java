package dev.ferrite.cache;

import java.util.Objects;

/**
 * The key's value: found in the cache, or produced by the load this call ran or waited for.
 *
 * @param value the value, never null
 * @param <V> the value type
 */
public record Loaded<V>(V value) implements LoadResult<V> {
  /**
   * Creates the outcome.
   *
   * @throws NullPointerException if {@code value} is null
   */
  public Loaded {
    Objects.requireNonNull(value, "value");
  }
}
