package dev.ferrite.actor;

/**
 * An actor's behaviour: it handles the messages of one actor, one at a time, and owns the
 * actor's state. Nothing but the actor's own messages can reach that state, so it needs no
 * lock and no volatile field.
 *
 * <p>The article's counter: the state is a plain {@code long}, changed only by messages; a
 * {@code Get} carries a one-shot {@link ReplyTo} that the actor answers.
 *
 * <pre>{@code
 * sealed interface CounterMsg {}
 * record Increment() implements CounterMsg {}
 * record Decrement() implements CounterMsg {}
 * record Get(ReplyTo<Long> replyTo) implements CounterMsg {}
 *
 * final class Counter implements Actor<CounterMsg> {
 *   private long count;                                   // owned by the actor alone
 *
 *   public void receive(CounterMsg msg, ActorContext<CounterMsg> ctx) {
 *     switch (msg) {
 *       case Increment i -> count++;
 *       case Decrement d -> count--;
 *       case Get g -> g.replyTo().reply(count);
 *     }
 *   }
 * }
 *
 * try (ActorSystem system = ActorSystem.create("app")) {
 *   ActorRef<CounterMsg> counter = system.spawn("counter", Counter::new);
 *   counter.tell(new Increment());
 *   AskResult<Long> r = counter.ask(Get::new, Duration.ofSeconds(1));   // Replied(1)
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> {@link #receive} runs on one of the system's pool threads, never on two
 * threads at once for the same actor. Consecutive calls may run on different threads; each call
 * happens-before the next one of the same actor, so plain fields are safe. A behaviour should not
 * block for long: it holds a pool thread while it runs.
 *
 * <p><b>Failures.</b> If {@code receive} throws, the message is dropped, the failure is reported
 * to the system's failure handler, and the actor's {@link Supervision} decides: a restart
 * discards this instance and creates a fresh one from the actor's factory (fresh state), a stop
 * terminates the actor.
 *
 * @param <M> the type of the messages the actor accepts
 */
@FunctionalInterface
public interface Actor<M> {
  /**
   * Handles one message.
   *
   * @param message the message, never null
   * @param context the actor's context: its own reference, stop, watch; valid only during the
   *     actor's own calls
   * @throws Exception to report a failure to the supervision
   */
  void receive(M message, ActorContext<M> context) throws Exception;

  /**
   * The post-stop hook: runs once, on a pool thread, after the last message this instance
   * handled, when the actor terminates (stopped by anyone, by its supervision, or by the system's
   * shutdown). It does not run for an instance that a restart replaces. Messages still queued at
   * that point go to the dead letters. What it throws is reported to the failure handler.
   */
  default void postStop() {}
}
