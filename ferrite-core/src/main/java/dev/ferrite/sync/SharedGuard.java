package dev.ferrite.sync;

import java.util.concurrent.locks.Lock;

/**
 * A read guard: shared access, no {@code set}. Like {@link Guard}, it records its owner and a
 * released flag only the owner touches.
 */
final class SharedGuard<T> implements ReadGuard<T> {
  private final Guard.Cell<T> cell;
  private final Lock lock;
  private final Thread owner;
  private boolean released;

  SharedGuard(Guard.Cell<T> cell, Lock lock) {
    this.cell = cell;
    this.lock = lock;
    this.owner = Thread.currentThread();
  }

  @Override
  public T get() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("the guard belongs to thread " + owner.getName());
    }
    if (released) {
      throw new IllegalStateException("the guard was closed: the value is out of reach");
    }
    return cell.value;
  }

  @Override
  public boolean isHeld() {
    return !released && Thread.currentThread() == owner;
  }

  @Override
  public void close() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("the guard belongs to thread " + owner.getName());
    }
    if (!released) {
      released = true;
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "ReadGuard[" + (released ? "released]" : "held]");
  }
}
