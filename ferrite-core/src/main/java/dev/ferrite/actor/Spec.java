package dev.ferrite.actor;

import java.util.function.Supplier;

/** The settings of the actors spawned by one {@link ActorSystem.Spawner}, shared by all of them. */
final class Spec<M> {
  final Supplier<? extends Actor<M>> factory;
  final int capacity;
  final Overflow overflow;
  final Supervision supervision;
  final int throughput;

  Spec(Supplier<? extends Actor<M>> factory, Mailbox mailbox, Supervision supervision,
      int throughput) {
    this.factory = factory;
    this.capacity = mailbox.capacity();
    this.overflow = mailbox.overflow();
    this.supervision = supervision;
    this.throughput = throughput;
  }
}
