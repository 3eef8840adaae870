package dev.ferrite.cache;

import dev.ferrite.sync.StripedCounter;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntBiFunction;

/**
 * The engine behind {@link ConcurrentCache}, and its {@link ConcurrentMap} view.
 *
 * <h2>Implementation overview</h2>
 *
 * <p><b>Data.</b> Entries live in a {@link ConcurrentHashMap} from key to {@link Node}. Every
 * change to an entry (insert, in-place update of value / weight / write time, removal) happens
 * inside a {@code compute} on its key, so it is atomic per key and linearizes at the map's bin
 * lock; a lookup is a lock-free {@code ConcurrentHashMap.get} plus a volatile read of the value.
 * Nodes are never re-inserted: once removed they are "retired" for good, which lets the policy
 * tell stale events from live ones.
 *
 * <p><b>Policy without locking readers: BP-Wrapper.</b> The eviction policy (queues, sketch,
 * weights) is a sequential data structure guarded by one {@link ReentrantLock}, the eviction
 * lock. Following Ding, Jiang and Zhang, <i>BP-Wrapper: A System Framework Making Any
 * Replacement Algorithms (Almost) Lock Contention Free</i> (ICDE 2009), and Caffeine's design
 * (Ben Manes), operations do not apply their effect on the policy directly: they <i>record</i>
 * it in a buffer and the policy <i>replays</i> the buffers in batches, under the lock, taken with
 * {@code tryLock} by whichever thread notices that work is due. Nobody ever waits for the lock
 * on the read path:
 * <ul>
 *   <li>A read records the node in a {@link ReadBuffer}: striped (by thread) rings of 16 slots,
 *       one CAS to claim a slot. If the ring is full or the CAS loses, the read is dropped
 *       (lossy): the policy then misses one access, which costs a little precision, never
 *       correctness. A read that fills its ring triggers a replay. With a single reading thread
 *       the reader replays the buffers itself (under {@code tryLock}), so a lone reader loses no
 *       access. When several threads read (the last replay found reads in more than one stripe,
 *       or a reader found the lock busy), the replay is handed to the builder's {@link
 *       ConcurrentCache.Builder#executor executor} ({@code ForkJoinPool.commonPool()} by default) instead, and until it has run every read
 *       that finds its ring full is dropped after two loads and one store to a counter of its
 *       stripe. The rings are then <i>patient</i>: a full ring asks for a replay only once per
 *       {@value ReadBuffer#PATIENCE} reads it dropped. Every hand-off wakes a thread, which on
 *       this project's 2-vCPU reference VM cost 50 to 100 us of CPU per replay (measured per
 *       thread with {@code /proc}: handing off at every full ring, the replaying thread took a
 *       third of the machine and the readers ran at half the speed they reach with one
 *       hand-off per 16K dropped reads). So while several threads only read, the policy sees a
 *       sample of their reads: the first 16 per stripe after each replay. A write drains the
 *       rings (so the reads recorded before a miss reach the policy before its eviction
 *       decision), and the sketch still sees the popular keys most often; with two threads the
 *       hit ratio stayed level with Caffeine's, including a trace whose hot set is only read
 *       between scans ({@code CacheHitRatio}). The cost is recency: the access order, and with
 *       it expiry after access, is refreshed only by the sampled reads (a lookup still checks
 *       an entry's own access time, so an expired entry is never returned; it may only be
 *       removed, and its listener told, later). This is what makes
 *       concurrent reads cheap: replaying an access costs several cache misses (the sketch's
 *       counters, the LRU neighbours) and dirties lines other readers then miss on; with 2
 *       threads on a Zipf trace, replaying every read on the readers was the bulk of a read's
 *       ~200 ns (profiled: a third of the samples in the replay, most of the rest in misses). Caffeine does the same (it always schedules on its executor); we keep the
 *       synchronous replay for the uncontended case because a lone reader's accesses are the
 *       frequency evidence TinyLFU's admission needs (a scan right after a read-only phase
 *       would otherwise evict the hot set). The pool task replays reads only: evictions,
 *       expiry and so removal notifications stay on the threads that cause them.
 *   <li>A write records an ADD / UPDATE / REMOVE task in the {@link WriteBuffer}, a bounded MPSC
 *       ring, and then attempts a drain. Writes are never dropped. If the ring is full, the
 *       writer takes the lock (waiting) and drains it itself: back-pressure on writers only.
 *       An update that keeps the entry's weight (and with no write-order queue to maintain) is
 *       only an access for the policy, so it is recorded in the read buffer instead, as Caffeine
 *       does: replacing values of hot keys then costs no more than reading them.
 * </ul>
 * The "drain required" flag closes the race in which a task is enqueued just after the lock's
 * holder finished draining: the holder re-checks the flag after unlocking and drains again.
 * So every recorded write is applied by the end of the write call that recorded it or of the
 * drain running at that moment.
 *
 * <p><b>Size bound and its slack.</b> An entry is in the map before its ADD reaches the policy,
 * so between the two the cache may hold more than the bound. While the drainer evicts the
 * entries of one ring-full of ADDs (C = the write ring's capacity, {@code 128 x} the CPU count
 * rounded up to a power of two), writers may fill the ring again, and a few more may be between
 * their map write and their enqueue; a writer that finds the ring full waits for the lock. So
 * the map holds at most {@code maximum + 2C + writers} entries (found by a test that saw
 * {@code C + 6} with four writers on two CPUs). The overshoot disappears as soon as a drain
 * runs (each write attempts one); {@link ConcurrentCache#cleanUp()} forces it. With one writer
 * at a time, the bound holds after every write.
 *
 * <p><b>Eviction: W-TinyLFU.</b> After Einziger, Friedman and Manes, <i>TinyLFU: A Highly
 * Efficient Cache Admission Policy</i> (ACM Transactions on Storage, 2017), as laid out in
 * Caffeine: new entries enter a small <i>window</i> LRU (1% of the bound); entries pushed out of
 * the window become <i>candidates</i> for the main space, a segmented LRU of <i>probation</i>
 * (20%) and <i>protected</i> (80%) segments. A probation entry that is accessed again is promoted
 * to protected; protected overflow is demoted back to probation. When the cache is over its
 * bound, a candidate duels the probation segment's LRU <i>victim</i>: the one with the higher
 * estimated frequency in the {@link FrequencySketch} (a count-min sketch of 4-bit counters,
 * halved every 10 x capacity additions, all of a key's counters in one 64-byte block) stays; ties keep the victim (the incumbent). As in
 * Caffeine, a candidate with a frequency of at least 6 that lost wins anyway with probability
 * 1/128, so an attacker cannot pin the victims by making their keys' counters collide. The
 * window gives recency-biased workloads a chance (a new entry is not rejected before it could be
 * reused), the sketch keeps one-hit wonders and scans out of the main space. We keep the window
 * at a fixed 1% (the paper's recommendation) and do not use the optional "doorkeeper" Bloom
 * filter, nor Caffeine's hill-climbing window adaptation.
 *
 * <p><b>Expiry.</b> Each node carries its write time and access time (from the injectable
 * {@link Ticker}). A lookup treats an expired node as absent at once; removing it (cause
 * EXPIRED) is left to the maintenance, which pops expired nodes from the head of the
 * write-order queue (expire after write) and of the access-order queues (expire after access).
 * Because reads may be dropped from the buffer, a queue head may have been read more recently
 * than its position suggests; the maintenance checks the node's own times and stops there, so an
 * expired node behind it may stay in memory (invisible to lookups) until a later pass.
 *
 * <p><b>Loads: single flight.</b> {@code get(key, loader)} claims the key in a second map of
 * in-flight loads with {@code putIfAbsent}; the winner re-checks the data map (a load that ended
 * between the caller's miss and its claim must not be repeated), runs the loader with no lock
 * held, installs the value, completes the load and only then unclaims the key. Every other
 * caller for the key waits on the load's latch. A loader that asks for its own key finds a load
 * owned by its own thread and fails at once. With a timeout, the loader runs on a virtual thread
 * so that its caller, like every waiter, can give up waiting; the load carries on and caches its
 * value.
 *
 * <p><b>Notifications</b> are collected while locks are held and delivered after release, by the
 * thread that caused them.
 */
