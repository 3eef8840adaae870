package dev.ferrite.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.actor.Actor;
import dev.ferrite.actor.ActorContext;
import dev.ferrite.actor.ActorRef;
import dev.ferrite.actor.ActorSystem;
import dev.ferrite.actor.Rejected;
import dev.ferrite.actor.Replied;
import dev.ferrite.actor.ReplyTo;
import dev.ferrite.actor.Stopped;
import dev.ferrite.actor.TimedOut;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The example of docs/actors.md: the article's counter_actor and its CounterHandle. */
class ActorsDocExampleTest {
  // @start region="actor"
  sealed interface CounterMsg {}

  record Increment() implements CounterMsg {}

  record Decrement() implements CounterMsg {}

  record Get(ReplyTo<Long> replyTo) implements CounterMsg {}

  static final class Counter implements Actor<CounterMsg> {
    private long count;                                  // only this actor's messages touch it

    @Override
    public void receive(CounterMsg msg, ActorContext<CounterMsg> ctx) {
      switch (msg) {
        case Increment i -> count++;
        case Decrement d -> count--;
        case Get g -> g.replyTo().reply(count);
      }
    }
  }
  // @end

  @Test
  void counterActor() throws InterruptedException {
    String answer;
    // @start region="example"
    try (ActorSystem system = ActorSystem.create("docs")) {  // a small pool shared by all actors
      ActorRef<CounterMsg> counter = system.spawn("counter", Counter::new);
      for (int i = 0; i < 3; i++) {
        counter.tell(new Increment());                   // Delivered, Rejected or Stopped
      }
      counter.tell(new Decrement());
      answer = switch (counter.ask(Get::new, Duration.ofSeconds(5))) {  // a timeout is required
        case Replied<Long>(Long n) -> "count " + n;
        case TimedOut<Long> t -> "no answer in time";
        case Stopped<Long> s -> "the counter has stopped";
        case Rejected<Long> r -> "its mailbox is full";
      };
    }                               // every actor drains its mailbox and stops, then the threads
    // @end

    assertThat(answer).isEqualTo("count 2"); // one sender's messages arrive in order
  }
}
