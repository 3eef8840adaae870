package dev.ferrite.channel;

import java.util.Objects;

/**
 * The channel had no room (or, for a rendezvous channel, no receiver was waiting); the message
 * was not accepted and is handed back.
 *
 * @param message the message that was not sent
 * @param <T> the message type
 */
public record Full<T>(T message) implements TrySendResult<T> {
  /**
   * Creates the outcome, holding the message handed back.
   *
   * @throws NullPointerException if {@code message} is null
   */
  public Full {
    Objects.requireNonNull(message, "message");
  }
}
