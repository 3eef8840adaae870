package dev.ferrite.sync;

import java.util.concurrent.locks.Lock;

/**
 * The one guard implementation: a held {@link Lock}, the cell holding the value, the owner
 * thread, and a released flag only the owner touches (so it needs no synchronization).
 */
final class Guard<T> implements WriteGuard<T> {
  private final Cell<T> cell;
  private final Lock lock;
  private final Thread owner;
  private final boolean exclusive;
  private boolean released;

  Guard(Cell<T> cell, Lock lock, boolean exclusive) {
    this.cell = cell;
    this.lock = lock;
    this.exclusive = exclusive;
    this.owner = Thread.currentThread();
  }

  private void check() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("the guard belongs to thread " + owner.getName());
    }
    if (released) {
      throw new IllegalStateException("the guard was closed: the value is out of reach");
    }
  }

  @Override
  public T get() {
    check();
    return cell.value;
  }

  @Override
  public void set(T value) {
    check();
    if (!exclusive) {
      throw new IllegalStateException("a read guard cannot replace the value");
    }
    cell.value = value;
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
    return (exclusive ? "WriteGuard[" : "ReadGuard[") + (released ? "released]" : "held]");
  }

  /** The value box shared by a lock and its guards; guarded by the lock. */
  static final class Cell<T> {
    T value;

    Cell(T value) {
      this.value = value;
    }
  }
}
