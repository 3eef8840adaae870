package dev.ferrite.actor;

import java.util.Objects;

/**
 * An actor's mailbox settings: bounded with an {@link Overflow} policy (the default: {@value
 * #DEFAULT_CAPACITY} messages, {@link Overflow#BLOCK}) or unbounded. Every mailbox keeps the
 * messages of one sender in the order they were sent. A mailbox allocates a small node per queued
 * message and nothing while it is empty, whatever its capacity.
 *
 * @param capacity the most messages it holds, or {@link Integer#MAX_VALUE} for unbounded
 * @param overflow what a full mailbox does with one more message
 */
public record Mailbox(int capacity, Overflow overflow) {
  /** The default capacity. */
  public static final int DEFAULT_CAPACITY = 1024;

  private static final Mailbox DEFAULT = new Mailbox(DEFAULT_CAPACITY, Overflow.BLOCK);
  private static final Mailbox UNBOUNDED = new Mailbox(Integer.MAX_VALUE, Overflow.BLOCK);

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException if {@code capacity < 1}
   * @throws NullPointerException if {@code overflow} is null
   */
  public Mailbox {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity < 1: " + capacity);
    }
    Objects.requireNonNull(overflow, "overflow");
  }

  /** {@return the default: bounded to {@value #DEFAULT_CAPACITY}, senders block when full} */
  public static Mailbox defaults() {
    return DEFAULT;
  }

  /** {@return a mailbox bounded to {@code capacity} messages with the given policy} */
  public static Mailbox bounded(int capacity, Overflow overflow) {
    return new Mailbox(capacity, overflow);
  }

  /** {@return an unbounded mailbox: tell never blocks nor fails for room (memory permitting)} */
  public static Mailbox unbounded() {
    return UNBOUNDED;
  }

  /** {@return whether this mailbox has no bound} */
  public boolean isUnbounded() {
    return capacity == Integer.MAX_VALUE;
  }
}
