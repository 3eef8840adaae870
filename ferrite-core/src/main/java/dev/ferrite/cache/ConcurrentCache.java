package dev.ferrite.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.ToIntBiFunction;

/**
 * A thread-safe in-memory cache: the Rust article's {@code ConcurrentCache} ({@code get} /
 * {@code insert} / {@code remove} over a map behind a lock), rebuilt so that reads never wait,
 * plus what production caches need: single-flight loading, a size or weight bound with a
 * near-optimal eviction policy (W-TinyLFU), expiry, removal notifications, statistics and a
 * {@link ConcurrentMap} view.
 *
 * <pre>{@code
 * ConcurrentCache<String, User> users = ConcurrentCache.<String, User>builder()
 *     .maximumSize(10_000)
 *     .expireAfterWrite(Duration.ofMinutes(5))
 *     .recordStats()
 *     .build();
 * users.insert("ada", ada);
 * User u = users.get("ada");                     // null if absent
 * User b = users.get("bob", id -> db.load(id));  // loads once, however many callers miss at once
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Keys and values</b> are compared with {@code equals}/{@code hashCode}, and may not be
 *       null ({@link NullPointerException}). Keys must not change while in the cache.
 *   <li><b>Reads never block:</b> {@link #get(Object)} is a lock-free hash lookup that records the
 *       access in a buffer; the eviction policy catches up in batches (on the {@link
 *       Builder#executor executor} while several threads read; see the implementation
 *       notes in the package documentation). Writes to one key are atomic and serialized; writes
 *       to different keys run in parallel.
 *   <li><b>Bound.</b> With {@link Builder#maximumSize} or {@link Builder#maximumWeight} the
 *       cache evicts entries to stay within the bound. Eviction runs after writes, so under
 *       concurrent writes the bound may be exceeded by a small slack: at most 256 entries per
 *       CPU (the CPU count rounded up to a power of two) plus one per concurrent writer, until
 *       the next write or {@link #cleanUp()}. With one writer at a time the bound holds after
 *       each write. (Also, like {@code ConcurrentHashMap.size()}, {@link #size()} is itself an
 *       estimate while writes run.)
 *   <li><b>Expiry.</b> An entry older than {@link Builder#expireAfterWrite} since its last write,
 *       or unused for {@link Builder#expireAfterAccess}, as measured by the {@link Ticker}, is
 *       absent for every operation from that moment; its memory is reclaimed (and the listener
 *       told, cause {@link RemovalCause#EXPIRED}) by later maintenance.
 *   <li><b>Loads</b> ({@link #get(Object, Function)}): on a miss, one caller runs the loader and
 *       every concurrent caller for the same key waits for that load and gets its value or its
 *       failure: the loader runs exactly once per key per miss. Nothing is locked while it runs:
 *       other keys are read, written and loaded freely. A loader that asks the cache for its own
 *       key gets {@link IllegalStateException} at once instead of a deadlock. Failures are not
 *       cached. A loader that returns null fails with {@link NullPointerException}.
 *   <li><b>Removal listener</b> ({@link Builder#removalListener}): called once per entry that
 *       leaves the cache, with the cause, after the change and outside the cache's locks.
 *   <li><b>Memory consistency effects:</b> actions in a thread before it writes a value
 *       <i>happen-before</i> actions after another thread reads that value from the cache; a
 *       loader's actions happen-before every caller of that load returns.
 * </ul>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class ConcurrentCache<K, V> {
  private final LocalCache<K, V> cache;

  private ConcurrentCache(LocalCache<K, V> cache) {
    this.cache = cache;
  }

  /**
   * {@return an unbounded cache without expiry: the article's cache} Equivalent to {@code
   * builder().build()}.
   *
   * @param <K> the key type
   * @param <V> the value type
   */
  public static <K, V> ConcurrentCache<K, V> unbounded() {
    return new Builder<K, V>().build();
  }

  /**
   * {@return a builder of caches}
   *
   * @param <K> the key type
   * @param <V> the value type
   */
  public static <K, V> Builder<K, V> builder() {
    return new Builder<>();
  }

  /**
   * Returns the value for {@code key}, or null if there is none (or it expired). Never blocks.
   *
   * @param key the key
   * @return its value or null
   * @throws NullPointerException if {@code key} is null
   */
  public V get(K key) {
    return cache.get(key);
  }

  /**
   * Maps {@code key} to {@code value}, replacing any previous value (the listener hears {@link
   * RemovalCause#REPLACED}).
   *
   * @param key the key
   * @param value the value
   * @return the previous value, or null
   * @throws NullPointerException if an argument is null
   */
  public V insert(K key, V value) {
    return cache.put(key, value);
  }

  /**
   * Removes the entry for {@code key} (the listener hears {@link RemovalCause#REMOVED}).
   *
   * @param key the key
   * @return the removed value, or null if there was none
   * @throws NullPointerException if {@code key} is null
   */
  public V remove(K key) {
    return cache.remove(key);
  }

  /**
   * Returns the value for {@code key}, loading it with {@code loader} on a miss (single flight:
   * see the class contract). Waits for the load up to the builder's {@link Builder#loadTimeout}
   * if one was set, else until it ends. Without a load timeout, the loader runs on the calling
   * thread of the first caller to miss; with one, on a new virtual thread, so that every caller
   * can stop waiting when the time is up (the load carries on and caches its value).
   *
   * @param key the key
   * @param loader computes the value of a missing key; must not return null
   * @return the cached or loaded value
   * @throws CacheLoadException if the load failed (cause: the loader's exception) or timed out
   *     (cause: a {@link TimeoutException})
   * @throws IllegalStateException if called from within a load of the same key
   * @throws InterruptedException if interrupted while waiting for another caller's load (the
   *     load carries on)
   * @throws NullPointerException if an argument is null
   */
  public V get(K key, Function<? super K, ? extends V> loader) throws InterruptedException {
    long timeout = cache.loadTimeoutNanos;
    return switch (cache.load(key, loader, timeout)) {
      case Loaded<V>(V v) -> v;
      case LoadFailed<V>(Throwable cause) ->
          throw new CacheLoadException("loading key " + key + " failed", cause);
      case LoadTimedOut<V> t ->
          throw new CacheLoadException(
              "loading key " + key + " timed out",
              new TimeoutException("no value within " + Duration.ofNanos(timeout)));
    };
  }

  /**
   * Like {@link #get(Object, Function)}, with an explicit timeout and every outcome as a value.
   * The loader runs on a virtual thread; the caller waits at most {@code timeout}.
   *
   * @param key the key
   * @param loader computes the value of a missing key; must not return null
   * @param timeout how long to wait for the value; zero or negative means "only if present or
   *     loaded at once"
   * @return {@link Loaded}, {@link LoadFailed} or {@link LoadTimedOut}
   * @throws IllegalStateException if called from within a load of the same key
   * @throws InterruptedException if interrupted while waiting (the load carries on)
   * @throws NullPointerException if an argument is null
   */
  public LoadResult<V> get(K key, Function<? super K, ? extends V> loader, Duration timeout)
      throws InterruptedException {
    return cache.load(key, loader, nanos(timeout));
  }

  /** {@return the number of entries, including expired ones not yet cleaned up} */
  public long size() {
    return cache.estimatedSize();
  }

  /** Removes every entry (each removal is notified with {@link RemovalCause#REMOVED}). */
  public void clear() {
    cache.clear();
  }

  /**
   * Applies pending policy work now (buffered reads and writes, expiry, eviction), waiting for
   * the policy lock if another thread holds it. Afterwards, if no write runs concurrently, the
   * cache is within its bound and holds no expired entry the policy knows of.
   */
  public void cleanUp() {
    cache.cleanUp();
  }

  /** {@return a snapshot of the statistics; all zero unless built with {@code recordStats()}} */
  public CacheStats stats() {
    return cache.stats();
  }

  /**
   * Returns a live {@link ConcurrentMap} view of the cache. It honours the whole {@code
   * ConcurrentMap} contract (atomic {@code putIfAbsent}, {@code replace}, {@code compute},
   * {@code merge}...; null keys and values rejected; weakly consistent iterators; write-through
   * views and entries; {@code equals}/{@code hashCode} of {@link java.util.Map}), and every
   * change through it obeys the bound, expiry, listener and statistics of the cache. Note that
   * the view's {@code computeIfAbsent}, like {@link java.util.concurrent.ConcurrentHashMap}'s,
   * runs its function while holding the lock of the key's hash bin: use {@link #get(Object,
   * Function)} for slow loads. Functions passed to the view must not modify the cache.
   *
   * @return the view (the same object on every call)
   */
  public ConcurrentMap<K, V> asMap() {
    return cache;
  }

  @Override
  public String toString() {
    return "ConcurrentCache[size=" + cache.estimatedSize() + "]";
  }

  /** For white-box tests. */
  LocalCache<K, V> local() {
    return cache;
  }

  private static long nanos(Duration d) {
    Objects.requireNonNull(d, "timeout");
    if (d.isNegative()) {
      return 0;
    }
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Configures a {@link ConcurrentCache}. Every setting is optional; without any, the cache is
   * unbounded and entries never expire. A builder may be reused; each {@link #build()} makes an
   * independent cache.
   *
   * @param <K> the key type
   * @param <V> the value type
   */
  public static final class Builder<K, V> {
    private long maximum = -1;
    private ToIntBiFunction<? super K, ? super V> weigher;
    private long expireAfterWrite = -1;
    private long expireAfterAccess = -1;
    private Ticker ticker = Ticker.system();
    private RemovalListener<? super K, ? super V> listener;
    private long loadTimeout = -1;
    private boolean recordStats;
    private int initialCapacity = 16;
    private Executor executor = ForkJoinPool.commonPool();

    private Builder() {}

    /**
     * Bounds the cache to {@code maximumSize} entries (see the slack in the class contract).
     *
     * @param maximumSize the bound, zero or more (zero: every entry is evicted at once)
     * @return this builder
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if a bound was already set
     */
    public Builder<K, V> maximumSize(long maximumSize) {
      if (maximumSize < 0) {
        throw new IllegalArgumentException("maximumSize < 0: " + maximumSize);
      }
      if (maximum >= 0) {
        throw new IllegalStateException("a bound was already set");
      }
      this.maximum = maximumSize;
      return this;
    }

    /**
     * Bounds the total weight of the entries, each weighed once when written.
     *
     * @param maximumWeight the bound, zero or more
     * @param weigher gives an entry's weight, zero or more; called inside the write
     * @return this builder
     * @throws IllegalArgumentException if {@code maximumWeight} is negative
     * @throws IllegalStateException if a bound was already set
     * @throws NullPointerException if {@code weigher} is null
     */
    public Builder<K, V> maximumWeight(
        long maximumWeight, ToIntBiFunction<? super K, ? super V> weigher) {
      Objects.requireNonNull(weigher, "weigher");
      maximumSize(maximumWeight);
      this.weigher = weigher;
      return this;
    }

    /**
     * Expires each entry {@code ttl} after it was last written.
     *
     * @param ttl the time to live, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder<K, V> expireAfterWrite(Duration ttl) {
      this.expireAfterWrite = positive(ttl);
      return this;
    }

    /**
     * Expires each entry {@code idle} after it was last read or written.
     *
     * @param idle the idle time, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder<K, V> expireAfterAccess(Duration idle) {
      this.expireAfterAccess = positive(idle);
      return this;
    }

    /**
     * Sets the time source for expiry (default {@link Ticker#system()}).
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder<K, V> ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets the listener told of every removal, with its cause.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder<K, V> removalListener(RemovalListener<? super K, ? super V> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Limits how long {@link ConcurrentCache#get(Object, Function)} waits for a load (default:
     * no limit, and the loader runs on the caller's thread).
     *
     * @param timeout the limit, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder<K, V> loadTimeout(Duration timeout) {
      this.loadTimeout = positive(timeout);
      return this;
    }

    /**
     * Makes the cache count hits, misses, loads, failures, evictions and load time (a small cost
     * on every operation).
     *
     * @return this builder
     */
    public Builder<K, V> recordStats() {
      this.recordStats = true;
      return this;
    }

    /**
     * Sizes the hash table for about {@code n} entries.
     *
     * @param n the expected number of entries
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder<K, V> initialCapacity(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("initialCapacity < 0: " + n);
      }
      this.initialCapacity = n;
      return this;
    }

    /**
     * Sets where the eviction policy catches up with reads when several threads read at once
     * (default {@link ForkJoinPool#commonPool()}), as Caffeine's {@code executor} does. Reads
     * record themselves in small per-thread buffers; when one fills and other threads are reading
     * too, replaying the buffered reads on the policy is handed to this executor as a short task
     * (it takes the cache's policy lock, never a lock a reader waits for), so the readers
     * themselves never pay for it. Reads from a single thread, writes, evictions, expiry and
     * removal notifications stay on the calling threads. With {@code Runnable::run} every replay
     * runs on the reader that filled its buffer. If the executor rejects a task, the reader
     * replays the buffer itself when the policy lock is free (and otherwise leaves it to the next
     * replay); no exception reaches it. Whatever the executor, while several threads read, a
     * full buffer asks for a replay only once per 16,384 reads it dropped, so the policy sees a
     * sample of such reads (see the package's guide, {@code docs/cache.md}).
     *
     * @param executor runs the replay tasks
     * @return this builder
     */
    public Builder<K, V> executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** {@return a new cache with these settings} */
    public ConcurrentCache<K, V> build() {
      return new ConcurrentCache<>(
          new LocalCache<>(
              maximum,
              weigher,
              expireAfterWrite,
              expireAfterAccess,
              ticker,
              listener,
              loadTimeout,
              recordStats,
              initialCapacity,
              executor));
    }

    private static long positive(Duration d) {
      Objects.requireNonNull(d, "duration");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("not positive: " + d);
      }
      return nanos(d);
    }
  }
}
