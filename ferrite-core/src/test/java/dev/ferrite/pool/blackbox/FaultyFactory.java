package dev.ferrite.pool.blackbox;

import dev.ferrite.pool.ResourceFactory;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fault-injecting factory (after Stormpot's AlloKit): creations that fail or stall, resources
 * that fail validation, destroys that throw; and bookkeeping that checks the pool's side of the
 * contract (every created resource destroyed at most once, never used after destruction).
 *
 * <p>Fault rates are switched at run time ({@code volatile}), so a test can take the "database"
 * down and bring it back. Random choices come from a seeded generator (a fresh
 * seeded generator per call, numbered by an atomic counter), so a seed repeats the fault pattern, not the interleaving.
 */
public final class FaultyFactory implements ResourceFactory<FaultyFactory.Res> {
  /** A resource: an id, a broken flag the factory may set, and its destruction state. */
  public static final class Res {
    public final int id;
    final AtomicBoolean destroyed = new AtomicBoolean();
    volatile boolean broken;

    Res(int id) {
      this.id = id;
    }

    /** Uses the resource; fails if the pool handed out a destroyed one. */
    public void use() {
      if (destroyed.get()) {
        throw new AssertionError("resource " + id + " used after destruction");
      }
    }

    public boolean isDestroyed() {
      return destroyed.get();
    }

    @Override
    public String toString() {
      return "Res" + id;
    }
  }

  /** Thrown by a failing create or destroy. */
  public static final class InjectedFault extends Exception {
    public InjectedFault(String what) {
      super(what, null, false, false);
    }
  }

  private final AtomicInteger ids = new AtomicInteger();
  public final AtomicInteger created = new AtomicInteger();
  public final AtomicInteger destroyed = new AtomicInteger();
  public final AtomicInteger creating = new AtomicInteger();
  public final AtomicInteger maxCreating = new AtomicInteger();
  public final Queue<String> errors = new ConcurrentLinkedQueue<>();
  public final Queue<Res> all = new ConcurrentLinkedQueue<>();

  private final long seed;
  private final AtomicLong rolls = new AtomicLong();
  public volatile double failCreate;
  public volatile double stallCreate;
  public volatile long stallNanos = TimeUnit.MILLISECONDS.toNanos(2);
  public volatile double breakOnValidate;
  public volatile double failDestroy;
  /** While true, every create fails (the database is down). */
  public volatile boolean down;

  public FaultyFactory(long seed) {
    this.seed = seed;
  }

  private double roll() {
    return new SplittableRandom(seed + 0x9E3779B97F4A7C15L * rolls.incrementAndGet()).nextDouble();
  }

  @Override
  public Res create() throws Exception {
    int c = creating.incrementAndGet();
    maxCreating.accumulateAndGet(c, Math::max);
    try {
      if (down) {
        throw new InjectedFault("database down");
      }
      if (failCreate > 0 && roll() < failCreate) {
        throw new InjectedFault("create failed");
      }
      if (stallCreate > 0 && roll() < stallCreate) {
        LockSupport.parkNanos(stallNanos); // a slow server, not synchronization
      }
      Res r = new Res(ids.incrementAndGet());
      all.add(r);
      created.incrementAndGet();
      return r;
    } finally {
      creating.decrementAndGet();
    }
  }

  @Override
  public boolean validate(Res r) {
    if (r.destroyed.get()) {
      errors.add("validated destroyed " + r);
    }
    if (breakOnValidate > 0 && roll() < breakOnValidate) {
      r.broken = true;
    }
    return !r.broken;
  }

  @Override
  public void destroy(Res r) throws Exception {
    if (!r.destroyed.compareAndSet(false, true)) {
      errors.add("destroyed twice: " + r);
    }
    destroyed.incrementAndGet();
    if (failDestroy > 0 && roll() < failDestroy) {
      throw new InjectedFault("destroy failed");
    }
  }

  /** {@return resources created and not destroyed} */
  public int live() {
    return created.get() - destroyed.get();
  }
}
