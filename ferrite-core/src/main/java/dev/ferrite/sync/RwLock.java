package dev.ferrite.sync;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A readers-writer lock that owns the value it protects, like Rust's {@code RwLock<T>}: any number
 * of readers or one writer at a time, and the value can only be reached while the lock is held,
 * inside a function ({@link #read(Function)}, {@link #write(Function)}) or through a guard
 * ({@link #readLock()}, {@link #writeLock()}) closed by try-with-resources.
 *
 * <pre>{@code
 * RwLock<Map<String, Integer>> scores = RwLock.of(new HashMap<>());
 * scores.write(m -> m.merge("ada", 1, Integer::sum));
 * Integer ada = scores.read(m -> m.get("ada"));        // readers run in parallel
 * try (ReadGuard<Map<String, Integer>> g = scores.readLock()) {
 *   g.get().forEach((k, v) -> System.out.println(k + " " + v));
 * }
 * }</pre>
 *
 * <p>A read function must only read: readers run concurrently, so a value mutated under a read
 * lock is a data race (Java's type system cannot express Rust's {@code &T} vs {@code &mut T}).
 *
 * <h2>Contract</h2>
 * The rules of {@link Mutex} apply: blocking forms park and are interruptible ({@link
 * InterruptedException}, nothing ran); timed forms return {@link LockTimedOut}; try forms return
 * {@link Busy}; exceptions release the lock and propagate; no {@code synchronized}.
 * <ul>
 *   <li><b>Reentry.</b> A thread holding the write lock that asks for either lock, or a thread
 *       holding a read lock that asks for the write lock, gets {@link IllegalStateException}
 *       (the upgrade would deadlock). Nested read locks are allowed.
 *   <li><b>Fairness.</b> {@link #of} is not fair, but a waiting writer keeps new readers from
 *       barging in indefinitely; {@link #fair} grants the lock in arrival order.
 *   <li><b>Memory consistency effects.</b> Everything a writer does while holding the lock
 *       <i>happens-before</i> everything any later reader or writer does with it.
 * </ul>
 *
 * @param <T> the protected value's type
 */
public final class RwLock<T> {
  /*
   * Implementation overview: a ReentrantReadWriteLock (AQS) and a plain field for the value.
   *
   * Why not StampedLock's optimistic reads? An optimistic reader runs without the lock and
   * validates afterwards, so it may observe a value half-way through a writer's mutation. That is
   * safe only for code written to tolerate torn state (it must not loop, throw or act on what it
   * read before validating). A user function over an arbitrary T cannot promise that: a
   * HashMap read during a resize may throw or loop. So RwLock takes the real read lock; the
   * optimistic pattern is used where Ferrite controls the reading code (none here yet).
   */

  private final ReentrantReadWriteLock rw;
  private final Lock readLock;
  private final Lock writeLock;
  private final Guard.Cell<T> cell;

  private RwLock(T value, boolean fair) {
    this.rw = new ReentrantReadWriteLock(fair);
    this.readLock = rw.readLock();
    this.writeLock = rw.writeLock();
    this.cell = new Guard.Cell<>(value);
  }

  /**
   * {@return a new, non-fair readers-writer lock owning {@code value}}
   *
   * @param value the value to protect (may be null)
   * @param <T> its type
   */
  public static <T> RwLock<T> of(T value) {
    return new RwLock<>(value, false);
  }

  /**
   * {@return a new readers-writer lock owning {@code value} that grants it in arrival order}
   *
   * @param value the value to protect (may be null)
   * @param <T> its type
   */
  public static <T> RwLock<T> fair(T value) {
    return new RwLock<>(value, true);
  }

  private void checkRead() {
    if (rw.isWriteLockedByCurrentThread()) {
      throw new IllegalStateException("this thread holds the write lock (no reentry)");
    }
  }

  private void checkWrite() {
    if (rw.isWriteLockedByCurrentThread()) {
      throw new IllegalStateException("this thread already holds the write lock (no reentry)");
    }
    if (rw.getReadHoldCount() > 0) {
      throw new IllegalStateException("this thread holds a read lock (an upgrade would deadlock)");
    }
  }

  private <R> R apply(Lock l, Function<? super T, ? extends R> fn) {
    try {
      return fn.apply(cell.value);
    } finally {
      l.unlock();
    }
  }

  /**
   * Waits for shared access, applies {@code fn} to the value and returns its result.
   *
   * @param fn a function that only reads the value, run with the read lock held
   * @param <R> its result type
   * @return what {@code fn} returned
   * @throws InterruptedException if interrupted before or while waiting (nothing ran)
   * @throws IllegalStateException if the caller holds the write lock
   * @throws NullPointerException if {@code fn} is null
   */
  public <R> R read(Function<? super T, ? extends R> fn) throws InterruptedException {
    Objects.requireNonNull(fn, "fn");
    checkRead();
    readLock.lockInterruptibly();
    return apply(readLock, fn);
  }

  /**
   * Waits for exclusive access, applies {@code fn} to the value and returns its result.
   *
   * @param fn the function, run with the write lock held; it may mutate the value
   * @param <R> its result type
   * @return what {@code fn} returned
   * @throws InterruptedException if interrupted before or while waiting (nothing ran)
   * @throws IllegalStateException if the caller holds either lock
   * @throws NullPointerException if {@code fn} is null
   */
  public <R> R write(Function<? super T, ? extends R> fn) throws InterruptedException {
    Objects.requireNonNull(fn, "fn");
    checkWrite();
    writeLock.lockInterruptibly();
    return apply(writeLock, fn);
  }

  /**
   * Waits for exclusive access and replaces the value with {@code op}'s result.
   *
   * @param op maps the current value to the new one, run with the write lock held
   * @return the new value
   * @throws InterruptedException if interrupted before or while waiting (nothing changed)
   * @throws IllegalStateException if the caller holds either lock
   * @throws NullPointerException if {@code op} is null
   */
  public T update(UnaryOperator<T> op) throws InterruptedException {
    Objects.requireNonNull(op, "op");
    checkWrite();
    writeLock.lockInterruptibly();
    try {
      T next = op.apply(cell.value);
      cell.value = next;
      return next;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Applies the read-only {@code fn} if shared access is available right now; never waits.
   *
   * @param fn a function that only reads the value
   * @param <R> its result type
   * @return {@link Locked} with the result, or {@link Busy} if a writer held the lock
   * @throws IllegalStateException if the caller holds the write lock
   * @throws NullPointerException if {@code fn} is null
   */
  public <R> TryLockResult<R> tryRead(Function<? super T, ? extends R> fn) {
    Objects.requireNonNull(fn, "fn");
    checkRead();
    return readLock.tryLock() ? new Locked<>(apply(readLock, fn)) : new Busy<>();
  }

  /**
   * Applies {@code fn} if exclusive access is available right now; never waits.
   *
   * @param fn the function; it may mutate the value
   * @param <R> its result type
   * @return {@link Locked} with the result, or {@link Busy} if the lock was held
   * @throws IllegalStateException if the caller holds either lock
   * @throws NullPointerException if {@code fn} is null
   */
  public <R> TryLockResult<R> tryWrite(Function<? super T, ? extends R> fn) {
    Objects.requireNonNull(fn, "fn");
    checkWrite();
    return writeLock.tryLock() ? new Locked<>(apply(writeLock, fn)) : new Busy<>();
  }

  /**
   * Waits up to {@code timeout} for shared access, then applies the read-only {@code fn}.
   *
   * @param timeout the longest wait; zero or negative means a single try
   * @param fn a function that only reads the value
   * @param <R> its result type
   * @return {@link Locked} with the result, or {@link LockTimedOut} (nothing ran)
   * @throws InterruptedException if interrupted before or while waiting (nothing ran)
   * @throws IllegalStateException if the caller holds the write lock
   * @throws NullPointerException if an argument is null
   */
  public <R> TimedLockResult<R> read(Duration timeout, Function<? super T, ? extends R> fn)
      throws InterruptedException {
    Objects.requireNonNull(fn, "fn");
    long nanos = Locks.nanos(timeout);
    checkRead();
    return readLock.tryLock(nanos, TimeUnit.NANOSECONDS)
        ? new Locked<>(apply(readLock, fn))
        : new LockTimedOut<>();
  }

  /**
   * Waits up to {@code timeout} for exclusive access, then applies {@code fn}.
   *
   * @param timeout the longest wait; zero or negative means a single try
   * @param fn the function; it may mutate the value
   * @param <R> its result type
   * @return {@link Locked} with the result, or {@link LockTimedOut} (nothing ran)
   * @throws InterruptedException if interrupted before or while waiting (nothing ran)
   * @throws IllegalStateException if the caller holds either lock
   * @throws NullPointerException if an argument is null
   */
  public <R> TimedLockResult<R> write(Duration timeout, Function<? super T, ? extends R> fn)
      throws InterruptedException {
    Objects.requireNonNull(fn, "fn");
    long nanos = Locks.nanos(timeout);
    checkWrite();
    return writeLock.tryLock(nanos, TimeUnit.NANOSECONDS)
        ? new Locked<>(apply(writeLock, fn))
        : new LockTimedOut<>();
  }

  /**
   * Waits for shared access and returns a guard holding it; close the guard to release it.
   *
   * @return the read guard, owned by the calling thread
   * @throws InterruptedException if interrupted before or while waiting
   * @throws IllegalStateException if the caller holds the write lock
   */
  public ReadGuard<T> readLock() throws InterruptedException {
    checkRead();
    readLock.lockInterruptibly();
    return new SharedGuard<>(cell, readLock);
  }

  /**
   * Waits for exclusive access and returns a guard holding it; close the guard to release it.
   *
   * @return the write guard, owned by the calling thread
   * @throws InterruptedException if interrupted before or while waiting
   * @throws IllegalStateException if the caller holds either lock
   */
  public WriteGuard<T> writeLock() throws InterruptedException {
    checkWrite();
    writeLock.lockInterruptibly();
    return new Guard<>(cell, writeLock);
  }

  /**
   * Waits up to {@code timeout} for shared access and returns a guard holding it.
   *
   * @param timeout the longest wait; zero or negative means a single try
   * @return {@link Locked} with the guard (close it), or {@link LockTimedOut}
   * @throws InterruptedException if interrupted before or while waiting
   * @throws IllegalStateException if the caller holds the write lock
   * @throws NullPointerException if {@code timeout} is null
   */
  public TimedLockResult<ReadGuard<T>> tryReadLock(Duration timeout) throws InterruptedException {
    long nanos = Locks.nanos(timeout);
    checkRead();
    return readLock.tryLock(nanos, TimeUnit.NANOSECONDS)
        ? new Locked<>(new SharedGuard<>(cell, readLock))
        : new LockTimedOut<>();
  }

  /**
   * Waits up to {@code timeout} for exclusive access and returns a guard holding it.
   *
   * @param timeout the longest wait; zero or negative means a single try
   * @return {@link Locked} with the guard (close it), or {@link LockTimedOut}
   * @throws InterruptedException if interrupted before or while waiting
   * @throws IllegalStateException if the caller holds either lock
   * @throws NullPointerException if {@code timeout} is null
   */
  public TimedLockResult<WriteGuard<T>> tryWriteLock(Duration timeout)
      throws InterruptedException {
    long nanos = Locks.nanos(timeout);
    checkWrite();
    return writeLock.tryLock(nanos, TimeUnit.NANOSECONDS)
        ? new Locked<>(new Guard<>(cell, writeLock))
        : new LockTimedOut<>();
  }

  /** {@return whether a writer holds the lock} A snapshot, for monitoring only. */
  public boolean isWriteLocked() {
    return rw.isWriteLocked();
  }

  /** {@return the number of read holds} A snapshot, for monitoring only. */
  public int readLockCount() {
    return rw.getReadLockCount();
  }

  @Override
  public String toString() {
    return "RwLock[" + (rw.isWriteLocked() ? "write-locked" : rw.getReadLockCount() + " readers")
        + "]";
  }
}