final class LocalCache<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V> {
  private static final System.Logger LOG = System.getLogger("dev.ferrite.cache");

  /** A remapping result meaning "leave the mapping as it is". */
  private static final Object KEEP = new Object();

  private static final byte ADD = 0;
  private static final byte UPDATE = 1;
  private static final byte REMOVE = 2;

  final ConcurrentHashMap<K, Node<K, V>> data;
  private final ConcurrentHashMap<K, Load<V>> loads = new ConcurrentHashMap<>();

  final boolean bounded;
  final long maximum;
  private final ToIntBiFunction<? super K, ? super V> weigher;
  private final long expireAfterWriteNanos;
  private final long expireAfterAccessNanos;
  private final boolean expiring;
  private final boolean policyEnabled;
  private final Ticker ticker;
  private final RemovalListener<? super K, ? super V> listener;
  final long loadTimeoutNanos;
  private final Stats stats;

  private final ReentrantLock evictionLock = new ReentrantLock();
  private volatile boolean drainRequired;
  /** Set while a replay of the read buffer is scheduled on the executor and not yet done. */
  private final AtomicBoolean readDrainScheduled = new AtomicBoolean();
  private final Runnable readDrain = this::drainReads;
  /** Runs {@link #readDrain} (see {@link ConcurrentCache.Builder#executor}). */
  private final Executor executor;
  /**
   * Whether the last replay found reads from several threads (or a reader found the lock busy):
   * then full read rings are replayed on the executor. Written under the lock only when it
   * changes (and set by a reader that found the lock busy), read racily by readers: a heuristic,
   * where a stale value only moves one replay to the other thread.
   */
  private boolean readersContend;
  private final ReadBuffer<K, V> readBuffer;
  private final WriteBuffer writeBuffer;

  // ---- the policy: guarded by evictionLock ----
  private final FrequencySketch sketch = new FrequencySketch();
  @SuppressWarnings("unchecked")
  private final Node<K, V>[] heads = new Node[4];
  @SuppressWarnings("unchecked")
  private final Node<K, V>[] tails = new Node[4];
  private final long windowMax;
  private final long protectedMax;
  /**
   * The policy's mutable scalars, in an object of their own: a replay writes them at every
   * access it applies, and as fields of this cache they shared cache lines with the final fields
   * every read loads ({@code data}, {@code readBuffer}, ...), so each replay (on the executor)
   * evicted those lines from every reading core.
   */
  private final PolicyState<K, V> ps = new PolicyState<>();

