package dev.ferrite.actor;

/**
 * What became of one {@link ActorRef#tell}: {@link Delivered} (the message is in the mailbox),
 * {@link Rejected} (the mailbox was full and its {@link Overflow} policy refused it) or {@link
 * Stopped} (the actor has stopped; the message went to the dead letters). A {@code switch} over it
 * is exhaustive. The caller still holds the message, so the failed outcomes do not carry it.
 */
public sealed interface TellResult permits Delivered, Rejected, Stopped {}
