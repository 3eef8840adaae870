package dev.ferrite.pool;

import dev.ferrite.internal.AdaptiveSpin;
import dev.ferrite.internal.Spin;
import dev.ferrite.internal.SpinLock;
import dev.ferrite.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/** The one implementation of {@link ResourcePool}. */
final class Pool<T> implements ResourcePool<T> {
  /*
   * Implementation overview.
   *
   * Resources live in slots. A slot's state word (FREE, CLAIMED, RESERVED, DEAD; see Slot) is the
   * only thing acquirers contend on: leasing is one CAS FREE -> CLAIMED, returning one CAS
   * CLAIMED -> FREE. The slots are held in a copy-on-write array, rewritten only when a resource
   * is created or retired, so scanning it is a plain array walk.
   *
   * The fast path: finding the resource a thread returned a moment ago. Each thread remembers (in
   * a ThreadLocal) the last slot it leased from this pool; acquire first tries a CAS on that slot.
   * A thread that acquires and releases in a loop therefore touches one slot line that no other
   * thread wants, and nothing shared: no counter, no queue, no clock read (lifetimes, idle times
   * and leak ages are kept by the housekeeper, see below). This is the idea of HikariCP's
   * ConcurrentBag (a thread-local list of recently used entries in front of a shared list) and of
   * Stormpot's thread-local "last claimed" slot, cut down to one remembered slot: a thread holding
   * several leases of one pool at once is rare, and one slot costs one ThreadLocal read. If the
   * remembered slot is taken, acquire scans the shared array from a per-thread starting point
   * (spreading threads over the slots), then starts a background creation if the pool is below
   * its maximum, and only then waits. Per-acquire allocation is one small Lease object, which
   * makes release idempotent; escape analysis often removes it.
   *
   * The waiting protocol. Waiters are nodes in a FIFO list guarded by a spin lock (edits are a
   * few pointer writes), each with a single-use Waiter (dev.ferrite.internal) that spins briefly
   * (AdaptiveSpin) and then parks. A release CASes the slot back to FREE (a volatile write) and
   * then reads the waiter count (a volatile read); a waiter registers (a volatile write of the
   * count, under the lock) and then rescans the slots (volatile reads): a Dekker pair, so either
   * the waiter sees the free slot or the releaser sees the waiter. The releaser then wakes the
   * head waiter with a WAKE claim, and the woken thread scans again. The resource is not handed to
   * it: a thread that did not wait may take it first (barging). Barging is what keeps a contended
   * pool fast on few cores: the releasing thread, still running, usually re-acquires at once
   * instead of waiting for the woken thread to be scheduled (the same trade-off as non-fair
   * ReentrantLock, and the reason the article's Mutex + Condvar pool spends its time in wake-ups).
   * Two rules bound the cost and the unfairness:
   *   - At most one woken-but-not-yet-running waiter at a time (the `woken` count): while one is
   *     on its way, further releases wake nobody, so a burst of releases costs one unpark, not
   *     one each. Whoever was woken rescans after decrementing `woken`, so it sees every release
   *     that skipped the wake-up because of it, and when it leaves (with or without a resource)
   *     it wakes the next waiter if it still sees a free slot (propagation).
   *   - A woken waiter that loses the race re-registers at the head with its original arrival
   *     time, and once the head has waited more than STARVATION_NANOS, releases and new resources
   *     are handed to it directly (HANDOFF claim, the slot stays CLAIMED and changes owner):
   *     Go's sync.Mutex "starvation mode". New resources are always handed off directly, since a
   *     waiter asked for them.
   * So among waiting threads the order is FIFO up to the barging window, and no waiter starves.
   *
   * The try forms (tryAcquire, acquire with a zero timeout) answer without waiting, so they cannot
   * lean on the Dekker pair: one scan may read slot Y as leased just before its holder returns
   * it and slot F as leased just after another thread took it, and so report "exhausted" although
   * Y or F was idle at every instant. They answer from a double collect instead (scanSettled,
   * after Afek et al., "Atomic Snapshots of Shared Memory", JACM 1993): "exhausted" only once two
   * scans in a row over the same slot array saw nothing free and the same total of release
   * counts, which proves an instant between the two scans at which no slot was free. The count
   * lives in the slot's state word, above the state bits (see Slot), and is bumped by the very
   * CAS that returns a slot, so acquire and release do no more atomic operations than before;
   * only the "exhausted" answer pays for a second scan.
   *
   * Creation. `counts` packs (size << 32 | creating): size counts live resources plus those
   * being created, so one CAS reserves a creation within both maxSize and
   * maxConcurrentCreations. A creator thread (from the pool's thread factory, virtual by
   * default) loops while there is demand. A failure sets the failing state (cause, retry time
   * with exponential back-off), releases the reservation, and fails every waiter with the cause;
   * an acquirer that then finds nothing idle fails fast unless a retry is due (it then waits for
   * that retry). The first success clears the state: self-recovery.
   *
   * Housekeeping runs on one background thread every interval and never blocks acquirers: it
   * marks slots whose lifetime (minus jitter, drawn at creation) is over as expired (an idle one
   * it retires at once with a CAS FREE -> RESERVED; a leased one is retired by its holder's
   * release), retires slots seen idle for the idle timeout (idleness is recognized by an
   * unchanged acquire count between passes, so acquire never reads the clock), reports leases
   * older than the leak threshold, tops up min idle and retries creation for waiters. Destruction
   * always runs on a background thread.
   *
   * Shutdown sets `closed` (volatile) and then sweeps FREE slots; a release writes FREE and then
   * rereads `closed`, so a slot freed concurrently is retired by one side or the other.
   */