  /** See {@link #ps}; guarded by evictionLock. */
  private static final class PolicyState<K, V> {
    Node<K, V> writeHead;
    Node<K, V> writeTail;
    long weightedSize;
    long windowWeight;
    long protectedWeight;
    long linkedCount;
    int random = 0x2545F491;
    List<Notification<K, V>> pending = new ArrayList<>();
    /** Replays in a row that found a single stripe busy while readersContend. */
    int quietReplays;
    /** The reader that last replayed the buffer itself. */
    Thread lastReplayer;
  }
  private final Consumer<Node<K, V>> onAccess = this::onAccess;

  LocalCache(
      long maximum,
      ToIntBiFunction<? super K, ? super V> weigher,
      long expireAfterWriteNanos,
      long expireAfterAccessNanos,
      Ticker ticker,
      RemovalListener<? super K, ? super V> listener,
      long loadTimeoutNanos,
      boolean recordStats,
      int initialCapacity,
      Executor executor) {
    this.bounded = maximum >= 0;
    this.maximum = bounded ? maximum : Long.MAX_VALUE;
    this.weigher = weigher;
    this.expireAfterWriteNanos = expireAfterWriteNanos;
    this.expireAfterAccessNanos = expireAfterAccessNanos;
    this.expiring = expireAfterWriteNanos >= 0 || expireAfterAccessNanos >= 0;
    this.policyEnabled = bounded || expiring;
    this.ticker = ticker;
    this.listener = listener;
    this.loadTimeoutNanos = loadTimeoutNanos;
    this.stats = recordStats ? new Stats() : null;
    this.executor = executor;
    this.data = new ConcurrentHashMap<>(Math.max(16, initialCapacity));
    if (bounded) {
      long w = this.maximum - (long) (this.maximum * 0.99);
      this.windowMax = Math.max(this.maximum == 0 ? 0 : 1, w);
      this.protectedMax = (long) ((this.maximum - windowMax) * 0.8);
    } else {
      this.windowMax = Long.MAX_VALUE;
      this.protectedMax = Long.MAX_VALUE;
    }
    this.readBuffer = policyEnabled ? new ReadBuffer<>() : null;
    int cpus = Runtime.getRuntime().availableProcessors();
    this.writeBuffer =
        policyEnabled ? new WriteBuffer(128 * (Integer.highestOneBit(cpus * 2 - 1))) : null;
  }

  // =====================================================================================
  // Reads
  // =====================================================================================

  private boolean hasExpired(Node<K, V> n, long now) {
    return (expireAfterWriteNanos >= 0 && now - n.writeTime >= expireAfterWriteNanos)
        || (expireAfterAccessNanos >= 0 && now - n.accessTime() >= expireAfterAccessNanos);
  }

  /** The live value for {@code key}, or null; records the access and (optionally) stats. */
  V lookup(Object key, boolean recordStats) {
    Node<K, V> n = data.get(key);
    if (n == null) {
      if (recordStats && stats != null) {
        stats.misses.increment();
      }
      return null;
    }
    if (expiring) {
      long now = ticker.read();
      if (hasExpired(n, now)) {
        if (recordStats && stats != null) {
          stats.misses.increment();
        }
        scheduleDrain();
        return null;
      }
      if (expireAfterAccessNanos >= 0) {
        n.setAccessTime(now);
      }
    }
    V v = n.value;
    if (policyEnabled) {
      afterRead(n);
    }
    if (recordStats && stats != null) {
      stats.hits.increment();
    }
    return v;
  }

  /**
   * Records a read for the policy. When the reader's ring is full, or a drain is pending, the
   * reader tries to drain; it never waits, and it writes the shared flag only if it was clear
   * (readers have nothing in the write buffer that a lost flag could strand). While several
   * threads read, the ring is patient: a full ring asks for a replay once per {@value
   * ReadBuffer#PATIENCE} dropped reads (see the class comment); a deferred read still runs a
   * pending drain, since a write whose drain found the lock taken by a read replay (which applies
   * reads only) relies on the next operation to apply it.
   */
  private void afterRead(Node<K, V> n) {
    if (readBuffer.offer(n, readersContend) == ReadBuffer.FULL) {
      onReadBufferFull();
    } else if (drainRequired && !evictionLock.isLocked()) {
      tryDrain();
    }
  }

  /**
   * A read found (or made) its ring full. With a single reader, the reader replays the buffers
   * itself, like a writer, so no read is lost. When several threads read (the last replay found
   * reads in several stripes, or the lock is busy), the replay is handed to the executor and,
   * until it has run, reads that find their ring full are dropped: Caffeine's behaviour, which
   * keeps the replay's cache misses off the readers (and, being patient, they come here only
   * once per {@value ReadBuffer#PATIENCE} dropped reads).
   */
  private void onReadBufferFull() {
    if (readDrainScheduled.get()) {
      return; // a replay is on its way; this read is dropped
    }
    if (!readersContend) {
      if (evictionLock.tryLock()) {
        List<Notification<K, V>> out;
        try {
          Thread me = Thread.currentThread();
          if (ps.lastReplayer != me) { // two readers take turns filling rings: several are reading
            if (ps.lastReplayer != null) {
              readersContend = true;
            }
            ps.lastReplayer = me;
          }
          drainRequired = false;
          maintenance();
          out = takePending();
        } finally {
          evictionLock.unlock();
        }
        deliver(out);
        tryDrain(); // a write recorded while we held the lock
        return;
      }
      readersContend = true;
    }
    if (readDrainScheduled.compareAndSet(false, true)) {
      try {
        executor.execute(readDrain);
      } catch (RuntimeException rejected) {
        readDrainScheduled.set(false); // rejected: replay here if the lock is free, as Caffeine does
        if (evictionLock.tryLock()) {
          try {
            replayReads(true);
          } finally {
            evictionLock.unlock();
          }
        }
      }
    }
  }

