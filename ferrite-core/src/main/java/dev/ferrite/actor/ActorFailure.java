package dev.ferrite.actor;

/**
 * One failure of an actor, handed to the system's failure handler ({@link
 * ActorSystem.Builder#onFailure}) before the supervision acts on it. Every failure is reported:
 * a behaviour or factory that throws, and a post-stop hook that throws.
 *
 * @param actor the actor that failed
 * @param message the message being handled, or null if the factory or the post-stop hook failed
 * @param error what was thrown
 * @param decision what the supervision does about it
 * @param failuresInARow failures without a successfully handled message between them (from 1)
 */
public record ActorFailure(ActorRef<?> actor, Object message, Throwable error, Decision decision,
    int failuresInARow) {
  /** What the supervision does about a failure. */
  public enum Decision {
    /** A fresh instance will handle the next message, after the back-off. */
    RESTART,
    /** The actor terminates (or the failure was its post-stop hook's, while terminating). */
    STOP
  }
}
