package dev.ferrite.sync;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A mutual-exclusion lock that owns the value it protects, like Rust's {@code Mutex<T>}: the
 * value can only be reached while the lock is held, either inside a function ({@link
 * #lock(Function)}) or through a {@link WriteGuard} closed by try-with-resources ({@link
 * #lock()}).
 *
 * <pre>{@code
 * Mutex<List<String>> names = Mutex.of(new ArrayList<>());
 * names.lock(list -> list.add("ferrite"));             // waits, interruptibly
 * int n = names.lock(List::size);
 * try (WriteGuard<List<String>> g = names.lock()) {    // the guard form
 *   g.get().clear();
 * }
 * switch (names.tryLock(List::size)) {                // never waits
 *   case Locked<Integer>(Integer size) -> log(size);
 *   case Busy<Integer> b -> log("busy");
 * }
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Waiting.</b> The blocking forms park (they never spin for long and never pin a virtual
 *       thread: no {@code synchronized}), and are interruptible: a thread interrupted before or
 *       while waiting gets {@link InterruptedException}, with its interrupt status cleared, and
 *       nothing runs. The timed forms return {@link LockTimedOut} after the timeout (a zero or
 *       negative timeout is a single try); the try forms return {@link Busy} at once.
 *   <li><b>Not reentrant.</b> Like Rust's mutex, and unlike {@link ReentrantLock}: a thread that
 *       already holds the lock and asks for it again gets {@link IllegalStateException} (Rust
 *       would deadlock). A second guard on one value would defeat the ownership discipline.
 *   <li><b>Failures.</b> If the function throws, the lock is released and the exception
 *       propagates; the value stays as the function left it (there is no poisoning: Java code
 *       that mutates in place should restore invariants itself). {@link #update} replaces the
 *       value only if its operator returns normally.
 *   <li><b>Fairness.</b> {@link #of} is not fair (barging, for throughput); {@link #fair} grants
 *       the lock in arrival order.
 *   <li><b>Memory consistency effects.</b> Everything a thread does while holding the lock
 *       <i>happens-before</i> everything the next holder does with it.
 * </ul>
 *
 * <p>Java cannot stop a reference from escaping the function or the guard; a value reached after
 * the lock was released is unprotected. The value may be null.
 *
 * @param <T> the protected value's type
 */
public final class Mutex<T> {
  /*
   * Implementation overview: a ReentrantLock (AQS: parks, honours interrupts, no pinning) plus a
   * plain field holding the value, reached only through code that holds the lock; the lock's
   * release/acquire pair orders every access. Reentrancy is refused by checking
   * isHeldByCurrentThread() before waiting, which is exact for the caller (only the caller can
   * make it true).
   */

  private final ReentrantLock lock;
  private final Guard.Cell<T> cell;

  private Mutex(T value, boolean fair) {
    this.lock = new ReentrantLock(fair);
    this.cell = new Guard.Cell<>(value);
  }

  /**
   * {@return a new, non-fair mutex owning {@code value}}
   *
   * @param value the value to protect (may be null)
   * @param <T> its type
   */
  public static <T> Mutex<T> of(T value) {
    return new Mutex<>(value, false);
  }

  /**
   * {@return a new mutex owning {@code value} that grants the lock in arrival order}
   *
   * @param value the value to protect (may be null)
   * @param <T> its type
   */
  public static <T> Mutex<T> fair(T value) {
    return new Mutex<>(value, true);
  }

  private void refuseReentry() {
    if (lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("this thread already holds the mutex (it is not reentrant)");
    }
  }

  /**
   * Waits for the lock, applies {@code fn} to the value, releases the lock and returns the result.
   *
   * @param fn the function, run with the lock held
   * @param <R> its result type
   * @return what {@code fn} returned
   * @throws InterruptedException if interrupted before or while waiting (nothing ran)
   * @throws IllegalStateException if the caller already holds the lock
   * @throws NullPointerException if {@code fn} is null
   */
  public <R> R lock(Function<? super T, ? extends R> fn) throws InterruptedException {
    Objects.requireNonNull(fn, "fn");
    refuseReentry();
    lock.lockInterruptibly();
    try {
      return fn.apply(cell.value);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for the lock and replaces the value with {@code op}'s result.
   *
   * @param op maps the current value to the new one, run with the lock held
   * @return the new value
   * @throws InterruptedException if interrupted before or while waiting (nothing changed)
   * @throws IllegalStateException if the caller already holds the lock
   * @throws NullPointerException if {@code op} is null
   */
  public T update(UnaryOperator<T> op) throws InterruptedException {
    Objects.requireNonNull(op, "op");
    refuseReentry();
    lock.lockInterruptibly();
    try {
      T next = op.apply(cell.value);
      cell.value = next;
      return next;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Applies {@code fn} if the lock is free right now; never waits.
   *
   * @param fn the function, run with the lock held
   * @param <R> its result type
   * @return {@link Locked} with the result, or {@link Busy} if the lock was held (nothing ran)
   * @throws IllegalStateException if the caller already holds the lock
   * @throws NullPointerException if {@code fn} is null
   */
  public <R> TryLockResult<R> tryLock(Function<? super T, ? extends R> fn) {
    Objects.requireNonNull(fn, "fn");
    refuseReentry();
    if (!lock.tryLock()) {
      return new Busy<>();
    }
    try {
      return new Locked<>(fn.apply(cell.value));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code timeout} for the lock, then applies {@code fn}.
   *
   * @param timeout the longest wait; zero or negative means a single try
   * @param fn the function, run with the lock held
   * @param <R> its result type
   * @return {@link Locked} with the result, or {@link LockTimedOut} (nothing ran)
   * @throws InterruptedException if interrupted before or while waiting (nothing ran)
   * @throws IllegalStateException if the caller already holds the lock
   * @throws NullPointerException if an argument is null
   */
  public <R> TimedLockResult<R> lock(Duration timeout, Function<? super T, ? extends R> fn)
      throws InterruptedException {
    Objects.requireNonNull(fn, "fn");
    long nanos = Locks.nanos(timeout);
    refuseReentry();
    if (!lock.tryLock(nanos, TimeUnit.NANOSECONDS)) {
      return new LockTimedOut<>();
    }
    try {
      return new Locked<>(fn.apply(cell.value));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for the lock and returns a guard holding it; close the guard to release it.
   *
   * @return the guard, owned by the calling thread
   * @throws InterruptedException if interrupted before or while waiting
   * @throws IllegalStateException if the caller already holds the lock
   */
  public WriteGuard<T> lock() throws InterruptedException {
    refuseReentry();
    lock.lockInterruptibly();
    return new Guard<>(cell, lock);
  }

  /**
   * Returns a guard if the lock is free right now; never waits.
   *
   * @return {@link Locked} with the guard (close it), or {@link Busy}
   * @throws IllegalStateException if the caller already holds the lock
   */
  public TryLockResult<WriteGuard<T>> tryLock() {
    refuseReentry();
    return lock.tryLock() ? new Locked<>(new Guard<>(cell, lock)) : new Busy<>();
  }

  /**
   * Waits up to {@code timeout} for the lock and returns a guard holding it.
   *
   * @param timeout the longest wait; zero or negative means a single try
   * @return {@link Locked} with the guard (close it), or {@link LockTimedOut}
   * @throws InterruptedException if interrupted before or while waiting
   * @throws IllegalStateException if the caller already holds the lock
   * @throws NullPointerException if {@code timeout} is null
   */
  public TimedLockResult<WriteGuard<T>> tryLock(Duration timeout) throws InterruptedException {
    long nanos = Locks.nanos(timeout);
    refuseReentry();
    return lock.tryLock(nanos, TimeUnit.NANOSECONDS)
        ? new Locked<>(new Guard<>(cell, lock))
        : new LockTimedOut<>();
  }

  /** {@return whether some thread holds the lock} A snapshot, for monitoring only. */
  public boolean isLocked() {
    return lock.isLocked();
  }

  /** {@return whether the calling thread holds the lock} */
  public boolean isHeldByCurrentThread() {
    return lock.isHeldByCurrentThread();
  }

  @Override
  public String toString() {
    return "Mutex[" + (lock.isLocked() ? "locked" : "unlocked") + "]";
  }
}