  /**
   * Replays the read buffer under the lock and notes whether several threads are reading. One
   * replay that finds reads in several stripes is evidence enough (so is a reader replaying after
   * another one did: see onReadBufferFull, which also catches two readers sharing a stripe);
   * going back to replaying on the readers takes {@value #QUIET_REPLAYS} replays in a row that
   * found a single stripe busy (a replay run by a reader that just filled its ring often finds the
   * other readers' rings freshly drained, so a single such replay says little), or one such
   * replay handed off by a patient ring: every reading thread then had {@value
   * ReadBuffer#PATIENCE} reads' time to record one.
   *
   * @param handedOff whether a patient ring asked for this replay
   */
  private void replayReads(boolean handedOff) {
    int busy = readBuffer.drainTo(onAccess);
    if (busy > 1) {
      ps.quietReplays = 0;
      if (!readersContend) {
        readersContend = true;
      }
    } else if (busy == 1 && readersContend
        && (handedOff || ++ps.quietReplays >= QUIET_REPLAYS)) {
      readersContend = false;
      ps.quietReplays = 0;
    }
  }

  /** For tests: behave as if several threads were reading (until replays show otherwise). */
  void assumeReadersContend() {
    readersContend = true;
  }

  /** For tests: whether replays are handed to the executor (several threads read). */
  boolean readersContend() {
    return readersContend;
  }

  /** For tests: as if a write's drain had found the lock taken. */
  void requireDrain() {
    drainRequired = true;
  }

  /** For tests: whether a drain is pending. */
  boolean drainRequired() {
    return drainRequired;
  }

  private static final int QUIET_REPLAYS = 64;

  /** Replays the read buffer on the policy; runs on the executor. */
  private void drainReads() {
    evictionLock.lock();
    try {
      replayReads(true);
    } finally {
      readDrainScheduled.set(false);
      evictionLock.unlock();
    }
  }

  @Override
  public V get(Object key) {
    return lookup(key, true);
  }

  @Override
  public boolean containsKey(Object key) {
    Node<K, V> n = data.get(key);
    return n != null && !(expiring && hasExpired(n, ticker.read()));
  }

  @Override
  public boolean containsValue(Object value) {
    Objects.requireNonNull(value, "value");
    long now = expiring ? ticker.read() : 0L;
    for (Node<K, V> n : data.values()) {
      if (!(expiring && hasExpired(n, now)) && value.equals(n.value)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public int size() {
    return data.size();
  }

  long estimatedSize() {
    return data.mappingCount();
  }

  @Override
  public boolean isEmpty() {
    return data.isEmpty();
  }

  // =====================================================================================
  // Writes: every change to a key goes through update()
  // =====================================================================================

  /** What one update() did. */
  private static final class Op<K, V> {
    V current; // the live value the remapper saw (null if absent or expired)
    Node<K, V> added;
    Node<K, V> removed;
    V removedValue;
    RemovalCause removedCause;
    Node<K, V> updated;
    boolean weightChanged;
    V replacedValue;
    V newValue;
  }

  /** A remapping: the live value (or null) to a new value, null (remove) or {@link #KEEP}. */
  @FunctionalInterface
  private interface Remapper<K, V> {
    Object apply(K key, V current);
  }

  private int weigh(K key, V value) {
    if (weigher == null) {
      return 1;
    }
    int w = weigher.applyAsInt(key, value);
    if (w < 0) {
      throw new IllegalArgumentException("negative weight " + w + " for key " + key);
    }
    return w;
  }

  @SuppressWarnings("unchecked")
  private Op<K, V> update(K key, Remapper<K, V> fn) {
    Objects.requireNonNull(key, "key");
    Op<K, V> op = new Op<>();
    long now = expiring ? ticker.read() : 0L;
    data.compute(
        key,
        (k, n) -> {
          boolean expired = n != null && expiring && hasExpired(n, now);
          V current = n == null || expired ? null : n.value;
          op.current = current;
          Object r = fn.apply(k, current);
          if (r == KEEP) {
            op.newValue = current;
            return n;
          }
          V nv = (V) r;
          if (nv == null) {
            if (n != null) {
              n.retire();
              op.removed = n;
              op.removedValue = n.value;
              op.removedCause = expired ? RemovalCause.EXPIRED : RemovalCause.REMOVED;
            }
            return null;
          }
          int w = weigh(k, nv);
          op.newValue = nv;
          if (n == null || expired) {
            if (n != null) {
              n.retire();
              op.removed = n;
              op.removedValue = n.value;
              op.removedCause = RemovalCause.EXPIRED;
            }
            Node<K, V> created = new Node<>(k, nv, w, now);
            op.added = created;
            return created;
          }
          op.replacedValue = n.value;
          op.weightChanged = n.weight != w;
          n.value = nv;
          if (op.weightChanged) {
            n.weight = w;
          }
          if (expiring) { // otherwise the times are never read: spare the volatile writes
            n.writeTime = now;
            n.setAccessTime(now);
          }
          op.updated = n;
          return n;
        });
    afterWrite(op);
    return op;
  }

  private void afterWrite(Op<K, V> op) {
    if (op.removed != null) {
      if (policyEnabled) {
        enqueue(REMOVE, op.removed);
      }
      if (op.removedCause == RemovalCause.EXPIRED && stats != null) {
        stats.evictions.increment();
      }
      notify(op.removed.key, op.removedValue, op.removedCause);
    }
    if (op.added != null && policyEnabled) {
      enqueue(ADD, op.added);
    }
    if (op.updated != null) {
      if (policyEnabled) {
        if (op.weightChanged || expireAfterWriteNanos >= 0) {
          enqueue(UPDATE, op.updated);
        } else {
          afterRead(op.updated); // same weight, no write order to keep: for the policy, an access
        }
      }
      if (op.replacedValue != op.newValue) {
        notify(op.updated.key, op.replacedValue, RemovalCause.REPLACED);
      }
    }
  }

  @Override
  public V put(K key, V value) {
    Objects.requireNonNull(value, "value");
    return update(key, (k, cur) -> value).current;
  }

  @Override
  public V putIfAbsent(K key, V value) {
    Objects.requireNonNull(value, "value");
    return update(key, (k, cur) -> cur != null ? KEEP : value).current;
  }

  @Override
  public V remove(Object key) {
    @SuppressWarnings("unchecked")
    K k = (K) Objects.requireNonNull(key, "key");
    return update(k, (kk, cur) -> null).current;
  }

  @Override
  public boolean remove(Object key, Object value) {
    Objects.requireNonNull(key, "key");
    if (value == null) {
      return false;
    }
    @SuppressWarnings("unchecked")
    K k = (K) key;
    Op<K, V> op = update(k, (kk, cur) -> cur != null && cur.equals(value) ? null : KEEP);
    return op.removed != null && op.removedCause == RemovalCause.REMOVED;
  }

  @Override
  public V replace(K key, V value) {
    Objects.requireNonNull(value, "value");
    return update(key, (k, cur) -> cur == null ? KEEP : value).current;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    Objects.requireNonNull(oldValue, "oldValue");
    Objects.requireNonNull(newValue, "newValue");
    return update(key, (k, cur) -> cur != null && cur.equals(oldValue) ? newValue : KEEP)
            .updated
        != null;
  }

  @Override
  public V compute(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
    Objects.requireNonNull(fn, "remappingFunction");
    return update(key, fn::apply).newValue;
  }

  @Override
  public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
    Objects.requireNonNull(fn, "remappingFunction");
    return update(key, (k, cur) -> cur == null ? KEEP : fn.apply(k, cur)).newValue;
  }

  @Override
  public V computeIfAbsent(K key, Function<? super K, ? extends V> fn) {
    Objects.requireNonNull(fn, "mappingFunction");
    V present = lookup(Objects.requireNonNull(key, "key"), false);
    if (present != null) {
      return present;
    }
    return update(
            key,
            (k, cur) -> {
              if (cur != null) {
                return KEEP;
              }
              V v = fn.apply(k);
              return v == null ? KEEP : v;
            })
        .newValue;
  }

  @Override
  public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> fn) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(fn, "remappingFunction");
    return update(key, (k, cur) -> cur == null ? value : fn.apply(cur, value)).newValue;
  }

