package dev.ferrite.channel.blackbox;

import dev.ferrite.channel.Channel;
import dev.ferrite.channel.Sender;
import dev.ferrite.channel.Sent;
import dev.ferrite.channel.TestChannels;
import java.util.ArrayList;
import java.util.List;

/**
 * The channel flavours every black-box test runs against ({@code @EnumSource(Flavour.class)}).
 *
 * <p>{@link #BOUNDED_1} starts its positions a few messages below 2^31, so every test that runs
 * against it also crosses the sign change of the ring's 32-bit sequence numbers.
 */
enum Flavour {
  BOUNDED_1(1),
  BOUNDED_100(100),
  RENDEZVOUS(0),
  UNBOUNDED(Integer.MAX_VALUE);

  final int capacity;

  Flavour(int capacity) {
    this.capacity = capacity;
  }

  <T> Channel<T> create() {
    return switch (this) {
      case RENDEZVOUS -> Channel.rendezvous();
      case UNBOUNDED -> Channel.unbounded();
      case BOUNDED_1 -> TestChannels.boundedAt(1, (1L << 31) - 5);
      default -> Channel.bounded(capacity);
    };
  }

  /** {@return true if a send can complete with no receiver around} */
  boolean buffers() {
    return capacity > 0;
  }

  /** {@return true if senders can find the channel full (every flavour but unbounded)} */
  boolean canBeFull() {
    return capacity != Integer.MAX_VALUE;
  }

  /** {@return how many messages the tests may buffer without a receiver: at most 10 here} */
  int smallBuffer() {
    return Math.min(capacity, 10);
  }

  /**
   * Fills a channel that can be full with {@code "fill-0"}, {@code "fill-1"}, ... until a try-send
   * reports it full (none at all for rendezvous).
   *
   * @return the messages it holds
   */
  static List<String> fill(Sender<String> tx) {
    List<String> sent = new ArrayList<>();
    for (int i = 0; ; i++) {
      String m = "fill-" + i;
      if (!(tx.trySend(m) instanceof Sent)) {
        return sent;
      }
      sent.add(m);
    }
  }

  @Override
  public String toString() {
    return switch (this) {
      case BOUNDED_1 -> "bounded(1)";
      case BOUNDED_100 -> "bounded(100)";
      case RENDEZVOUS -> "rendezvous";
      case UNBOUNDED -> "unbounded";
    };
  }
}
