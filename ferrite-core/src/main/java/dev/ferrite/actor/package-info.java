/**
 * Actors: state owned by one behaviour, changed only by messages, reached through a handle.
 *
 * <p>This is the article's actor pattern (a counter task that owns its count and answers {@code
 * Get} through a one-shot channel) as a runtime: an {@link dev.ferrite.actor.Actor} handles one
 * message at a time and owns its state; an {@link dev.ferrite.actor.ActorRef} reaches it with
 * {@code tell} (fire and forget) and {@code ask} (a one-shot {@link dev.ferrite.actor.ReplyTo}
 * and a required timeout); an {@link dev.ferrite.actor.ActorSystem} runs many actors on a small
 * shared pool (an idle actor costs no thread and well under 300 bytes) and shuts them down in
 * order.
 *
 * <pre>{@code
 * try (ActorSystem system = ActorSystem.create("app")) {
 *   ActorRef<CounterMsg> counter = system.spawn("counter", Counter::new);   // see Actor
 *   counter.tell(new Increment());
 *   switch (counter.ask(Get::new, Duration.ofSeconds(1))) {
 *     case Replied<Long>(Long n) -> System.out.println("count " + n);
 *     case TimedOut<Long> t -> System.out.println("timed out");
 *     case Stopped<Long> s -> System.out.println("stopped");
 *     case Rejected<Long> r -> System.out.println("mailbox full");
 *   }
 * }
 * }</pre>
 *
 * <h2>Operations</h2>
 * <table class="striped">
 *   <caption>ActorRef operations (any thread)</caption>
 *   <thead><tr><th>operation</th><th>blocks?</th><th>success</th><th>mailbox full</th>
 *       <th>timed out</th><th>actor stopped</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code tell(m)}</td><td>only a full {@code BLOCK} mailbox</td>
 *       <td>{@code Delivered}</td><td>per {@link dev.ferrite.actor.Overflow}: waits, or
 *       {@code Rejected}, or drops the oldest</td><td>&mdash;</td>
 *       <td>{@code Stopped} (dead letter)</td></tr>
 *   <tr><td>{@code ask(q, timeout)}</td><td>until the reply or the timeout</td>
 *       <td>{@code Replied(r)}</td><td>waits (within the timeout) or {@code Rejected}</td>
 *       <td>{@code TimedOut}</td><td>{@code Stopped}</td></tr>
 *   <tr><td>{@code askAsync(q, timeout)}</td><td>only a full {@code BLOCK} mailbox</td>
 *       <td colspan="4">a {@code CompletableFuture} completed with the same outcomes</td></tr>
 *   <tr><td>{@code stop()} / {@code stopNow()}</td><td>never</td><td colspan="4">stop after
 *       draining the mailbox / after the current message; idempotent</td></tr>
 *   <tr><td>{@code whenTerminated()}</td><td>never</td><td colspan="4">a future completed
 *       after the post-stop hook</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Failures of a behaviour go to the system's failure handler and then to the actor's {@link
 * dev.ferrite.actor.Supervision} (restart with exponential back-off and a limit, or stop);
 * messages that will never be handled go to its dead-letter handler ({@link
 * dev.ferrite.actor.DeadLetter}).
 */
package dev.ferrite.actor;
