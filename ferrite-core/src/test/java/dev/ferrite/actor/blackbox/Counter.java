package dev.ferrite.actor.blackbox;

import dev.ferrite.actor.Actor;
import dev.ferrite.actor.ActorContext;
import dev.ferrite.actor.ReplyTo;

/** The article's counter, as the tests and the Javadoc use it. */
final class Counter implements Actor<Counter.Msg> {
  sealed interface Msg {}

  record Increment() implements Msg {}

  record Decrement() implements Msg {}

  record Get(ReplyTo<Long> replyTo) implements Msg {}

  /** Fails the behaviour, for supervision tests. */
  record Boom() implements Msg {}

  private long count;

  @Override
  public void receive(Msg msg, ActorContext<Msg> ctx) {
    switch (msg) {
      case Increment i -> count++;
      case Decrement d -> count--;
      case Get g -> g.replyTo().reply(count);
      case Boom b -> throw new IllegalStateException("boom at " + count);
    }
  }
}
