package dev.ferrite.channel;

import java.util.Objects;

/**
 * The timeout elapsed before the channel had room; the message was not accepted and is handed
 * back.
 *
 * @param message the message that was not sent
 * @param <T> the message type
 */
public record SendTimedOut<T>(T message) implements SendTimeoutResult<T> {
  /**
   * Creates the outcome, holding the message handed back.
   *
   * @throws NullPointerException if {@code message} is null
   */
  public SendTimedOut {
    Objects.requireNonNull(message, "message");
  }
}
