package dev.ferrite.channel;

import java.util.Objects;

/**
 * The channel is closed for sending (every receiver has closed, or every sender has); the
 * message was not accepted and is handed back.
 *
 * @param message the message that was not sent
 * @param <T> the message type
 */
public record SendClosed<T>(T message) implements TrySendResult<T>, SendTimeoutResult<T> {
  /**
   * Creates the outcome, holding the message handed back.
   *
   * @throws NullPointerException if {@code message} is null
   */
  public SendClosed {
    Objects.requireNonNull(message, "message");
  }
}