  @Override
  public void clear() {
    for (K key : data.keySet()) {
      remove(key);
    }
  }

  // =====================================================================================
  // Loads (single flight)
  // =====================================================================================

  /** One in-flight load; waiters park on its latch. */
  static final class Load<V> {
    Thread owner;
    final CountDownLatch done = new CountDownLatch(1);
    volatile V value;
    volatile Throwable failure;

    LoadResult<V> await(long timeoutNanos) throws InterruptedException {
      if (timeoutNanos < 0) {
        done.await();
      } else if (!done.await(timeoutNanos, TimeUnit.NANOSECONDS)) {
        return new LoadTimedOut<>();
      }
      Throwable f = failure;
      return f != null ? new LoadFailed<>(f) : new Loaded<>(value);
    }
  }

  LoadResult<V> load(K key, Function<? super K, ? extends V> loader, long timeoutNanos)
      throws InterruptedException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(loader, "loader");
    V v = lookup(key, false);
    if (v != null) {
      if (stats != null) {
        stats.hits.increment();
      }
      return new Loaded<>(v);
    }
    if (stats != null) {
      stats.misses.increment();
    }
    Thread me = Thread.currentThread();
    Load<V> existing = loads.get(key);
    if (existing == null) {
      Load<V> mine = new Load<>();
      boolean async = timeoutNanos >= 0;
      Thread runner =
          async
              ? Thread.ofVirtual().name("ferrite-cache-load").unstarted(() -> runLoad(key, loader, mine))
              : me;
      mine.owner = runner;
      existing = loads.putIfAbsent(key, mine);
      if (existing == null) {
        if (async) {
          runner.start();
          return mine.await(timeoutNanos);
        }
        runLoad(key, loader, mine);
        return mine.await(-1);
      }
    }
    if (existing.owner == me) {
      throw new IllegalStateException(
          "recursive load of key " + key + ": its loader asked the cache for the same key");
    }
    return existing.await(timeoutNanos);
  }

  private void runLoad(K key, Function<? super K, ? extends V> loader, Load<V> mine) {
    try {
      V present = lookup(key, false);
      if (present != null) {
        mine.value = present; // a load that ended between our miss and our claim
        return;
      }
      long start = System.nanoTime();
      V value;
      try {
        value = loader.apply(key);
        if (value == null) {
          throw new NullPointerException("the loader returned null for key " + key);
        }
      } catch (Throwable t) {
        if (stats != null) {
          stats.loadFailures.increment();
          stats.loadNanos.add(System.nanoTime() - start);
        }
        mine.failure = t;
        return;
      }
      if (stats != null) {
        stats.loads.increment();
        stats.loadNanos.add(System.nanoTime() - start);
      }
      // An explicit write of the key during the load wins; the callers still get the loaded value.
      update(key, (k, cur) -> cur != null ? KEEP : value);
      mine.value = value;
    } finally {
      mine.done.countDown();
      loads.remove(key, mine);
    }
  }

  // =====================================================================================
  // Maintenance
  // =====================================================================================

  private record Task<K, V>(byte kind, Node<K, V> node) {}

  private record Notification<K, V>(K key, V value, RemovalCause cause) {}

  private void enqueue(byte kind, Node<K, V> node) {
    Task<K, V> t = new Task<>(kind, node);
    while (!writeBuffer.offer(t)) {
      // Full: apply the backlog ourselves. This is the only place a writer waits for the lock.
      List<Notification<K, V>> out;
      evictionLock.lock();
      try {
        maintenance();
        out = takePending();
      } finally {
        evictionLock.unlock();
      }
      deliver(out);
    }
    scheduleDrain();
  }

  /** Drains if the lock is free; never waits. */
  void scheduleDrain() {
    drainRequired = true;
    tryDrain();
  }

  private void tryDrain() {
    while (drainRequired && evictionLock.tryLock()) {
      List<Notification<K, V>> out;
      try {
        drainRequired = false;
        maintenance();
        out = takePending();
      } finally {
        evictionLock.unlock();
      }
      deliver(out);
    }
  }

  /** Applies everything recorded so far, waiting for the lock if need be. */
  void cleanUp() {
    if (!policyEnabled) {
      return;
    }
    List<Notification<K, V>> out;
    evictionLock.lock();
    try {
      do {
        drainRequired = false;
        maintenance();
      } while (!writeBuffer.isEmpty());
      out = takePending();
    } finally {
      evictionLock.unlock();
    }
    deliver(out);
  }

  private void maintenance() {
    replayReads(false);
    int budget = writeBuffer.capacity();
    Object t;
    while (budget-- > 0 && (t = writeBuffer.poll()) != null) {
      @SuppressWarnings("unchecked")
      Task<K, V> task = (Task<K, V>) t;
      switch (task.kind()) {
        case ADD -> onAdd(task.node());
        case UPDATE -> onUpdate(task.node());
        default -> onRemove(task.node());
      }
    }
    if (budget < 0) {
      drainRequired = true; // more may be waiting
    }
    if (expiring) {
      expire(ticker.read());
    }
    if (bounded) {
      sketch.ensureCapacity(weigher == null && ps.linkedCount >= maximum / 2 ? maximum : ps.linkedCount);
      evict();
    }
  }

  private List<Notification<K, V>> takePending() {
    if (ps.pending.isEmpty()) {
      return List.of();
    }
    List<Notification<K, V>> out = ps.pending;
    ps.pending = new ArrayList<>();
    return out;
  }

  private void deliver(List<Notification<K, V>> out) {
    for (Notification<K, V> n : out) {
      notify(n.key(), n.value(), n.cause());
    }
  }

  private void notify(K key, V value, RemovalCause cause) {
    if (listener == null) {
      return;
    }
    try {
      listener.onRemoval(key, value, cause);
    } catch (RuntimeException | Error e) {
      LOG.log(System.Logger.Level.WARNING, "removal listener failed for key " + key, e);
    }
  }

  // ---- queues ----

  private void link(byte q, Node<K, V> n) {
    n.queue = q;
    n.next = null;
    Node<K, V> t = tails[q];
    n.prev = t;
    if (t == null) {
      heads[q] = n;
    } else {
      t.next = n;
    }
    tails[q] = n;
  }

  private void unlink(Node<K, V> n) {
    byte q = n.queue;
    Node<K, V> p = n.prev;
    Node<K, V> nx = n.next;
    if (p == null) {
      heads[q] = nx;
    } else {
      p.next = nx;
    }
    if (nx == null) {
      tails[q] = p;
    } else {
      nx.prev = p;
    }
    n.prev = null;
    n.next = null;
    n.queue = Node.NONE;
  }

  private void moveToTail(Node<K, V> n) {
    if (tails[n.queue] != n) {
      byte q = n.queue;
      unlink(n);
      link(q, n);
    }
  }

  private void linkWrite(Node<K, V> n) {
    n.inWriteQueue = true;
    n.writeNext = null;
    n.writePrev = ps.writeTail;
    if (ps.writeTail == null) {
      ps.writeHead = n;
    } else {
      ps.writeTail.writeNext = n;
    }
    ps.writeTail = n;
  }

  private void unlinkWrite(Node<K, V> n) {
    Node<K, V> p = n.writePrev;
    Node<K, V> nx = n.writeNext;
    if (p == null) {
      ps.writeHead = nx;
    } else {
      p.writeNext = nx;
    }
    if (nx == null) {
      ps.writeTail = p;
    } else {
      nx.writePrev = p;
    }
    n.writePrev = null;
    n.writeNext = null;
    n.inWriteQueue = false;
  }

  // ---- policy events ----

  private void onAdd(Node<K, V> n) {
    if (n.queue != Node.NONE || n.isRetired()) {
      return;
    }
    int w = n.weight;
    n.policyWeight = w;
    n.sketchHash = FrequencySketch.spread(n.key.hashCode());
    link(Node.WINDOW, n);
    ps.windowWeight += w;
    ps.weightedSize += w;
    ps.linkedCount++;
    if (expireAfterWriteNanos >= 0) {
      linkWrite(n);
    }
    if (bounded) {
      sketch.increment(n.sketchHash);
    }
  }

  private void onAccess(Node<K, V> n) {
    if (n.queue == Node.NONE) {
      return;
    }
    if (bounded) {
      sketch.increment(n.sketchHash);
    }
    if (n.queue == Node.PROBATION && bounded) {
      unlink(n);
      link(Node.PROTECTED, n);
      ps.protectedWeight += n.policyWeight;
      demoteProtected();
    } else {
      moveToTail(n);
    }
  }

  private void demoteProtected() {
    while (ps.protectedWeight > protectedMax) {
      Node<K, V> d = heads[Node.PROTECTED];
      if (d == null) {
        break;
      }
      unlink(d);
      ps.protectedWeight -= d.policyWeight;
      link(Node.PROBATION, d);
    }
  }

  private void onUpdate(Node<K, V> n) {
    if (n.queue == Node.NONE) {
      return;
    }
    int w = n.weight;
    int delta = w - n.policyWeight;
    n.policyWeight = w;
    ps.weightedSize += delta;
    if (n.queue == Node.WINDOW) {
      ps.windowWeight += delta;
    } else if (n.queue == Node.PROTECTED) {
      ps.protectedWeight += delta;
    }
    onAccess(n);
    if (n.inWriteQueue) {
      unlinkWrite(n);
      linkWrite(n);
    }
  }

  private void onRemove(Node<K, V> n) {
    if (n.queue != Node.NONE) {
      if (n.queue == Node.WINDOW) {
        ps.windowWeight -= n.policyWeight;
      } else if (n.queue == Node.PROTECTED) {
        ps.protectedWeight -= n.policyWeight;
      }
      ps.weightedSize -= n.policyWeight;
      ps.linkedCount--;
      unlink(n);
    }
    if (n.inWriteQueue) {
      unlinkWrite(n);
    }
  }

  /**
   * Removes {@code n} from the map for {@code cause} if it is still there (and, for EXPIRED,
   * still expired), then from the policy. Returns false only when the node stays (refreshed).
   */
  private boolean evictNode(Node<K, V> n, RemovalCause cause, long now) {
    boolean[] removed = new boolean[1];
    data.computeIfPresent(
        n.key,
        (k, cur) -> {
          if (cur != n) {
            return cur;
          }
          if (cause == RemovalCause.EXPIRED && !hasExpired(n, now)) {
            return cur;
          }
          removed[0] = true;
          n.retire();
          return null;
        });
    if (removed[0]) {
      onRemove(n);
      if (stats != null) {
        stats.evictions.increment();
      }
      if (listener != null) {
        ps.pending.add(new Notification<>(n.key, n.value, cause));
      }
      return true;
    }
    if (data.get(n.key) != n) {
      onRemove(n); // removed by another thread whose REMOVE task is still on its way
      return true;
    }
    return false;
  }

  private void expire(long now) {
    if (expireAfterAccessNanos >= 0) {
      for (byte q = Node.WINDOW; q <= Node.PROTECTED; q++) {
        Node<K, V> n;
        while ((n = heads[q]) != null && hasExpired(n, now)) {
          if (!evictNode(n, RemovalCause.EXPIRED, now)) {
            break;
          }
        }
      }
    }
    if (expireAfterWriteNanos >= 0) {
      Node<K, V> n;
      while ((n = ps.writeHead) != null && now - n.writeTime >= expireAfterWriteNanos) {
        if (!evictNode(n, RemovalCause.EXPIRED, now)) {
          break;
        }
      }
    }
  }

  private void evict() {
    if (ps.weightedSize <= maximum && ps.windowWeight <= windowMax) {
      return;
    }
    Node<K, V> first = null;
    while (ps.windowWeight > windowMax) {
      Node<K, V> n = heads[Node.WINDOW];
      if (n == null) {
        break;
      }
      unlink(n);
      ps.windowWeight -= n.policyWeight;
      link(Node.PROBATION, n);
      if (first == null) {
        first = n;
      }
    }
    Node<K, V> candidate = first;
    Node<K, V> victim = heads[Node.PROBATION];
    while (ps.weightedSize > maximum) {
      if (victim == candidate) {
        victim = null; // every older probation entry is gone: the candidates duel no one
      }
      if (victim == null && candidate == null) {
        Node<K, V> n = heads[Node.PROBATION];
        if (n == null) {
          n = heads[Node.PROTECTED];
        }
        if (n == null) {
          n = heads[Node.WINDOW];
        }
        if (n == null) {
          break;
        }
        evictNode(n, RemovalCause.EVICTED, 0L);
        continue;
      }
      Node<K, V> loser;
      if (victim == null) {
        loser = candidate;
      } else if (candidate == null) {
        loser = victim;
      } else if (candidate.policyWeight > maximum) {
        loser = candidate;
      } else {
        loser = admit(candidate, victim) ? victim : candidate;
      }
      if (loser == victim) {
        victim = victim.next;
      } else {
        candidate = candidate.next;
      }
      evictNode(loser, RemovalCause.EVICTED, 0L);
    }
  }

  private boolean admit(Node<K, V> candidate, Node<K, V> victim) {
    int vf = sketch.frequency(victim.sketchHash);
    int cf = sketch.frequency(candidate.sketchHash);
    if (cf > vf) {
      return true;
    }
    if (cf >= 6) {
      int r = ps.random;
      r ^= r << 13;
      r ^= r >>> 17;
      r ^= r << 5;
      ps.random = r;
      return (r & 127) == 0;
    }
    return false;
  }

  /** For tests: the policy's weighted size, after a cleanUp. */
  long policyWeightedSize() {
    evictionLock.lock();
    try {
      return ps.weightedSize;
    } finally {
      evictionLock.unlock();
    }
  }

  // =====================================================================================
  // Statistics
  // =====================================================================================

  private static final class Stats {
    final StripedCounter hits = new StripedCounter();
    final StripedCounter misses = new StripedCounter();
    final StripedCounter loads = new StripedCounter();
    final StripedCounter loadFailures = new StripedCounter();
    final StripedCounter evictions = new StripedCounter();
    final StripedCounter loadNanos = new StripedCounter();
  }

  CacheStats stats() {
    Stats s = stats;
    if (s == null) {
      return new CacheStats(0, 0, 0, 0, 0, 0);
    }
    return new CacheStats(
        s.hits.sum(),
        s.misses.sum(),
        s.loads.sum(),
        s.loadFailures.sum(),
        s.evictions.sum(),
        s.loadNanos.sum());
  }

  // =====================================================================================
  // Views
  // =====================================================================================

  /** Iterates over the live entries; weakly consistent, like ConcurrentHashMap's iterators. */
  private final class EntryIterator implements Iterator<Map.Entry<K, V>> {
    private final Iterator<Node<K, V>> it = data.values().iterator();
    private final long now = expiring ? ticker.read() : 0L;
    private Entry next;
    private Entry last;

    @Override
    public boolean hasNext() {
      while (next == null && it.hasNext()) {
        Node<K, V> n = it.next();
        V v = n.value;
        if (!(expiring && hasExpired(n, now))) {
          next = new Entry(n.key, v);
        }
      }
      return next != null;
    }

    @Override
    public Map.Entry<K, V> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      last = next;
      next = null;
      return last;
    }

    @Override
    public void remove() {
      if (last == null) {
        throw new IllegalStateException();
      }
      LocalCache.this.remove(last.getKey());
      last = null;
    }
  }

  /** A write-through entry: setValue puts into the cache. */
  private final class Entry extends AbstractMap.SimpleEntry<K, V> {
    private static final long serialVersionUID = 1L;

    Entry(K key, V value) {
      super(key, value);
    }

    @Override
    public V setValue(V value) {
      Objects.requireNonNull(value, "value");
      V old = super.setValue(value);
      LocalCache.this.put(getKey(), value);
      return old;
    }
  }

  private Set<Map.Entry<K, V>> entrySet;
  private Set<K> keySet;
  private Collection<V> values;

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    Set<Map.Entry<K, V>> es = entrySet;
    if (es == null) {
      es = entrySet = new EntrySet();
    }
    return es;
  }

  @Override
  public Set<K> keySet() {
    Set<K> ks = keySet;
    if (ks == null) {
      ks = keySet = new KeySet();
    }
    return ks;
  }

  @Override
  public Collection<V> values() {
    Collection<V> vs = values;
    if (vs == null) {
      vs = values = new Values();
    }
    return vs;
  }

  private final class EntrySet extends AbstractSet<Map.Entry<K, V>> {
    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
      return new EntryIterator();
    }

    @Override
    public int size() {
      return LocalCache.this.size();
    }

    @Override
    public boolean isEmpty() {
      return LocalCache.this.isEmpty();
    }

    @Override
    public void clear() {
      LocalCache.this.clear();
    }

    @Override
    public boolean contains(Object o) {
      if (!(o instanceof Map.Entry<?, ?> e) || e.getKey() == null || e.getValue() == null) {
        return false;
      }
      Node<K, V> n = data.get(e.getKey());
      return n != null
          && !(expiring && hasExpired(n, ticker.read()))
          && e.getValue().equals(n.value);
    }

    @Override
    public boolean remove(Object o) {
      if (!(o instanceof Map.Entry<?, ?> e) || e.getKey() == null) {
        return false;
      }
      return LocalCache.this.remove(e.getKey(), e.getValue());
    }
  }

  private final class KeySet extends AbstractSet<K> {
    @Override
    public Iterator<K> iterator() {
      Iterator<Map.Entry<K, V>> it = new EntryIterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public K next() {
          return it.next().getKey();
        }

        @Override
        public void remove() {
          it.remove();
        }
      };
    }

    @Override
    public int size() {
      return LocalCache.this.size();
    }

    @Override
    public boolean isEmpty() {
      return LocalCache.this.isEmpty();
    }

    @Override
    public void clear() {
      LocalCache.this.clear();
    }

    @Override
    public boolean contains(Object o) {
      return LocalCache.this.containsKey(o);
    }

    @Override
    public boolean remove(Object o) {
      return LocalCache.this.remove(o) != null;
    }
  }

  private final class Values extends AbstractCollection<V> {
    @Override
    public Iterator<V> iterator() {
      Iterator<Map.Entry<K, V>> it = new EntryIterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public V next() {
          return it.next().getValue();
        }

        @Override
        public void remove() {
          it.remove();
        }
      };
    }

    @Override
    public int size() {
      return LocalCache.this.size();
    }

    @Override
    public boolean isEmpty() {
      return LocalCache.this.isEmpty();
    }

    @Override
    public void clear() {
      LocalCache.this.clear();
    }

    @Override
    public boolean contains(Object o) {
      return LocalCache.this.containsValue(o);
    }
  }
}