  static final int HANDOFF = 1;
  static final int WAKE = 2;
  static final int FAILED = 3;
  static final int CLOSED = 4;

  /** How long the head waiter may wait before resources are handed to it directly. */
  static final long STARVATION_NANOS = 1_000_000L;

  /** How long an acquirer rescans before it registers as a waiter (platform threads). */
  private static final long SPIN_NANOS = 2_000L;

  private static final long INITIAL_BACKOFF = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long ONE_SIZE = 1L << 32;

  private static final int TRY = 0;
  private static final int TIMED = 1;
  private static final int FOREVER = 2;
  /** TIMED with a timeout that is over before it starts: answers like TRY, without waiting. */
  private static final int TIMED_NOW = 3;

  private static final Object CLOSED_MARK = new Object();
  private static final Object TIMED_OUT_MARK = new Object();
  private static final Object EXHAUSTED_MARK = new Object();

  private record Failure(Throwable cause) {}

  @SuppressWarnings("rawtypes")
  private static final Slot[] NO_SLOTS = new Slot[0];

  // ---- configuration ----
  private final ResourceFactory<T> factory;
  private final String name;
  private final int maxSize;
  private final int minIdle;
  private final int maxCreating;
  private final boolean validateOnAcquire;
  private final long validateAfterIdleNanos;
  private final boolean trackReleasedAt;
  private final boolean validateOnRelease;
  private final long lifetimeNanos;
  private final double jitter;
  private final long idleNanos;
  private final long leakNanos;
  private final Consumer<LeakReport> leakListener;
  private final long intervalNanos;
  private final long maxBackoffNanos;
  private final Duration shutdownTimeout;
  private final ThreadFactory threadFactory;

  // ---- slots ----
  private final SpinLock registry = new SpinLock();
  private final SpinLock topUpLock = new SpinLock();
  private volatile Slot<T>[] slots;
  private final ThreadLocal<Slot<T>> recent = new ThreadLocal<>();
  @SuppressWarnings("unused") // via COUNTS
  private volatile long counts;

  // ---- waiters ----
  private final SpinLock waitLock = new SpinLock();
  private Node head;
  private Node tail;
  private volatile int waiting;
  private volatile long headSince;
  @SuppressWarnings("unused") // via WOKEN
  private volatile int woken;
  private final AdaptiveSpin spin = new AdaptiveSpin(Spin.SHORT);

  // ---- failure state ----
  private volatile boolean failing;
  private volatile Throwable lastFailure;
  private volatile long nextRetryAt;
  private long backoff = INITIAL_BACKOFF; // racy, a hint

  // ---- lifecycle ----
  private volatile boolean closed;
  private final AtomicInteger tasks = new AtomicInteger();
  private final ReentrantLock drainLock = new ReentrantLock();
  private final Condition drainedCond = drainLock.newCondition();
  private final Thread housekeeper;

  // ---- metrics ----
  private final LongAdder created = new LongAdder();
  private final LongAdder destroyed = new LongAdder();
  private final LongAdder destroyFailures = new LongAdder();
  private final LongAdder creationFailures = new LongAdder();
  private final LongAdder invalidated = new LongAdder();
  private final LongAdder expiredCount = new LongAdder();
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder waits = new LongAdder();
  private final LongAdder waitNanos = new LongAdder();
  private final AtomicLong maxWaitNanos = new AtomicLong();
  private final AtomicInteger peakInUse = new AtomicInteger();
  private final LongAdder leaks = new LongAdder();

  @SuppressWarnings("unchecked")
  Pool(ResourcePool.Builder<T> b) {
    this(b, true);
  }

