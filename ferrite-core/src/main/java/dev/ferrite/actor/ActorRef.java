package dev.ferrite.actor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The handle through which anyone reaches an actor: the article's {@code CounterHandle}. It is
 * cheap to share; every method may be called from any thread, including other actors.
 *
 * <p><b>Order.</b> Messages from one thread to one actor are handled in the order that thread
 * sent them. Messages from different threads interleave in some order.
 *
 * <p><b>Memory consistency effects.</b> Actions of a thread before it tells (or asks) a message
 * happen-before the actor handles that message.
 *
 * @param <M> the type of the messages the actor accepts
 */
public interface ActorRef<M> {
  /** {@return the actor's name (unique only if the spawner made it so)} */
  String name();

  /**
   * Sends a message, fire and forget.
   *
   * <p>With room in the mailbox the message is queued and {@link Delivered} returned, without a
   * lock and without blocking. A full mailbox applies its {@link Overflow} policy: {@link
   * Overflow#BLOCK} parks the caller until there is room (interruptible: an interrupted caller
   * gets {@link Rejected} with its interrupt status set), the others return at once. A stopped
   * actor's messages go to the dead letters and {@link Stopped} is returned.
   *
   * @param message the message
   * @return what became of the message
   * @throws NullPointerException if {@code message} is null
   */
  TellResult tell(M message);

  /**
   * Asks a question and waits for the answer: creates a one-shot {@link ReplyTo}, builds the
   * message with it ({@code Get::new}), sends it, and waits for the reply: a short spin, then
   * parked. An actor that asks blocks its pool thread until the answer (another worker runs the
   * asked actor meanwhile, if one is free); inside actors prefer {@link #askAsync}.
   *
   * @param question builds the message from the reply handle
   * @param timeout how long to wait in total, including for room in a full {@link Overflow#BLOCK}
   *     mailbox; required
   * @param <R> the reply's type
   * @return {@link Replied}, {@link TimedOut}, {@link Stopped} (the actor stopped before it
   *     answered) or {@link Rejected} (a full mailbox refused the question)
   * @throws InterruptedException if interrupted while waiting; the question is abandoned (a later
   *     reply is dropped)
   * @throws NullPointerException if an argument or the built message is null
   */
  <R> AskResult<R> ask(Function<? super ReplyTo<R>, ? extends M> question, Duration timeout)
      throws InterruptedException;

  /**
   * Asks a question without blocking: like {@link #ask}, but the answer completes the returned
   * future, which never completes exceptionally. The timeout is measured by the system's timer.
   * Completing or cancelling the returned future abandons the question. If the mailbox is a full
   * {@link Overflow#BLOCK} one, this call waits for room like {@link #tell}.
   *
   * @param question builds the message from the reply handle
   * @param timeout how long until the future completes with {@link TimedOut}; required
   * @param <R> the reply's type
   * @return a future of the outcome
   */
  <R> CompletableFuture<AskResult<R>> askAsync(Function<? super ReplyTo<R>, ? extends M> question,
      Duration timeout);

  /**
   * Stops the actor after it has handled the messages already in its mailbox; messages sent
   * later go to the dead letters. Returns at once (see {@link #whenTerminated()}); idempotent.
   */
  void stop();

  /**
   * Stops the actor as soon as its current message (if any) is handled; messages still in the
   * mailbox go to the dead letters. Returns at once; idempotent. It does not interrupt a
   * behaviour that is running.
   */
  void stopNow();

  /** {@return whether the actor has terminated (its post-stop hook has run)} */
  boolean isTerminated();

  /**
   * {@return a future completed when the actor has terminated: after its post-stop hook, with
   * the messages left in its mailbox handed to the dead letters} Completing it yourself has no
   * effect on the actor. Memory consistency effects: everything the actor did happens-before the
   * completion.
   */
  CompletableFuture<Void> whenTerminated();
}
