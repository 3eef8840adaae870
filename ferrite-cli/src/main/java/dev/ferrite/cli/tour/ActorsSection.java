package dev.ferrite.cli.tour;

import dev.ferrite.actor.Actor;
import dev.ferrite.actor.ActorContext;
import dev.ferrite.actor.ActorRef;
import dev.ferrite.actor.ActorSystem;
import dev.ferrite.actor.AskResult;
import dev.ferrite.actor.Rejected;
import dev.ferrite.actor.Replied;
import dev.ferrite.actor.ReplyTo;
import dev.ferrite.actor.Stopped;
import dev.ferrite.actor.TimedOut;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The article's actor: a counter that owns its count, changed only by messages sent through a
 * handle by four threads, read with a {@code Get} that carries a one-shot reply; then an ask
 * that times out against a deliberately slow actor.
 */
final class ActorsSection implements TourSection {
  static final int SENDERS = 4;
  static final int INCREMENTS = 10_000;

  sealed interface CounterMsg {}

  record Increment() implements CounterMsg {}

  record Get(ReplyTo<Long> replyTo) implements CounterMsg {}

  /** The actor: its state is a plain field that only its own messages touch. */
  static final class Counter implements Actor<CounterMsg> {
    private long count;

    @Override
    public void receive(CounterMsg msg, ActorContext<CounterMsg> ctx) {
      switch (msg) {
        case Increment i -> count++;
        case Get g -> g.replyTo().reply(count);
      }
    }
  }

  /** The article's CounterHandle: the only way to reach the counter. */
  record CounterHandle(ActorRef<CounterMsg> ref) {
    void increment() {
      ref.tell(new Increment());
    }

    AskResult<Long> get(Duration timeout) throws InterruptedException {
      return ref.ask(Get::new, timeout);
    }
  }

  @Override
  public String name() {
    return "actors";
  }

  @Override
  public String title() {
    return "a counter actor owns its state; tell, ask, and an ask that times out";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    try (ActorSystem system = ActorSystem.builder().name("tour-actors").threads(2).build()) {
      CounterHandle counter = new CounterHandle(system.spawn("counter", Counter::new));
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < SENDERS; t++) {
        threads.add(Thread.ofPlatform().name("tour-sender-" + t).start(() -> {
          for (int i = 0; i < INCREMENTS / SENDERS; i++) {
            counter.increment();
          }
        }));
      }
      for (Thread t : threads) {
        t.join();
      }
      out.printf("  %d threads sent %,d increments through the handle%n", SENDERS, INCREMENTS);
      out.println("  actor counter: " + describe(counter.get(Duration.ofSeconds(10))));

      CountDownLatch release = new CountDownLatch(1);
      ActorRef<Get> slow = system.<Get>actor(() -> (get, ctx) -> {
        release.await(); // deliberately slow: answers only after the asker gave up
        get.replyTo().reply(-1L);
      }).name("slow").spawn();
      Duration timeout = Duration.ofMillis(100);
      AskResult<Long> r = slow.ask(Get::new, timeout);
      out.printf("  ask a slow actor with a %d ms timeout: %s%n", timeout.toMillis(), describe(r));
      release.countDown();
    }
    out.println("  system shut down: every actor drained and stopped, no thread left");
  }

  private static String describe(AskResult<Long> r) {
    return switch (r) {
      case Replied<Long>(Long n) -> String.valueOf(n);
      case TimedOut<Long> t -> "timed out";
      case Stopped<Long> s -> "actor stopped";
      case Rejected<Long> rej -> "mailbox full";
    };
  }
}
