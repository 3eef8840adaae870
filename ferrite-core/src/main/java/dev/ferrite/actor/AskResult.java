package dev.ferrite.actor;

/**
 * How one {@link ActorRef#ask} ended: {@link Replied} with the actor's answer, {@link TimedOut}
 * (no answer within the timeout), {@link Stopped} (the actor stopped, or had stopped, before it
 * answered the question) or {@link Rejected} (a full mailbox refused the question). A {@code
 * switch} over it is exhaustive:
 *
 * <pre>{@code
 * switch (counter.ask(Get::new, Duration.ofMillis(100))) {
 *   case Replied<Long>(Long n) -> System.out.println("count: " + n);
 *   case TimedOut<Long> t -> System.out.println("no answer in time");
 *   case Stopped<Long> s -> System.out.println("the counter has stopped");
 *   case Rejected<Long> r -> System.out.println("the counter is overloaded");
 * }
 * }</pre>
 *
 * @param <R> the reply's type
 */
public sealed interface AskResult<R> permits Replied, TimedOut, Stopped, Rejected {}
