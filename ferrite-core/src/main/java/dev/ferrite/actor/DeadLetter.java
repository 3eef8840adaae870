package dev.ferrite.actor;

/**
 * A message that no actor will handle, handed to the system's dead-letter handler ({@link
 * ActorSystem.Builder#onDeadLetter}).
 *
 * @param recipient the actor it was sent to
 * @param message the message
 * @param reason why it was not handled
 */
public record DeadLetter(ActorRef<?> recipient, Object message, Reason reason) {
  /** Why a message became a dead letter. */
  public enum Reason {
    /** Sent to an actor that had stopped, or still queued when it stopped. */
    STOPPED,
    /** Dropped by an {@link Overflow#DROP_NEWEST} or {@link Overflow#DROP_OLDEST} mailbox. */
    DROPPED
  }
}
