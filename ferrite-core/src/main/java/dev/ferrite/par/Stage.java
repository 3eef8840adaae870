package dev.ferrite.par;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** A pipeline of adapters: turns a sink of {@code T} into a sink of source elements. */
@FunctionalInterface
interface Stage<S, T> {
  /**
   * {@return a sink that applies the adapters and passes results to {@code down}}
   *
   * @param halt true once the leaf should stop: an adapter emitting many elements per input
   *     (flatMap) checks it between them
   */
  Consumer<S> wrap(Consumer<? super T> down, BooleanSupplier halt);
}
