package dev.ferrite.actor;

/**
 * What an actor's behaviour may use about itself while it handles a message: its reference, its
 * system, stopping itself, and watching other actors. A context belongs to its actor: use it only
 * inside that actor's {@link Actor#receive} and {@link Actor#postStop} calls.
 *
 * @param <M> the type of the actor's messages
 */
public interface ActorContext<M> {
  /** {@return this actor's own reference, to hand to others or to tell itself} */
  ActorRef<M> self();

  /** {@return the system the actor runs in, for example to spawn children} */
  ActorSystem system();

  /**
   * Stops this actor after it has handled the messages already in its mailbox; later messages
   * go to the dead letters. The current message finishes normally.
   */
  void stop();

  /**
   * Stops this actor once the current message is handled; messages still in the mailbox go to
   * the dead letters.
   */
  void stopNow();

  /**
   * Watches {@code other}: when it terminates (or at once if it already has), {@code notice} is
   * told to this actor, like any other message (it goes to the dead letters if this actor has
   * stopped by then).
   *
   * @param other the actor to watch
   * @param notice the message this actor receives when {@code other} has terminated
   */
  void watch(ActorRef<?> other, M notice);
}
