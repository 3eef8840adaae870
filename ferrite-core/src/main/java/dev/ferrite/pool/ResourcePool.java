package dev.ferrite.pool;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * A pool of expensive resources (database connections, sessions, buffers) shared by many
 * threads: the article's condvar pool, made production-grade.
 *
 * <p>The article's Rust pool is a {@code Mutex<Vec<T>>} and a {@code Condvar}: {@code
 * get_resource} waits while the vector is empty, {@code add_resource} pushes and notifies one
 * waiter. Here the factory creates resources on demand, and a {@link Lease} gives the resource
 * back when it is closed:
 *
 * <pre>{@code
 * // Rust: let pool = ResourcePool::new(); pool.add_resource(conn); ... let conn = pool.get_resource();
 * ResourceFactory<Connection> factory = () -> DriverManager.getConnection(url);
 * try (ResourcePool<Connection> pool = ResourcePool.builder(factory).name("db").maxSize(4).build()) {
 *   try (Lease<Connection> lease = pool.acquire()) {   // get_resource: waits while all 4 are leased
 *     query(lease.get());
 *   }                                                  // add_resource: back in the pool, a waiter wakes
 * }
 * }</pre>
 *
 * <h2>Acquiring</h2>
 * <table class="striped">
 *   <caption>Forms and outcomes</caption>
 *   <thead><tr><th>operation</th><th>success</th><th>none idle</th><th>timed out</th>
 *   <th>creation failed</th><th>shut down</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link #acquire()}</td><td>the lease</td><td>waits</td><td>&mdash;</td>
 *       <td>{@link ResourceCreationException}</td><td>{@link PoolClosedException}</td></tr>
 *   <tr><td>{@link #acquire(Duration)}</td><td>{@link Acquired}</td><td>waits</td>
 *       <td>{@link TimedOut}</td><td>{@link CreationFailed}</td><td>{@link Closed}</td></tr>
 *   <tr><td>{@link #tryAcquire()}</td><td>{@link Acquired}</td><td>{@link Exhausted}</td>
 *       <td>&mdash;</td><td>{@link Exhausted}</td><td>{@link Closed}</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Resources are created lazily, when an acquirer finds none idle and the pool is below {@link
 * Builder#maxSize}, by background threads, at most {@link Builder#maxConcurrentCreations} at a
 * time; the acquirer waits for the new resource like for a returned one, so its timeout holds
 * even if the factory stalls. {@link Builder#minIdle} resources are kept ready in the background.
 *
 * <p><b>Interruption.</b> The waiting forms declare {@link InterruptedException}: a thread
 * interrupted before or while it waits gets the exception (its interrupt status cleared) and
 * holds no resource. A call that finds an idle resource at once returns it without looking at
 * the interrupt status.
 *
 * <p><b>Fairness.</b> Waiters are served roughly in arrival order: a released resource wakes the
 * longest-waiting thread, a woken thread that loses the resource to a thread that was not waiting
 * (barging, which keeps the uncontended path fast) keeps its place at the head of the queue, and
 * once the head has waited longer than a millisecond every released or created resource is handed
 * to it directly, so no waiter starves. Threads that never had to wait are not ordered.
 *
 * <p><b>Creation failures.</b> When the factory throws, every thread waiting at that moment gets
 * the cause ({@link CreationFailed} or {@link ResourceCreationException}); until a creation
 * succeeds again the pool is <i>failing</i>: an acquirer that finds no idle resource while the pool
 * is below its maximum either waits for a retry (if the back-off, 10 ms doubling up to {@link
 * Builder#maxRetryBackoff}, has elapsed) or fails at once with the latest cause. The pool
 * recovers by itself as soon as one creation succeeds.
 *
 * <p><b>Retirement.</b> A resource is destroyed (on a background thread, never by an acquirer)
 * when its lease is released as broken, when validation fails, when it reaches its maximum
 * lifetime (shortened by a random jitter so that resources created together do not expire
 * together) or stays idle longer than the idle timeout, checked by a housekeeping pass that never
 * blocks acquirers, and at shutdown.
 *
 * <p><b>Shutdown.</b> {@link #shutdown(Duration)} (and {@link #close()}) refuse new acquires,
 * wake every waiter with "closed", destroy idle resources at once and leased ones as they are
 * released; at the deadline the resources still leased are destroyed under their holders and
 * reported.
 *
 * <p>Memory consistency effects: actions of a thread before releasing a lease <i>happen-before</i>
 * the actions after the acquire that leases the same resource; the factory's {@code create}
 * <i>happens-before</i> the first acquire of the resource.
 *
 * @param <T> the resource type
 */
public sealed interface ResourcePool<T> extends AutoCloseable permits Pool {

  /**
   * Leases a resource, waiting as long as it takes.
   *
   * @return the lease; close it to return the resource
   * @throws InterruptedException if interrupted while waiting (no resource is held)
   * @throws PoolClosedException if the pool is or becomes shut down
   * @throws ResourceCreationException if the caller needed a new resource and the factory failed
   *     (see the class comment); the factory's exception is the cause
   */
  Lease<T> acquire() throws InterruptedException;

  /**
   * Leases a resource, waiting at most {@code timeout}; a zero or negative timeout waits for
   * nothing (like {@link #tryAcquire()}, with the same linearizable answer, but reporting {@link
   * TimedOut}).
   *
   * @param timeout the longest wait (a duration too long for a {@code long} of nanoseconds waits
   *     practically forever)
   * @return {@link Acquired}, {@link TimedOut}, {@link CreationFailed} or {@link Closed}
   * @throws InterruptedException if interrupted while waiting (no resource is held)
   */
  AcquireResult<T> acquire(Duration timeout) throws InterruptedException;

  /**
   * Leases an idle resource if there is one, without waiting. If none is idle and the pool is
   * below its maximum, a resource is created in the background for a later call.
   *
   * <p>The answer is linearizable: {@link Exhausted} means that at some instant during the call
   * no resource of the pool was idle (each was leased, being created or being retired). So a
   * resource that is idle throughout the call is always found, even while other threads release
   * and take resources during it: with {@code n} threads that each hold at most {@code k} leases
   * of a pool of {@code n * k} resources, every {@code tryAcquire} succeeds. The call never waits
   * for a resource being created, for another thread or for a lock; while other threads keep
   * releasing and taking resources it may look again (lock-free: it looks again only because
   * another thread's release, acquire or creation took effect meanwhile).
   *
   * <p>A pool below its maximum size with no idle resource answers {@link Exhausted} too, after
   * starting a creation in the background (as does a pool whose factory is failing); creating on
   * the caller's thread would make it wait for the factory. To wait for that resource, use {@link
   * #acquire(Duration)}.
   *
   * <p>Memory consistency effects: as for {@link #acquire()} when it returns {@link Acquired}.
   *
   * @return {@link Acquired}, {@link Exhausted} or {@link Closed}
   */
  TryAcquireResult<T> tryAcquire();

  /** {@return a snapshot of the pool's gauges and counters} */
  PoolMetrics metrics();

  /** {@return the pool's name, used for its threads and in messages} */
  String name();

  /** {@return true once shutdown has begun} */
  boolean isClosed();

  /**
   * Shuts the pool down: new acquires fail with "closed" and waiters wake with it, idle resources
   * are destroyed at once and leased ones when released; waits until every resource is destroyed
   * or {@code deadline} passes. At the deadline, resources still leased are destroyed under their
   * holders (their later release does nothing) and reported. Idempotent: a second call waits
   * again and reports the state then.
   *
   * @param deadline how long to wait for leases to come back and for background work to end
   * @return what was and was not reclaimed
   * @throws InterruptedException if interrupted while waiting; the pool stays shut down and
   *     leased resources are destroyed when released
   */
  ShutdownReport shutdown(Duration deadline) throws InterruptedException;

  /**
   * {@link #shutdown(Duration)} with the pool's {@link Builder#shutdownTimeout}; an interrupt
   * ends the wait early (the interrupt status is kept).
   */
  @Override
  void close();

  /**
   * {@return a builder of a pool over {@code factory}}
   *
   * @param factory creates, validates and destroys the resources
   * @param <T> the resource type
   */
  static <T> Builder<T> builder(ResourceFactory<T> factory) {
    return new Builder<>(factory);
  }

  /**
   * Configures a {@link ResourcePool}. Defaults: max size 10, min idle 0, 2 concurrent
   * creations, no validation, no lifetime or idle limit, no leak detection, shutdown timeout 30 s,
   * background threads virtual.
   *
   * @param <T> the resource type
   */
  final class Builder<T> {
    final ResourceFactory<T> factory;
    String name = "pool";
    int maxSize = 10;
    int minIdle = 0;
    int maxConcurrentCreations = 2;
    boolean validateOnAcquire;
    Duration validateAfterIdle = Duration.ZERO;
    boolean validateOnRelease;
    Duration maxLifetime;
    double lifetimeJitter = 0.05;
    Duration idleTimeout;
    Duration leakThreshold;
    Consumer<LeakReport> leakListener;
    Duration housekeepingInterval;
    Duration maxRetryBackoff = Duration.ofSeconds(1);
    Duration shutdownTimeout = Duration.ofSeconds(30);
    ThreadFactory threadFactory;

    Builder(ResourceFactory<T> factory) {
      this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Names the pool (default {@code pool}); its threads are named after it, and so are its
     * messages and exceptions.
     *
     * @param name the name
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public Builder<T> name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets the most resources that exist at once: leased, idle and being created (default 10).
     *
     * @param maxSize the bound, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxSize} is less than 1
     */
    public Builder<T> maxSize(int maxSize) {
      if (maxSize < 1) {
        throw new IllegalArgumentException("maxSize < 1: " + maxSize);
      }
      this.maxSize = maxSize;
      return this;
    }

    /**
     * Sets how many idle resources the pool keeps ready, created in the background (default 0).
     * It must not exceed the max size, which {@link #build()} checks.
     *
     * @param minIdle the number of idle resources to keep, zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code minIdle} is negative
     */
    public Builder<T> minIdle(int minIdle) {
      if (minIdle < 0) {
        throw new IllegalArgumentException("minIdle < 0: " + minIdle);
      }
      this.minIdle = minIdle;
      return this;
    }

    /**
     * Sets the most factory {@code create} calls in progress at once (default 2).
     *
     * @param n the bound, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is less than 1
     */
    public Builder<T> maxConcurrentCreations(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConcurrentCreations < 1: " + n);
      }
      this.maxConcurrentCreations = n;
      return this;
    }

    /**
     * Validates an idle resource before leasing it. With {@code afterIdle} positive, only a
     * resource that has been idle at least that long is validated (HikariCP's approach: a resource
     * returned a moment ago is presumed good). By default nothing is validated on acquire.
     *
     * @param afterIdle the idle time from which a resource is validated; zero validates every one
     * @return this builder
     * @throws IllegalArgumentException if {@code afterIdle} is negative
     * @throws NullPointerException if {@code afterIdle} is null
     */
    public Builder<T> validateOnAcquire(Duration afterIdle) {
      this.validateOnAcquire = true;
      this.validateAfterIdle = requireNonNegative(afterIdle, "afterIdle");
      return this;
    }

    /**
     * Sets whether a resource is validated when its lease is released (default false).
     *
     * @param validate true to validate on release
     * @return this builder
     */
    public Builder<T> validateOnRelease(boolean validate) {
      this.validateOnRelease = validate;
      return this;
    }

    /**
     * Retires resources older than {@code maxLifetime}, each shortened by a random part of up to
     * {@code jitter} (a fraction in [0, 0.5]) of it, so that resources created together do not
     * all retire together. By default resources have no lifetime limit.
     *
     * @param maxLifetime the longest lifetime, positive
     * @param jitter the largest fraction of {@code maxLifetime} taken off at random, in [0, 0.5]
     *     (default 0.05)
     * @return this builder
     * @throws IllegalArgumentException if {@code maxLifetime} is not positive or {@code jitter}
     *     is not in [0, 0.5]
     * @throws NullPointerException if {@code maxLifetime} is null
     */
    public Builder<T> maxLifetime(Duration maxLifetime, double jitter) {
      this.maxLifetime = requirePositive(maxLifetime, "maxLifetime");
      if (!(jitter >= 0 && jitter <= 0.5)) {
        throw new IllegalArgumentException("jitter not in [0, 0.5]: " + jitter);
      }
      this.lifetimeJitter = jitter;
      return this;
    }

    /**
     * Retires resources idle longer than {@code idleTimeout}, keeping at least min idle of them.
     * By default idle resources are kept.
     *
     * @param idleTimeout the longest idle time, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code idleTimeout} is not positive
     * @throws NullPointerException if {@code idleTimeout} is null
     */
    public Builder<T> idleTimeout(Duration idleTimeout) {
      this.idleTimeout = requirePositive(idleTimeout, "idleTimeout");
      return this;
    }

    /**
     * Reports leases held longer than {@code threshold} to {@code listener} (null: a warning on
     * the {@link System.Logger} named {@code dev.ferrite.pool}). Costs a stack capture per
     * acquire while enabled. By default leaks are not detected.
     *
     * @param threshold how long a lease may be held before it is reported, positive
     * @param listener told of each {@link LeakReport} (a suspected leak on the housekeeping
     *     thread, a late return on the releasing thread; what it throws is ignored), or null for
     *     the logged warning
     * @return this builder
     * @throws IllegalArgumentException if {@code threshold} is not positive
     * @throws NullPointerException if {@code threshold} is null
     */
    public Builder<T> leakDetection(Duration threshold, Consumer<LeakReport> listener) {
      this.leakThreshold = requirePositive(threshold, "threshold");
      this.leakListener = listener;
      return this;
    }

    /**
     * How often the housekeeping pass runs (expiry, idle timeout, leaks, min idle). Default: a
     * quarter of the smallest of the lifetime, idle timeout and leak threshold, at most 1 s.
     *
     * @param interval the time between passes, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code interval} is not positive
     * @throws NullPointerException if {@code interval} is null
     */
    public Builder<T> housekeepingInterval(Duration interval) {
      this.housekeepingInterval = requirePositive(interval, "interval");
      return this;
    }

    /**
     * Sets the longest pause between creation retries while the pool is failing (default 1 s).
     *
     * @param backoff the longest pause, positive
     * @return this builder
     * @throws IllegalArgumentException if {@code backoff} is not positive
     * @throws NullPointerException if {@code backoff} is null
     */
    public Builder<T> maxRetryBackoff(Duration backoff) {
      this.maxRetryBackoff = requirePositive(backoff, "backoff");
      return this;
    }

    /**
     * Sets the deadline that {@link ResourcePool#close()} passes to {@link
     * ResourcePool#shutdown(Duration)} (default 30 s).
     *
     * @param timeout the deadline, zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws NullPointerException if {@code timeout} is null
     */
    public Builder<T> shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = requireNonNegative(timeout, "timeout");
      return this;
    }

    /**
     * Sets the factory of the pool's background threads: housekeeping and resource creation
     * (default: virtual threads).
     *
     * @param threadFactory the thread factory
     * @return this builder
     * @throws NullPointerException if {@code threadFactory} is null
     */
    public Builder<T> threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
      return this;
    }

    /**
     * {@return a new pool; its housekeeping thread starts now and min idle resources are created
     * in the background}
     *
     * @throws IllegalArgumentException if minIdle exceeds maxSize
     */
    public ResourcePool<T> build() {
      if (minIdle > maxSize) {
        throw new IllegalArgumentException("minIdle " + minIdle + " > maxSize " + maxSize);
      }
      return new Pool<>(this);
    }

    private static Duration requirePositive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }

    private static Duration requireNonNegative(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative: " + d);
      }
      return d;
    }
  }
}
