package dev.ferrite.http;

import java.util.Objects;

/**
 * One URL's outcome as it is decided, from {@link FetchBatch#completions()}: the streaming
 * counterpart of {@link FetchBatch#await()} (Rust's {@code FuturesUnordered} next to
 * {@code join_all}).
 *
 * @param index the URL's position in the batch
 * @param result its outcome, also at {@code index} in {@link FetchBatch#await()}
 */
public record Completion(int index, FetchResult result) {
  /**
   * Checks the arguments.
   *
   * @throws NullPointerException if {@code result} is null
   */
  public Completion {
    Objects.requireNonNull(result, "result");
  }
}