  @SuppressWarnings("unchecked")
  Pool(ResourcePool.Builder<T> b, boolean background) {
    this.factory = b.factory;
    this.name = b.name;
    this.maxSize = b.maxSize;
    this.minIdle = b.minIdle;
    this.maxCreating = b.maxConcurrentCreations;
    this.validateOnAcquire = b.validateOnAcquire;
    this.validateAfterIdleNanos = b.validateAfterIdle.toNanos();
    this.trackReleasedAt = validateOnAcquire && validateAfterIdleNanos > 0;
    this.validateOnRelease = b.validateOnRelease;
    this.lifetimeNanos = b.maxLifetime == null ? 0L : b.maxLifetime.toNanos();
    this.jitter = b.lifetimeJitter;
    this.idleNanos = b.idleTimeout == null ? 0L : b.idleTimeout.toNanos();
    this.leakNanos = b.leakThreshold == null ? 0L : b.leakThreshold.toNanos();
    this.leakListener = b.leakListener != null ? b.leakListener : Pool::logLeak;
    this.maxBackoffNanos = Math.max(INITIAL_BACKOFF, b.maxRetryBackoff.toNanos());
    this.shutdownTimeout = b.shutdownTimeout;
    this.threadFactory = b.threadFactory != null ? b.threadFactory
        : Thread.ofVirtual().name("ferrite-pool-" + name + "-", 0).factory();
    long interval = b.housekeepingInterval != null ? b.housekeepingInterval.toNanos()
        : defaultInterval(lifetimeNanos, idleNanos, leakNanos);
    this.intervalNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), interval);
    this.slots = (Slot<T>[]) NO_SLOTS;
    if (background) {
      Thread t = threadFactory.newThread(this::housekeep);
      if (t == null) {
        throw new IllegalStateException("the thread factory made no housekeeping thread");
      }
      this.housekeeper = t;
      t.start();
      while (reserveForDemand()) {
        startCreator();
      }
    } else {
      this.housekeeper = null;
    }
  }

  private static long defaultInterval(long lifetime, long idle, long leak) {
    long d = TimeUnit.SECONDS.toNanos(1);
    if (lifetime > 0) {
      d = Math.min(d, lifetime / 8);
    }
    if (idle > 0) {
      d = Math.min(d, idle / 4);
    }
    if (leak > 0) {
      d = Math.min(d, leak / 4);
    }
    return d;
  }

  /** Creates {@code n} resources synchronously, for tests of a pool without background threads. */
  void prefill(int n) throws Exception {
    for (int i = 0; i < n; i++) {
      if (!reserve()) {
        throw new IllegalStateException("no room");
      }
      T r = factory.create();
      created.increment();
      long now = System.nanoTime();
      Slot<T> s = new Slot<>(r, now, expiry(now), Slot.CLAIMED);
      addSlot(s);
      COUNTS.getAndAdd(this, -1L);
      offer(s, true);
    }
  }

  // ---------------------------------------------------------------- acquire

  @Override
  public Lease<T> acquire() throws InterruptedException {
    Slot<T> s = fastClaim();
    if (s != null) {
      return new PoolLease<>(this, s);
    }
    Object r = slowAcquire(FOREVER, 0L);
    if (r instanceof Slot<?>) {
      @SuppressWarnings("unchecked")
      Slot<T> got = (Slot<T>) r;
      return new PoolLease<>(this, got);
    }
    if (r == CLOSED_MARK) {
      throw new PoolClosedException(name);
    }
    throw new ResourceCreationException(name, ((Failure) r).cause);
  }

  @Override
  public AcquireResult<T> acquire(Duration timeout) throws InterruptedException {
    long nanos = saturatedNanos(timeout);
    long deadline = System.nanoTime() + nanos;
    Slot<T> s = fastClaim();
    if (s != null) {
      return new Acquired<>(new PoolLease<>(this, s));
    }
    Object r = slowAcquire(nanos <= 0L ? TIMED_NOW : TIMED, deadline);
    if (r instanceof Slot<?>) {
      @SuppressWarnings("unchecked")
      Slot<T> got = (Slot<T>) r;
      return new Acquired<>(new PoolLease<>(this, got));
    }
    if (r == TIMED_OUT_MARK) {
      return TimedOut.instance();
    }
    if (r == CLOSED_MARK) {
      return Closed.instance();
    }
    return new CreationFailed<>(((Failure) r).cause);
  }

  @Override
  public TryAcquireResult<T> tryAcquire() {
    Slot<T> s = fastClaim();
    if (s == null) {
      Object r;
      try {
        r = slowAcquire(TRY, 0L);
      } catch (InterruptedException e) {
        throw new AssertionError(e); // TRY never waits
      }
      if (r == CLOSED_MARK) {
        return Closed.instance();
      }
      if (!(r instanceof Slot<?>)) {
        return Exhausted.instance();
      }
      @SuppressWarnings("unchecked")
      Slot<T> got = (Slot<T>) r;
      s = got;
    }
    return new Acquired<>(new PoolLease<>(this, s));
  }

  private static long saturatedNanos(Duration d) {
    try {
      return Math.min(d.toNanos(), Long.MAX_VALUE / 4);
    } catch (ArithmeticException e) {
      return d.isNegative() ? 0L : Long.MAX_VALUE / 4;
    }
  }

  /** The fast path: the slot this thread leased last, if it is free again. */
  private Slot<T> fastClaim() {
    Slot<T> s = recent.get();
    if (s != null && s.claim(s.state) && checkout(s)) {
      return s;
    }
    return null;
  }

  /**
   * Makes a slot the caller has claimed ready to lease: refuses it if the pool closed, it expired
   * or fails validation (retiring it), else stamps it.
   */
  private boolean checkout(Slot<T> s) {
    if (closed) {
      retire(s, Slot.CLAIMED);
      return false;
    }
    if (s.expired) {
      expiredCount.increment();
      retire(s, Slot.CLAIMED);
      return false;
    }
    if (validateOnAcquire
        && (!trackReleasedAt || System.nanoTime() - s.releasedAt >= validateAfterIdleNanos)
        && !valid(s)) {
      invalidated.increment();
      retire(s, Slot.CLAIMED);
      return false;
    }
    s.generation++;
    if (leakNanos > 0) {
      s.leakReported = false;
      s.acquiredNanos = System.nanoTime();
      s.holder = Thread.currentThread().getName();
      s.acquiredAt = new Throwable("lease acquired here");
    }
    return true;
  }

  private boolean valid(Slot<T> s) {
    try {
      return factory.validate(s.resource);
    } catch (Throwable t) {
      return false;
    }
  }

  /**
   * Everything but the fast path: scan, create, wait.
   *
   * @return a claimed, checked-out slot, or CLOSED_MARK, TIMED_OUT_MARK, EXHAUSTED_MARK, Failure
   */
  private Object slowAcquire(int requested, long deadline) throws InterruptedException {
    // a call that will not wait (tryAcquire, a zero timeout) answers from a settled scan
    boolean once = requested == TRY || requested == TIMED_NOW;
    int mode = requested == TIMED_NOW ? TIMED : requested;
    if (mode != TRY && Thread.interrupted()) {
      throw new InterruptedException();
    }
    long start = 0L;
    boolean front = false;
    boolean woke = false;
    try {
      for (;;) {
        Object o = check(once && start == 0L);
        if (o == null && mode != TRY && start == 0L) {
          o = spinScan(mode == TIMED, deadline);
        }
        if (o == null) {
          notePeak();
          maybeCreate();
          if (mode == TRY) {
            return EXHAUSTED_MARK;
          }
          long now = System.nanoTime();
          if (start == 0L) {
            start = now;
          }
          if (mode == TIMED && deadline - now <= 0L) {
            timedOut.increment();
            return TIMED_OUT_MARK;
          }
          Node n = new Node(start);
          enqueue(n, front);
          o = check(false); // the Dekker re-check (see the essay)
          if (o != null) {
            if (n.waiter.tryAbort()) {
              dequeue(n);
            } else {
              int claim = n.waiter.state();
              if (claim == HANDOFF) {
                @SuppressWarnings("unchecked")
                Slot<T> h = (Slot<T>) n.packet;
                if (o instanceof Slot<?>) {
                  offer(h, false); // we already hold one
                } else {
                  o = h;
                }
              } else if (claim == WAKE) {
                WOKEN.getAndAdd(this, -1);
                woke = true;
              }
            }
          } else {
            int r = n.waiter.await(deadline, mode == TIMED, spin);
            switch (r) {
              case HANDOFF -> o = n.packet;
              case WAKE -> {
                WOKEN.getAndAdd(this, -1);
                woke = true;
                front = true;
                continue;
              }
              case FAILED -> {
                return new Failure((Throwable) n.packet);
              }
              case CLOSED -> {
                return CLOSED_MARK;
              }
              case Waiter.ABORTED -> {
                dequeue(n);
                timedOut.increment();
                return TIMED_OUT_MARK;
              }
              case Waiter.INTERRUPTED -> {
                dequeue(n);
                throw new InterruptedException();
              }
              default -> throw new AssertionError("claim " + r);
            }
          }
        }
        if (o instanceof Slot<?>) {
          @SuppressWarnings("unchecked")
          Slot<T> s = (Slot<T>) o;
          if (checkout(s)) {
            if (recent.get() != s) {
              recent.set(s);
            }
            if (start != 0L) {
              recordWait(System.nanoTime() - start);
            }
            notePeak();
            return s;
          }
          front = start != 0L;
          continue;
        }
        return o;
      }
    } finally {
      if (woke) {
        propagate();
      }
    }
  }

  /**
   * One look at the pool: a claimed slot, CLOSED_MARK, a Failure (failing fast), or null if the
   * caller must wait. With {@code settled}, null (or a Failure) means that at some instant during
   * the call no slot was free ({@link #scanSettled}); else a single scan, which may miss a slot
   * released behind it (fine for a caller that then waits: see the Dekker pair in the essay).
   */
  private Object check(boolean settled) {
    if (closed) {
      return CLOSED_MARK;
    }
    Slot<T> s = settled ? scanSettled() : scan();
    if (s != null) {
      return s;
    }
    if (failing) {
      long c = counts;
      if (creatingOf(c) == 0 && sizeOf(c) < maxSize && !maybeCreate()) {
        Throwable cause = lastFailure;
        if (cause != null && failing) {
          return new Failure(cause);
        }
      }
    }
    return null;
  }

  /**
   * Rescans for a free slot for a short, bounded time before the caller registers as a waiter:
   * in a busy pool a lease is often returned within a few hundred nanoseconds, much less than a
   * park and unpark. Platform threads only spin up to SPIN_NANOS, virtual threads barely (see
   * {@link Spin#budget}).
   */
  private Object spinScan(boolean timed, long deadline) {
    long budget = Spin.budget(SPIN_NANOS);
    if (budget <= 0L) {
      return null;
    }
    long end = System.nanoTime() + budget;
    if (timed && deadline - end < 0L) {
      end = deadline;
      if (deadline - System.nanoTime() <= 0L) {
        return null;
      }
    }
    for (int i = 0; Spin.pause(i, end); i++) {
      if (closed) {
        return null;
      }
      Slot<T> s = scan();
      if (s != null) {
        return s;
      }
    }
    return null;
  }

  /** Claims some free slot, scanning from a per-thread start; null if none is free. */
  private Slot<T> scan() {
    Slot<T>[] a = slots;
    int n = a.length;
    if (n == 0) {
      return null;
    }
    int i = scanStart(n);
    for (int k = 0; k < n; k++, i = i + 1 == n ? 0 : i + 1) {
      Slot<T> s = a[i];
      if (s.claim(s.state)) {
        return s;
      }
    }
    return null;
  }

  /**
   * Claims some free slot like {@link #scan()}, but returns null only if at some instant during
   * the call no slot was free: the answer of the try forms. A double collect (Afek et al.,
   * "Atomic Snapshots of Shared Memory", JACM 1993): it scans until two scans in a row over the
   * same slot array see no free slot and the same total of release counts. Counts only grow, so
   * an equal total means no slot became free between its two reads; each slot was then taken
   * throughout the gap between the two scans, and no slot was added meanwhile (adding one
   * replaces the array). A scan that sees a free slot it cannot claim, or a new array, starts
   * over: each retry means another thread released, took or retired a resource meanwhile
   * (lock-free, not wait-free). Only the "nothing free" answer costs the second scan.
   */
  private Slot<T> scanSettled() {
    Slot<T>[] a = slots;
    long previous = -1L; // the release total of the previous scan if it saw nothing free
    for (;;) {
      int n = a.length;
      long releases = 0L;
      boolean sawFree = false;
      int i = n == 0 ? 0 : scanStart(n);
      for (int k = 0; k < n; k++, i = i + 1 == n ? 0 : i + 1) {
        Slot<T> s = a[i];
        int word = s.state;
        if (Slot.kindOf(word) == Slot.FREE) {
          if (s.claim(word)) {
            return s;
          }
          sawFree = true;
        }
        releases += Slot.releasesOf(word);
      }
      Slot<T>[] now = slots;
      if (now != a) {
        a = now;
        previous = -1L;
      } else if (sawFree) {
        previous = -1L;
      } else if (releases == previous) {
        return null;
      } else {
        previous = releases;
      }
    }
  }

  /** Where this thread's scans of {@code n > 0} slots start: spreads threads over the slots. */
  private static int scanStart(int n) {
    return (int) Long.remainderUnsigned(Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L, n);
  }

  private boolean anyFree() {
    for (Slot<T> s : slots) {
      if (s.kind() == Slot.FREE) {
        return true;
      }
    }
    return false;
  }

  private void notePeak() {
    int claimed = 0;
    for (Slot<T> s : slots) {
      if (s.kind() == Slot.CLAIMED) {
        claimed++;
      }
    }
    peakInUse.accumulateAndGet(claimed, Math::max);
  }

  private void recordWait(long nanos) {
    waits.increment();
    waitNanos.add(nanos);
    maxWaitNanos.accumulateAndGet(nanos, Math::max);
  }

  /** A woken waiter leaves: if it still sees a free slot and nobody else is on the way, pass on. */
  private void propagate() {
    if (waiting != 0 && (int) WOKEN.getVolatile(this) == 0 && anyFree()) {
      wakeOne();
    }
  }

  // ---------------------------------------------------------------- release

  /** Called by a lease, once. */
  void release(Slot<T> s, boolean broken) {
    if (s.kind() != Slot.CLAIMED) {
      return; // destroyed under its holder at the shutdown deadline
    }
    if (leakNanos > 0) {
      s.acquiredAt = null;
      if (s.leakReported) {
        s.leakReported = false;
        report(LeakReport.Kind.RETURNED_LATE, s);
      }
    }
    if (broken) {
      invalidated.increment();
      retire(s, Slot.CLAIMED);
    } else if (s.expired) {
      expiredCount.increment();
      retire(s, Slot.CLAIMED);
    } else if (validateOnRelease && !valid(s)) {
      invalidated.increment();
      retire(s, Slot.CLAIMED);
    } else {
      if (trackReleasedAt) {
        s.releasedAt = System.nanoTime();
      }
      offer(s, false);
    }
  }

  /** Puts a slot the caller holds (CLAIMED) back: to a waiter, or free. */
  private void offer(Slot<T> s, boolean handOffFirst) {
    if (closed) {
      retire(s, Slot.CLAIMED);
      return;
    }
    if (waiting != 0 && (handOffFirst || starving()) && handOff(s)) {
      return;
    }
    if (!s.cas(Slot.CLAIMED, Slot.FREE)) {
      return; // forced at the shutdown deadline
    }
    if (waiting != 0 && (int) WOKEN.getVolatile(this) == 0) {
      wakeOne();
    }
    if (closed && s.cas(Slot.FREE, Slot.RESERVED)) {
      retire(s, Slot.RESERVED); // raced with the shutdown sweep
    }
  }

  private boolean starving() {
    return System.nanoTime() - headSince > STARVATION_NANOS;
  }

  // ---------------------------------------------------------------- the wait list

  /** One waiting acquire. */
  static final class Node {
    final Waiter waiter = new Waiter();
    final long since;
    Object packet;
    Node prev;
    Node next;
    boolean linked;

    Node(long since) {
      this.since = since;
    }
  }

  private void enqueue(Node n, boolean front) {
    waitLock.lock();
    try {
      if (head == null) {
        head = tail = n;
      } else if (front) {
        n.next = head;
        head.prev = n;
        head = n;
      } else {
        n.prev = tail;
        tail.next = n;
        tail = n;
      }
      n.linked = true;
      headSince = head.since;
      waiting = waiting + 1;
    } finally {
      waitLock.unlock();
    }
  }

  private void dequeue(Node n) {
    waitLock.lock();
    try {
      unlink(n);
    } finally {
      waitLock.unlock();
    }
  }

  /** Under waitLock. */
  private void unlink(Node n) {
    if (!n.linked) {
      return;
    }
    n.linked = false;
    if (n.prev == null) {
      head = n.next;
    } else {
      n.prev.next = n.next;
    }
    if (n.next == null) {
      tail = n.prev;
    } else {
      n.next.prev = n.prev;
    }
    n.prev = null;
    n.next = null;
    waiting = waiting - 1;
    if (head != null) {
      headSince = head.since;
    }
  }

  /** Under waitLock: claims the first node that still waits, unlinking dead ones on the way. */
  private Node claimFirst(int claim, Object packet) {
    for (Node n = head; n != null; ) {
      Node next = n.next;
      unlink(n);
      if (n.waiter.state() == Waiter.WAITING) {
        n.packet = packet;
        if (n.waiter.tryClaim(claim)) {
          return n;
        }
        n.packet = null;
      }
      n = next;
    }
    return null;
  }

  private boolean handOff(Slot<T> s) {
    Node n;
    waitLock.lock();
    try {
      n = claimFirst(HANDOFF, s);
    } finally {
      waitLock.unlock();
    }
    if (n == null) {
      return false;
    }
    n.waiter.wake();
    return true;
  }

  private void wakeOne() {
    WOKEN.getAndAdd(this, 1);
    Node n;
    waitLock.lock();
    try {
      n = claimFirst(WAKE, null);
    } finally {
      waitLock.unlock();
    }
    if (n == null) {
      WOKEN.getAndAdd(this, -1);
    } else {
      n.waiter.wake();
    }
  }

  /** Claims every waiter with {@code claim} and {@code packet} and wakes it. */
  private void claimAll(int claim, Object packet) {
    List<Node> claimed = new ArrayList<>();
    waitLock.lock();
    try {
      Node n;
      while ((n = claimFirst(claim, packet)) != null) {
        claimed.add(n);
      }
    } finally {
      waitLock.unlock();
    }
    for (Node n : claimed) {
      n.waiter.wake();
    }
  }

  // ---------------------------------------------------------------- creation

  private static int sizeOf(long c) {
    return (int) (c >>> 32);
  }

  private static int creatingOf(long c) {
    return (int) c;
  }

  /** Reserves one creation within maxSize and maxConcurrentCreations (and the retry back-off). */
  private boolean reserve() {
    for (;;) {
      long c = counts;
      if (closed || sizeOf(c) >= maxSize || creatingOf(c) >= maxCreating) {
        return false;
      }
      if (failing && System.nanoTime() - nextRetryAt < 0L) {
        return false;
      }
      if (COUNTS.compareAndSet(this, c, c + ONE_SIZE + 1L)) {
        return true;
      }
    }
  }

  private boolean maybeCreate() {
    if (!reserve()) {
      return false;
    }
    startCreator();
    return true;
  }

  private void startCreator() {
    Throwable failure = spawn(this::createLoop);
    if (failure != null) {
      onCreateFailed(failure);
    }
  }

  private void createLoop() {
    for (;;) {
      T r = null;
      Throwable failure = null;
      try {
        r = factory.create();
        if (r == null) {
          failure = new NullPointerException("the factory of pool " + name + " returned null");
        }
      } catch (Throwable e) {
        failure = e;
      }
      if (failure != null) {
        onCreateFailed(failure);
        return;
      }
      created.increment();
      long now = System.nanoTime();
      Slot<T> s = new Slot<>(r, now, expiry(now), Slot.CLAIMED);
      s.releasedAt = now;
      addSlot(s);
      COUNTS.getAndAdd(this, -1L); // no longer creating; size unchanged
      if (failing) {
        failing = false;
        backoff = INITIAL_BACKOFF;
      }
      offer(s, true);
      if (!reserveForDemand()) {
        return;
      }
    }
  }

  /**
   * Reserves a creation if waiters find nothing free or idle + creating is below min idle. The
   * check and the reservation are atomic together (under topUpLock), so creators finishing at
   * once do not each top up the same shortfall.
   */
  private boolean reserveForDemand() {
    topUpLock.lock();
    try {
      if (closed) {
        return false;
      }
      if (waiting != 0 && !anyFree()) {
        return reserve();
      }
      if (minIdle == 0) {
        return false;
      }
      int idle = 0;
      for (Slot<T> s : slots) {
        if (s.kind() == Slot.FREE) {
          idle++;
        }
      }
      return idle + creatingOf(counts) < minIdle && reserve();
    } finally {
      topUpLock.unlock();
    }
  }

  private void onCreateFailed(Throwable failure) {
    creationFailures.increment();
    lastFailure = failure;
    long b = backoff;
    nextRetryAt = System.nanoTime() + b;
    backoff = Math.min(maxBackoffNanos, b * 2);
    failing = true;
    COUNTS.getAndAdd(this, -(ONE_SIZE + 1L));
    claimAll(FAILED, failure);
    signalIfDrained();
  }

  private long expiry(long now) {
    if (lifetimeNanos <= 0) {
      return Long.MAX_VALUE;
    }
    long cut = (long) (lifetimeNanos * jitter * ThreadLocalRandom.current().nextDouble());
    return now + lifetimeNanos - cut;
  }

  private void addSlot(Slot<T> s) {
    registry.lock();
    try {
      Slot<T>[] a = slots;
      Slot<T>[] b = java.util.Arrays.copyOf(a, a.length + 1);
      b[a.length] = s;
      slots = b;
    } finally {
      registry.unlock();
    }
  }

  private void removeSlot(Slot<T> s) {
    registry.lock();
    try {
      Slot<T>[] a = slots;
      for (int i = 0; i < a.length; i++) {
        if (a[i] == s) {
          @SuppressWarnings("unchecked")
          Slot<T>[] b = (Slot<T>[]) new Slot[a.length - 1];
          System.arraycopy(a, 0, b, 0, i);
          System.arraycopy(a, i + 1, b, i, a.length - i - 1);
          slots = b;
          return;
        }
      }
    } finally {
      registry.unlock();
    }
  }

  // ---------------------------------------------------------------- retirement

  /** Retires a slot the caller owns in state {@code from}: forget it, destroy it in the background. */
  private void retire(Slot<T> s, int from) {
    if (!s.cas(from, Slot.DEAD)) {
      return;
    }
    if (recent.get() == s) {
      recent.remove();
    }
    removeSlot(s);
    COUNTS.getAndAdd(this, -ONE_SIZE);
    destroyLater(s.resource);
    if (!closed && waiting != 0) {
      maybeCreate(); // a replacement for the waiters
    }
    signalIfDrained();
  }

  private void destroyLater(T resource) {
    Runnable destroy = () -> {
      try {
        factory.destroy(resource);
      } catch (Throwable t) {
        destroyFailures.increment();
      } finally {
        destroyed.increment();
      }
    };
    if (spawn(destroy) != null) {
      destroy.run(); // no thread to be had: destroy here
    }
  }

  /** Runs {@code task} on a new background thread; returns what prevented that, or null. */
  private Throwable spawn(Runnable task) {
    tasks.incrementAndGet();
    try {
      Thread t = threadFactory.newThread(() -> {
        try {
          task.run();
        } finally {
          tasks.decrementAndGet();
          signalIfDrained();
        }
      });
      if (t == null) {
        tasks.decrementAndGet();
        return new IllegalStateException("the thread factory of pool " + name + " made no thread");
      }
      t.start();
      return null;
    } catch (Throwable e) {
      tasks.decrementAndGet();
      return e;
    }
  }

  // ---------------------------------------------------------------- housekeeping

  private void housekeep() {
    while (!closed) {
      LockSupport.parkNanos(this, intervalNanos);
      if (closed) {
        break;
      }
      try {
        pass(System.nanoTime());
      } catch (Throwable t) {
        System.getLogger("dev.ferrite.pool")
            .log(System.Logger.Level.ERROR, "housekeeping of pool " + name + " failed", t);
      }
    }
  }

  /** One housekeeping pass; package-private so tests can run one deterministically. */
  void pass(long now) {
    int claimed = 0;
    int idle = 0;
    Slot<T>[] a = slots;
    int live = a.length;
    for (Slot<T> s : a) {
      int st = s.kind();
      if (st == Slot.CLAIMED) {
        claimed++;
        s.seenGeneration = -1;
        checkLeak(s, now);
      }
      if (lifetimeNanos > 0 && now - s.expiresAt >= 0L) {
        s.expired = true;
        if (st == Slot.FREE && s.cas(Slot.FREE, Slot.RESERVED)) {
          expiredCount.increment();
          retire(s, Slot.RESERVED);
          live--;
          continue;
        }
      }
      if (st == Slot.FREE) {
        int g = s.generation;
        if (g != s.seenGeneration) {
          s.seenGeneration = g;
          s.idleSince = now;
        } else if (idleNanos > 0 && now - s.idleSince >= idleNanos && live > minIdle
            && s.cas(Slot.FREE, Slot.RESERVED)) {
          expiredCount.increment();
          retire(s, Slot.RESERVED);
          live--;
          continue;
        }
        idle++;
      }
    }
    peakInUse.accumulateAndGet(claimed, Math::max);
    while (reserveForDemand()) {
      startCreator();
    }
  }

  private void checkLeak(Slot<T> s, long now) {
    if (leakNanos <= 0 || s.leakReported) {
      return;
    }
    Throwable at = s.acquiredAt;
    if (at != null && now - s.acquiredNanos > leakNanos && !s.leakReported) {
      s.leakReported = true;
      leaks.increment();
      report(LeakReport.Kind.SUSPECTED, s);
    }
  }

  private void report(LeakReport.Kind kind, Slot<T> s) {
    Throwable at = s.acquiredAt;
    LeakReport r = new LeakReport(name, kind, s.holder,
        Duration.ofNanos(System.nanoTime() - s.acquiredNanos),
        at != null ? at : new Throwable("lease acquired here (stack no longer known)"));
    try {
      leakListener.accept(r);
    } catch (Throwable t) {
      // a listener's failure must not break the pool
    }
  }

  private static void logLeak(LeakReport r) {
    System.getLogger("dev.ferrite.pool").log(System.Logger.Level.WARNING,
        r.kind() == LeakReport.Kind.SUSPECTED
            ? "pool " + r.pool() + ": lease held by " + r.thread() + " for " + r.held()
                + ", possibly leaked; acquired at:"
            : "pool " + r.pool() + ": suspected leaked lease returned after " + r.held(),
        r.kind() == LeakReport.Kind.SUSPECTED ? r.acquiredAt() : null);
  }

  // ---------------------------------------------------------------- shutdown

  @Override
  public boolean isClosed() {
    return closed;
  }

  private void beginClose() {
    if (closed) {
      return;
    }
    closed = true;
    claimAll(CLOSED, null);
    if (housekeeper != null) {
      LockSupport.unpark(housekeeper);
    }
    for (Slot<T> s : slots) {
      if (s.kind() == Slot.FREE && s.cas(Slot.FREE, Slot.RESERVED)) {
        retire(s, Slot.RESERVED);
      }
    }
    signalIfDrained();
  }

  private boolean drained() {
    return counts == 0L && tasks.get() == 0;
  }

  private void signalIfDrained() {
    if (closed && drained()) {
      drainLock.lock();
      try {
        drainedCond.signalAll();
      } finally {
        drainLock.unlock();
      }
    }
  }

  @Override
  public ShutdownReport shutdown(Duration deadline) throws InterruptedException {
    long end = System.nanoTime() + saturatedNanos(deadline);
    beginClose();
    drainLock.lockInterruptibly();
    try {
      while (!drained()) {
        long rem = end - System.nanoTime();
        if (rem <= 0L) {
          break;
        }
        drainedCond.awaitNanos(rem);
      }
    } finally {
      drainLock.unlock();
    }
    if (housekeeper != null && housekeeper != Thread.currentThread()) {
      housekeeper.join(Duration.ofNanos(Math.max(1L, end - System.nanoTime())));
    }
    boolean clean = drained();
    List<LeakReport> forced = new ArrayList<>();
    int abandoned = tasks.get();
    if (!clean) {
      for (Slot<T> s : slots) {
        if (s.kind() == Slot.CLAIMED && s.cas(Slot.CLAIMED, Slot.DEAD)) {
          Throwable at = s.acquiredAt;
          forced.add(new LeakReport(name, LeakReport.Kind.SUSPECTED, s.holder,
              leakNanos > 0 ? Duration.ofNanos(System.nanoTime() - s.acquiredNanos) : Duration.ZERO,
              at != null ? at : new Throwable("acquire site unknown (leak detection off)")));
          removeSlot(s);
          COUNTS.getAndAdd(this, -ONE_SIZE);
          destroyLater(s.resource);
        }
      }
    }
    return new ShutdownReport(destroyed.sum(), forced, abandoned, clean);
  }

  @Override
  public void close() {
    try {
      shutdown(shutdownTimeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- metrics

  @Override
  public PoolMetrics metrics() {
    int inUse = 0;
    int idle = 0;
    for (Slot<T> s : slots) {
      int st = s.kind();
      if (st == Slot.CLAIMED) {
        inUse++;
      } else if (st == Slot.FREE) {
        idle++;
      }
    }
    int peak = peakInUse.accumulateAndGet(inUse, Math::max);
    return new PoolMetrics(inUse, idle, waiting, creatingOf(counts), peak, created.sum(),
        destroyed.sum(), destroyFailures.sum(), creationFailures.sum(), invalidated.sum(),
        expiredCount.sum(), timedOut.sum(), waits.sum(), Duration.ofNanos(waitNanos.sum()),
        Duration.ofNanos(maxWaitNanos.get()), leaks.sum());
  }

  @Override
  public String name() {
    return name;
  }

  int maxSize() {
    return maxSize;
  }

  @Override
  public String toString() {
    PoolMetrics m = metrics();
    return "ResourcePool[" + name + ", inUse=" + m.inUse() + ", idle=" + m.idle() + ", waiting="
        + m.waiting() + (closed ? ", closed" : "") + "]";
  }

  private static final VarHandle COUNTS;
  private static final VarHandle WOKEN;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      COUNTS = l.findVarHandle(Pool.class, "counts", long.class);
      WOKEN = l.findVarHandle(Pool.class, "woken", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
