package dev.ferrite.actor;

/**
 * A one-shot reply handle: the {@code oneshot::Sender} of the article's {@code Get}. {@link
 * ActorRef#ask} creates one per question and puts it into the message; the actor answers through
 * it exactly once.
 *
 * <p>Only the first reply counts. A reply after the asker gave up (its timeout passed, or it was
 * interrupted) is dropped and {@link #reply} returns false. Memory consistency effects: actions
 * of the replying thread before {@code reply} happen-before the asker's return with {@link
 * Replied}.
 *
 * @param <R> the reply's type
 */
public interface ReplyTo<R> {
  /**
   * Answers the question.
   *
   * @param value the reply (may be null only if the asker expects it)
   * @return true if this was the answer; false if the question was already answered, timed out,
   *     or was abandoned
   */
  boolean reply(R value);
}
