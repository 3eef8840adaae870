package dev.ferrite.bench;

import dev.ferrite.pool.Lease;
import dev.ferrite.pool.ResourcePool;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import stormpot.Allocator;
import stormpot.Pool;
import stormpot.Pooled;
import stormpot.Slot;
import stormpot.Timeout;

/**
 * One pool implementation behind the operation {@link ResourcePoolBench} measures: lease a
 * resource (waiting if none is idle), hand it to the consumer, return it. Every pool holds
 * {@code size} distinct plain objects, all created (warmed) before the first measured call.
 */
abstract class PoolAdapter implements AutoCloseable {
  /** The implementations, as the benchmark's {@code impl} parameter names them. */
  static final List<String> IMPLS = List.of("ferrite", "stormpot", "commonsPool2", "condvar");

  /** Leases a resource, passes it to {@code use}, returns it. */
  abstract void cycle(Consumer<Object> use) throws Exception;

  @Override
  public abstract void close() throws Exception;

  static PoolAdapter create(String impl, int size) throws Exception {
    PoolAdapter p = switch (impl) {
      case "ferrite" -> new Ferrite(size);
      case "stormpot" -> new Stormpot(size);
      case "commonsPool2" -> new CommonsPool2(size);
      case "condvar" -> new Condvar(size);
      default -> throw new IllegalArgumentException("unknown impl " + impl + "; one of " + IMPLS);
    };
    p.warm(size);
    return p;
  }

  /** Leases all {@code size} resources at once (creating them), then returns them. */
  void warm(int size) throws Exception {
    List<Object> got = new ArrayList<>();
    warm(size, got);
  }

  abstract void warm(int remaining, List<Object> held) throws Exception;

  /** Ferrite's {@link ResourcePool}: {@code acquire()} and try-with-resources. */
  static final class Ferrite extends PoolAdapter {
    final ResourcePool<Object> pool;

    Ferrite(int size) {
      pool = ResourcePool.builder(Object::new).name("bench").maxSize(size)
          .maxConcurrentCreations(size).build();
    }

    @Override
    void cycle(Consumer<Object> use) throws InterruptedException {
      try (Lease<Object> lease = pool.acquire()) {
        use.accept(lease.get());
      }
    }

    @Override
    void warm(int remaining, List<Object> held) throws Exception {
      if (remaining == 0) {
        return;
      }
      try (Lease<Object> lease = pool.acquire()) {
        warm(remaining - 1, held);
      }
    }

    @Override
    public void close() throws InterruptedException {
      pool.shutdown(Duration.ofSeconds(10));
    }
  }

  /** Stormpot 4: {@code claim(timeout)} and {@code release()} of a {@link Pooled} object. */
  static final class Stormpot extends PoolAdapter {
    static final Timeout TIMEOUT = new Timeout(1, TimeUnit.MINUTES);
    final Pool<Pooled<Object>> pool;

    Stormpot(int size) {
      pool = Pool.from(new Allocator<Pooled<Object>>() {
        @Override
        public Pooled<Object> allocate(Slot slot) {
          return new Pooled<>(slot, new Object());
        }

        @Override
        public void deallocate(Pooled<Object> poolable) {}
      }).setSize(size).build();
    }

    @Override
    void cycle(Consumer<Object> use) throws InterruptedException {
      Pooled<Object> p = pool.claim(TIMEOUT);
      if (p == null) {
        throw new IllegalStateException("stormpot claim timed out");
      }
      try {
        use.accept(p.object);
      } finally {
        p.release();
      }
    }

    @Override
    void warm(int remaining, List<Object> held) throws Exception {
      if (remaining == 0) {
        return;
      }
      Pooled<Object> p = pool.claim(TIMEOUT);
      try {
        warm(remaining - 1, held);
      } finally {
        p.release();
      }
    }

    @Override
    public void close() throws InterruptedException {
      pool.shutdown().await(TIMEOUT);
    }
  }

  /** Apache commons-pool2's {@link GenericObjectPool}: {@code borrowObject} / {@code returnObject}. */
  static final class CommonsPool2 extends PoolAdapter {
    final GenericObjectPool<Object> pool;

    CommonsPool2(int size) {
      pool = new GenericObjectPool<>(new BasePooledObjectFactory<Object>() {
        @Override
        public Object create() {
          return new Object();
        }

        @Override
        public PooledObject<Object> wrap(Object o) {
          return new DefaultPooledObject<>(o);
        }
      });
      pool.setMaxTotal(size);
      pool.setMaxIdle(size);
      pool.setBlockWhenExhausted(true);
    }

    @Override
    void cycle(Consumer<Object> use) throws Exception {
      Object o = pool.borrowObject();
      try {
        use.accept(o);
      } finally {
        pool.returnObject(o);
      }
    }

    @Override
    void warm(int remaining, List<Object> held) throws Exception {
      if (remaining == 0) {
        return;
      }
      Object o = pool.borrowObject();
      try {
        warm(remaining - 1, held);
      } finally {
        pool.returnObject(o);
      }
    }

    @Override
    public void close() {
      pool.close();
    }
  }

  /**
   * The article's pool in Java: a stack of resources guarded by one lock, and a condition that
   * {@code add_resource} signals once per returned resource ({@code Mutex<Vec<T>>} + {@code
   * Condvar}).
   */
  static final class Condvar extends PoolAdapter {
    final ReentrantLock lock = new ReentrantLock();
    final Condition notEmpty = lock.newCondition();
    final ArrayDeque<Object> resources = new ArrayDeque<>();

    Condvar(int size) {
      for (int i = 0; i < size; i++) {
        resources.push(new Object());
      }
    }

    Object get() throws InterruptedException {
      lock.lock();
      try {
        while (resources.isEmpty()) {
          notEmpty.await();
        }
        return resources.pop();
      } finally {
        lock.unlock();
      }
    }

    void add(Object r) {
      lock.lock();
      try {
        resources.push(r);
        notEmpty.signal();
      } finally {
        lock.unlock();
      }
    }

    @Override
    void cycle(Consumer<Object> use) throws InterruptedException {
      Object r = get();
      try {
        use.accept(r);
      } finally {
        add(r);
      }
    }

    @Override
    void warm(int remaining, List<Object> held) {}

    @Override
    public void close() {}
  }
}
