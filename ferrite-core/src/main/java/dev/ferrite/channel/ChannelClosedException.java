package dev.ferrite.channel;

/**
 * Thrown by the blocking forms when the channel is closed: by {@link Sender#send(Object)} when
 * no receiver can ever take the message (it is handed back by {@link #unsent()}), and by
 * {@link Receiver#recv()} once every sender has closed and the buffer is drained.
 *
 * <p>Unchecked, like {@link IllegalStateException} which it extends: a closed channel is a
 * state the caller usually treats as the end of its work. Callers that expect closure as a normal
 * outcome use the try and timed forms, which return it as a value.
 */
public final class ChannelClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient Object unsent;

  /**
   * Creates an exception for a failed send or receive.
   *
   * @param message the detail message
   * @param unsent the message that was not sent, or null for a receive
   */
  public ChannelClosedException(String message, Object unsent) {
    super(message);
    this.unsent = unsent;
  }

  /**
   * {@return the message a failed send hands back, or null if a receive failed} Its static type
   * is {@code Object} because exceptions cannot be generic; cast to the channel's message type.
   */
  public Object unsent() {
    return unsent;
  }
}
