package dev.ferrite.sync;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link AtomicCounter}, {@link Mutex} and {@link RwLock} (their function
 * forms, blocking and try), checked by Lincheck against plain sequential models.
 *
 * <p>{@link StripedCounter} is deliberately absent: like {@code LongAdder}, its {@code sum} is
 * not linearizable under concurrent updates (it adds cells one by one), only exact when
 * quiescent; {@code CountersTest} checks that. The locks are checked through their blocking
 * forms, each operation holding the lock for its whole duration: a non-exclusive section would
 * show as a torn pair or a lost increment. (A try form's {@code Busy} depends on timing the
 * sequential model cannot express, so the try forms are tested in the black-box tests.)
 */
class SyncLincheckTest {
  static final int SCALE = Integer.getInteger("ferrite.lincheck.scale", 1);

  static <O extends Options<O, ?>> O shape(O o, Class<?> model) {
    return o.threads(3).actorsPerThread(2).actorsBefore(1).actorsAfter(1).sequentialSpecification(model);
  }

  static ModelCheckingOptions mc(Class<?> model) {
    return shape(new ModelCheckingOptions(), model).iterations(4 * SCALE).invocationsPerIteration(40);
  }

  static StressOptions stress(Class<?> model) {
    return shape(new StressOptions(), model).iterations(3 * SCALE).invocationsPerIteration(300);
  }

  // ---- AtomicCounter ----

  @Param(name = "small", gen = IntGen.class, conf = "-1:2")
  public static class Counter {
    private final AtomicCounter c = new AtomicCounter();

    @Operation
    public long increment() {
      return c.increment();
    }

    @Operation
    public long decrement() {
      return c.decrement();
    }

    @Operation
    public long get() {
      return c.get();
    }

    @Operation(params = {"small", "small"})
    public long compareAndSwap(int expected, int value) {
      return c.compareAndSwap(expected, value);
    }

    @Operation(params = {"small"})
    public long getAndAdd(int delta) {
      return c.getAndAdd(delta);
    }
  }

  public static class CounterModel {
    private long v;

    public long increment() {
      return ++v;
    }

    public long decrement() {
      return --v;
    }

    public long get() {
      return v;
    }

    public long compareAndSwap(int expected, int value) {
      long old = v;
      if (old == expected) {
        v = value;
      }
      return old;
    }

    public long getAndAdd(int delta) {
      long old = v;
      v += delta;
      return old;
    }
  }

  // ---- Mutex ----

  /** A counter and a pair kept equal under the mutex: a torn update would show. */
  public static class MutexOps {
    private final Mutex<long[]> m = Mutex.of(new long[2]);

    @Operation
    public long increment() throws InterruptedException {
      return m.lock(a -> {
        a[0]++;
        a[1] = a[0];
        return a[0];
      });
    }

    @Operation
    public long get() throws InterruptedException {
      return m.lock(a -> a[0] == a[1] ? a[0] : -1);
    }

    @Operation
    public long set5() throws InterruptedException {
      m.update(a -> new long[] {5, 5});
      return 5;
    }
  }

  public static class MutexModel {
    private long v;

    public long increment() {
      return ++v;
    }

    public long get() {
      return v;
    }

    public long set5() {
      v = 5;
      return 5;
    }
  }

  // ---- RwLock ----

  public static class RwLockOps {
    private final RwLock<long[]> l = RwLock.of(new long[2]);

    @Operation
    public long increment() throws InterruptedException {
      return l.write(a -> {
        a[0]++;
        a[1] = a[0];
        return a[0];
      });
    }

    @Operation
    public long get() throws InterruptedException {
      return l.read(a -> a[0] == a[1] ? a[0] : -1);
    }

    @Operation
    public long guardGet() throws InterruptedException {
      try (ReadGuard<long[]> g = l.readLock()) {
        long[] a = g.get();
        return a[0] == a[1] ? a[0] : -1;
      }
    }

    @Operation
    public long guardIncrement() throws InterruptedException {
      try (WriteGuard<long[]> g = l.writeLock()) {
        long[] a = g.get();
        g.set(new long[] {a[0] + 1, a[0] + 1});
        return a[0] + 1;
      }
    }
  }

  public static class RwLockModel {
    private long v;

    public long increment() {
      return ++v;
    }

    public long get() {
      return v;
    }

    public long guardGet() {
      return v;
    }

    public long guardIncrement() {
      return ++v;
    }
  }

  @Test
  void atomicCounterModelChecking() {
    mc(CounterModel.class).check(Counter.class);
  }

  @Test
  void atomicCounterStress() {
    stress(CounterModel.class).check(Counter.class);
  }

  @Test
  void mutexModelChecking() {
    mc(MutexModel.class).check(MutexOps.class);
  }

  @Test
  void mutexStress() {
    stress(MutexModel.class).check(MutexOps.class);
  }

  @Test
  void rwLockModelChecking() {
    mc(RwLockModel.class).check(RwLockOps.class);
  }

  @Test
  void rwLockStress() {
    stress(RwLockModel.class).check(RwLockOps.class);
  }
}
