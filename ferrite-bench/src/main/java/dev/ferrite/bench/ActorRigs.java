package dev.ferrite.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.ferrite.actor.ActorSystem;
import dev.ferrite.actor.AskResult;
import dev.ferrite.actor.Mailbox;
import dev.ferrite.actor.Replied;
import dev.ferrite.actor.ReplyTo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The workloads of {@link ActorBench} for each implementation, identical in shape: {@code pairs}
 * pairs of actors that bounce a ball {@code hops} times (a new message per hop, carrying the
 * sender's reference), {@code senders} actors that each tell {@code perSender} messages to one
 * sink (unbounded mailbox in both: Pekko's default), and an echo actor answering asks.
 */
final class ActorRigs {
  private ActorRigs() {}

  static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);
  /** The fan-in message, allocated once. */
  static final Integer ONE = 1;

  /** One implementation's actors, created once per trial. */
  interface Rig extends AutoCloseable {
    /** One round of ping-pong: every pair bounces its ball {@code hops} times. */
    void pingPong() throws Exception;

    /** One round of fan-in: every sender tells {@code perSender} messages to the sink. */
    void fanIn() throws Exception;

    /** One ask round trip to the echo actor; returns the reply. */
    int ask() throws Exception;

    @Override
    void close() throws Exception;
  }

  record Shape(int threads, int throughput, int pairs, int hops, int senders, int perSender) {}

  static Rig rig(String impl, Shape shape) throws Exception {
    return switch (impl) {
      case "ferrite" -> new FerriteRig(shape, Mailbox.defaults());
      case "ferrite-unbounded" -> new FerriteRig(shape, Mailbox.unbounded());
      case "pekko" -> new PekkoRig(shape);
      default -> throw new IllegalArgumentException("unknown impl " + impl);
    };
  }

  static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("a benchmark round did not finish in 60 s");
    }
  }

  // ------------------------------------------------------------------ ferrite

  static final class FerriteRig implements Rig {
    record Ball(int remaining, dev.ferrite.actor.ActorRef<Ball> from) {}

    record Ask(ReplyTo<Integer> replyTo) {}

    final Shape shape;
    final ActorSystem system;
    final List<dev.ferrite.actor.ActorRef<Ball>> players = new ArrayList<>();
    final List<dev.ferrite.actor.ActorRef<Object>> senders = new ArrayList<>();
    final dev.ferrite.actor.ActorRef<Integer> sink;
    final dev.ferrite.actor.ActorRef<Ask> echo;
    volatile CountDownLatch done;

    /** Ferrite's actors; the players and the echo actor get {@code mailbox}, the sink unbounded. */
    FerriteRig(Shape shape, Mailbox mailbox) {
      this.shape = shape;
      system = ActorSystem.builder().name("bench-ferrite").threads(shape.threads())
          .throughput(shape.throughput()).build();
      for (int i = 0; i < 2 * shape.pairs(); i++) {
        players.add(system.<Ball>actor(() -> (b, ctx) -> {
          if (b.remaining() == 0) {
            done.countDown();
          } else {
            b.from().tell(new Ball(b.remaining() - 1, ctx.self()));
          }
        }).mailbox(mailbox).spawn());
      }
      int total = shape.senders() * shape.perSender();
      sink = system.<Integer>actor(() -> new dev.ferrite.actor.Actor<>() {
        int received;

        @Override
        public void receive(Integer m, dev.ferrite.actor.ActorContext<Integer> ctx) {
          if (++received == total) {
            received = 0;
            done.countDown();
          }
        }
      }).mailbox(Mailbox.unbounded()).spawn();
      for (int i = 0; i < shape.senders(); i++) {
        senders.add(system.actor(() -> (go, ctx) -> {
          for (int k = shape.perSender(); k > 0; k--) {
            sink.tell(ONE);
          }
        }).spawn());
      }
      echo = system.<Ask>actor(() -> (a, ctx) -> a.replyTo().reply(ONE)).mailbox(mailbox).spawn();
    }

    @Override
    public void pingPong() throws Exception {
      CountDownLatch latch = new CountDownLatch(shape.pairs());
      done = latch;
      for (int p = 0; p < shape.pairs(); p++) {
        players.get(2 * p).tell(new Ball(shape.hops() - 1, players.get(2 * p + 1)));
      }
      await(latch);
    }

    @Override
    public void fanIn() throws Exception {
      CountDownLatch latch = new CountDownLatch(1);
      done = latch;
      for (var s : senders) {
        s.tell(ONE);
      }
      await(latch);
    }

    @Override
    public int ask() throws Exception {
      AskResult<Integer> r = echo.ask(Ask::new, ASK_TIMEOUT);
      if (r instanceof Replied<Integer>(Integer v)) {
        return v;
      }
      throw new IllegalStateException("ask failed: " + r);
    }

    @Override
    public void close() {
      system.close();
    }
  }

  // ------------------------------------------------------------------ pekko

  /** A Pekko config with the default dispatcher sized to {@code threads}. */
  static Config pekkoConfig(int threads, int throughput) {
    return ConfigFactory.parseString(
        "pekko.actor.default-dispatcher { executor = fork-join-executor\n"
            + "  fork-join-executor { parallelism-min = " + threads + ", parallelism-max = "
            + threads + ", parallelism-factor = 1.0 }\n"
            + "  throughput = " + throughput + " }\n"
            + "pekko.log-dead-letters = off\n"
            + "pekko.log-dead-letters-during-shutdown = off\n"
            + "pekko.loglevel = OFF\npekko.stdout-loglevel = OFF\n"
            + "pekko.jvm-shutdown-hooks = off\n"
            + "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n")
        .withFallback(ConfigFactory.load());
  }

  static final class PekkoRig implements Rig {
    record Ball(int remaining, ActorRef<Ball> from) {}

    record Ask(ActorRef<Integer> replyTo) {}

    final Shape shape;
    final org.apache.pekko.actor.typed.ActorSystem<Void> system;
    final List<ActorRef<Ball>> players = new ArrayList<>();
    final List<ActorRef<Integer>> senders = new ArrayList<>();
    ActorRef<Integer> sink;
    ActorRef<Ask> echo;
    volatile CountDownLatch done;

    PekkoRig(Shape shape) throws Exception {
      this.shape = shape;
      CompletableFuture<Void> built = new CompletableFuture<>();
      int total = shape.senders() * shape.perSender();
      Behavior<Void> guardian = Behaviors.setup(ctx -> {
        for (int i = 0; i < 2 * shape.pairs(); i++) {
          players.add(ctx.spawnAnonymous(Behaviors.setup(self -> Behaviors.<Ball>receiveMessage(b -> {
            if (b.remaining() == 0) {
              done.countDown();
            } else {
              b.from().tell(new Ball(b.remaining() - 1, self.getSelf()));
            }
            return Behaviors.same();
          }))));
        }
        int[] received = new int[1];
        sink = ctx.spawnAnonymous(Behaviors.<Integer>receiveMessage(m -> {
          if (++received[0] == total) {
            received[0] = 0;
            done.countDown();
          }
          return Behaviors.same();
        }));
        for (int i = 0; i < shape.senders(); i++) {
          senders.add(ctx.spawnAnonymous(Behaviors.<Integer>receiveMessage(go -> {
            for (int k = shape.perSender(); k > 0; k--) {
              sink.tell(ONE);
            }
            return Behaviors.same();
          })));
        }
        echo = ctx.spawnAnonymous(Behaviors.<Ask>receiveMessage(a -> {
          a.replyTo().tell(ONE);
          return Behaviors.same();
        }));
        built.complete(null);
        return Behaviors.empty();
      });
      system = org.apache.pekko.actor.typed.ActorSystem.create(guardian, "bench-pekko",
          pekkoConfig(shape.threads(), shape.throughput()));
      built.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void pingPong() throws Exception {
      CountDownLatch latch = new CountDownLatch(shape.pairs());
      done = latch;
      for (int p = 0; p < shape.pairs(); p++) {
        players.get(2 * p).tell(new Ball(shape.hops() - 1, players.get(2 * p + 1)));
      }
      await(latch);
    }

    @Override
    public void fanIn() throws Exception {
      CountDownLatch latch = new CountDownLatch(1);
      done = latch;
      for (var s : senders) {
        s.tell(ONE);
      }
      await(latch);
    }

    @Override
    public int ask() throws Exception {
      return AskPattern.<Ask, Integer>ask(echo, Ask::new, ASK_TIMEOUT, system.scheduler())
          .toCompletableFuture().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }
}
