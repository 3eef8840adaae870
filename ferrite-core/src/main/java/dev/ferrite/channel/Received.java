package dev.ferrite.channel;

import java.util.Objects;

/**
 * A message was taken from the channel; no other receiver will see it.
 *
 * @param value the message
 * @param <T> the message type
 */
public record Received<T>(T value) implements TryRecvResult<T>, RecvTimeoutResult<T> {
  /**
   * Creates the outcome, holding the message received.
   *
   * @throws NullPointerException if {@code value} is null
   */
  public Received {
    Objects.requireNonNull(value, "value");
  }
}
