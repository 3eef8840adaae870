package dev.ferrite.actor;

/**
 * The message is in the actor's mailbox. The actor will handle it unless it stops at once
 * ({@link ActorRef#stopNow}), fails on an earlier message with a stop decision, or drops it by an
 * {@link Overflow#DROP_OLDEST} policy; in those cases it reaches the dead letters.
 */
public record Delivered() implements TellResult {
  private static final Delivered INSTANCE = new Delivered();

  /** {@return the shared instance} */
  public static Delivered instance() {
    return INSTANCE;
  }
}
