package dev.ferrite.channel;

/** Channels in states the public API reaches only after billions of messages, for tests. */
public final class TestChannels {
  private TestChannels() {}

  /**
   * {@return a bounded channel whose first message gets position {@code start}} With a start just
   * below 2^31 the ring's 32-bit sequence numbers change sign after a few messages.
   */
  public static <T> Channel<T> boundedAt(int capacity, long start) {
    return new Channel<>(new ArrayCore<>(capacity, start));
  }
}
