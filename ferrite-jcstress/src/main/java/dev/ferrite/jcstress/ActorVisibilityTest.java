package dev.ferrite.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ferrite.actor.ActorRef;
import dev.ferrite.actor.ActorSystem;
import dev.ferrite.actor.Replied;
import dev.ferrite.actor.ReplyTo;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The memory consistency claims of {@code dev.ferrite.actor}: a sender's plain writes before
 * {@code tell} are visible to the actor when it handles the message, and an actor's plain writes
 * before {@code reply} are visible to the asker that got {@code Replied}. One system (two pool
 * threads, daemon) serves every sample; each sample spawns an actor that stops itself.
 */
public final class ActorVisibilityTest {
  private ActorVisibilityTest() {}

  static final ActorSystem SYSTEM = ActorSystem.builder().name("jcstress-actors").threads(2)
      .build();

  static void record(Payload p, III_Result r) {
    if (p == null) {
      r.r1 = Payload.NONE;
      r.r2 = Payload.NONE;
      r.r3 = Payload.NONE;
    } else {
      r.r1 = p.a;
      r.r2 = p.b;
      r.r3 = p.c;
    }
  }

  /** The sender writes a plain field, then tells; the actor reads the field. */
  @JCStressTest
  @Description("a sender's plain writes before tell are visible to the actor")
  @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "every write visible")
  @Outcome(expect = FORBIDDEN, desc = "a write before tell not visible to the actor")
  @State
  public static class TellPublishes {
    Payload shared; // plain: only the mailbox publishes it
    final CompletableFuture<Payload> seen = new CompletableFuture<>();
    final ActorRef<String> actor = SYSTEM.<String>actor(() -> (m, ctx) -> {
      seen.complete(shared);
      ctx.stop();
    }).spawn();

    @Actor
    public void sender() {
      shared = Payload.make();
      actor.tell("go");
    }

    @Arbiter
    public void arbiter(III_Result r) {
      record(seen.join(), r);
    }
  }

  /** The actor writes a plain field, then replies; the asker reads the field after Replied. */
  @JCStressTest
  @Description("an actor's plain writes before reply are visible to the asker")
  @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "every write visible")
  @Outcome(id = "-2, -2, -2", expect = FORBIDDEN, desc = "the ask did not get a reply")
  @Outcome(expect = FORBIDDEN, desc = "a write before reply not visible to the asker")
  @State
  public static class ReplyPublishes {
    Payload shared; // plain: only the reply publishes it
    final ActorRef<ReplyTo<Boolean>> actor = SYSTEM.<ReplyTo<Boolean>>actor(() -> (m, ctx) -> {
      shared = Payload.make();
      m.reply(Boolean.TRUE);
      ctx.stop();
    }).spawn();

    @Actor
    public void asker(III_Result r) {
      try {
        if (actor.<Boolean>ask(reply -> reply, Duration.ofSeconds(30)) instanceof Replied<Boolean>) {
          record(shared, r);
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      r.r1 = -2;
      r.r2 = -2;
      r.r3 = -2;
    }
  }
}
