package dev.ferrite.actor;

/**
 * What a bounded mailbox does with a message that finds it full. Room is freed at the end of
 * each turn of the actor (see {@link ActorSystem.Builder#throughput}), so a mailbox may look full
 * for a few messages longer than a message-by-message count would say.
 */
public enum Overflow {
  /**
   * The sender waits for room ({@link ActorRef#tell} parks; {@link ActorRef#ask} waits within its
   * timeout). A sender interrupted while it waits gives up with {@link Rejected} and keeps its
   * interrupt status. An actor that tells a full {@code BLOCK} mailbox holds its pool thread
   * while it waits: avoid cycles of such actors.
   */
  BLOCK,
  /** The sender gets {@link Rejected} at once; nothing goes to the dead letters. */
  FAIL_FAST,
  /** The new message goes to the dead letters ({@link DeadLetter.Reason#DROPPED}); the sender gets {@link Rejected}. */
  DROP_NEWEST,
  /**
   * The new message is accepted ({@link Delivered}) and the oldest waiting one goes to the dead
   * letters ({@link DeadLetter.Reason#DROPPED}); an evicted question completes with {@link
   * Rejected}. Such a mailbox is a lock-free multi-consumer queue, somewhat slower than the
   * others.
   */
  DROP_OLDEST
}
