package dev.ferrite.sync;

import java.util.concurrent.locks.Lock;

/**
 * The write guard: a held exclusive {@link Lock}, the cell holding the value, the owner thread,
 * and a released flag only the owner touches (so it needs no synchronization). Read guards are
 * {@link SharedGuard}s, which have no {@code set}.
 */
final class Guard<T> implements WriteGuard<T> {
  private final Cell<T> cell;
  private final Lock lock;
  private final Thread owner;
  private boolean released;

  Guard(Cell<T> cell, Lock lock) {
    this.cell = cell;
    this.lock = lock;
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
    return "WriteGuard[" + (released ? "released]" : "held]");
  }

  /** The value box shared by a lock and its guards; guarded by the lock. */
  static final class Cell<T> {
    T value;

    Cell(T value) {
      this.value = value;
    }
  }
}
