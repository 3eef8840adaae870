package dev.ferrite.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The lossy, striped buffer of reads waiting to be replayed on the eviction policy (BP-Wrapper,
 * Ding et al. 2009; Caffeine's striped ring buffers). Readers never wait: a reader picks a stripe
 * by a hash of its thread id and a salt, claims a slot with one CAS and publishes the node; if
 * the stripe is full or the CAS loses a race, the read is simply not recorded (the policy loses a
 * little recency information, never correctness). A lost CAS means another thread shares the
 * stripe, so it also changes the salt, re-dealing threads to stripes (Caffeine rehashes a
 * per-thread probe instead, which needs a JDK-private field); a full stripe costs two loads (and,
 * for a patient offer, one store). One consumer (the holder of the eviction lock) drains, and
 * reports how many stripes held reads: the cache's hint that several threads are reading.
 *
 * <p>A <i>patient</i> offer (while several threads read; why: the cache's essay) reports a full
 * stripe only once per {@value #PATIENCE} reads it dropped. The count is one plain store to the
 * stripe's tail line, which its reader writes anyway when it records; two readers that share a
 * full stripe both write it (no CAS fails on a full stripe, so they are re-dealt only after the
 * next replay empties it).
 */
final class ReadBuffer<K, V> {
  static final int STRIPE_SIZE = 16;
  private static final int STRIPE_MASK = STRIPE_SIZE - 1;

  /**
   * Dropped reads after which a patient offer to a full stripe reports it {@link #FULL}: at about
   * 30 ns a read, one replay hand-off per ~0.5 ms of a thread's reading, which keeps the hand-off
   * (measured at 50 to 100 us of CPU here, see the cache's essay) to a few nanoseconds a read.
   */
  static final int PATIENCE = 1 << 14;

  /** Outcomes of {@link #offer}: the read was recorded. */
  static final int SUCCESS = 0;
  /** The stripe is full (the read was dropped, or filled it): a replay is due. */
  static final int FULL = 1;
  /** Lost the CAS to another thread: the read was dropped; threads were re-dealt to stripes. */
  static final int FAILED = 2;
  /**
   * The stripe is full and a patient reader does not ask for a replay yet: the read was dropped
   * (or it filled the stripe; either way it counts towards the patience).
   */
  static final int DEFERRED = 3;

  private final Stripe[] stripes;
  private final int stripeMask;

  ReadBuffer() {
    int cpus = Runtime.getRuntime().availableProcessors();
    int n = Integer.highestOneBit(Math.max(1, cpus) * 4 - 1) << 1;
    stripes = new Stripe[n];
    for (int i = 0; i < n; i++) {
      stripes[i] = new Stripe();
    }
    stripeMask = n - 1;
  }

  /**
   * Re-deals threads to stripes when two of them collide (see {@link #offer}); racy writes are
   * harmless, and once the threads are spread it is only read.
   */
  private int salt;

  /**
   * Records a read, never waiting.
   *
   * @param patient whether a full stripe reports {@link #FULL} only once per {@link #PATIENCE}
   *     reads it dropped (else {@link #DEFERRED}); otherwise it reports every read it drops
   * @return {@link #SUCCESS}, {@link #FULL}, {@link #FAILED} or {@link #DEFERRED}
   */
  int offer(Node<K, V> node, boolean patient) {
    Stripe s = stripes[index()];
    int r = s.offer(node);
    if (r == FAILED) {
      salt += 0x9E3779B9; // another thread shares this stripe: re-deal every thread
    } else if (r == FULL && patient && ++s.dropped < PATIENCE) {
      return DEFERRED; // racy count: two readers sharing the stripe may lose an increment
    } else if (r == FULL) {
      s.dropped = 0;
    }
    return r;
  }

  private int index() {
    long h = Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L + salt;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return (int) h & stripeMask;
  }

  /**
   * Replays every published read; only the eviction lock's holder may call this.
   *
   * @return how many stripes held reads (two or more: several threads are reading)
   */
  @SuppressWarnings("unchecked")
  int drainTo(Consumer<Node<K, V>> consumer) {
    int busy = 0;
    for (Stripe s : stripes) {
      if (s.drainTo((Consumer<Object>) (Consumer<?>) consumer)) {
        busy++;
      }
    }
    return busy;
  }

  /**
   * The int fills the 4-byte gap after the object header, where HotSpot would otherwise put the
   * stripe's {@code slots} reference: on the line of whatever precedes the stripe, which is the
   * previous stripe's ring, written by another reader on every read.
   */
  abstract static class Pad0 {
    int gap;
    long p00, p01, p02, p03, p04, p05, p06, p07;
  }

  abstract static class Head extends Pad0 {
    volatile long head;
  }

  abstract static class Pad1 extends Head {
    long p10, p11, p12, p13, p14, p15, p16, p17;
  }

  abstract static class Tail extends Pad1 {
    volatile long tail;
    /** Full reports held back since the last one (see {@link ReadBuffer#offer}); its readers' own. */
    int dropped;
  }

  abstract static class Pad2 extends Tail {
    long p20, p21, p22, p23, p24, p25, p26, p27;
  }

  static final class Stripe extends Pad2 {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
      try {
        MethodHandles.Lookup l = MethodHandles.lookup();
        HEAD = l.findVarHandle(Head.class, "head", long.class);
        TAIL = l.findVarHandle(Tail.class, "tail", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    final Object[] slots = new Object[STRIPE_SIZE];

    int offer(Object node) {
      long h = (long) HEAD.getAcquire(this);
      long t = (long) TAIL.getAcquire(this);
      long used = t - h;
      if (used >= STRIPE_SIZE) {
        return FULL;
      }
      if (TAIL.compareAndSet(this, t, t + 1)) {
        SLOT.setRelease(slots, (int) t & STRIPE_MASK, node);
        return used + 1 >= STRIPE_SIZE ? FULL : SUCCESS;
      }
      return FAILED;
    }

    /** Returns whether the stripe held any read. */
    boolean drainTo(Consumer<Object> consumer) {
      long h = (long) HEAD.getOpaque(this);
      long t = (long) TAIL.getAcquire(this);
      if (h == t) {
        return false;
      }
      for (; h < t; h++) {
        int i = (int) h & STRIPE_MASK;
        Object n = SLOT.getAcquire(slots, i);
        if (n == null) {
          break; // claimed, not yet published: the next drain takes it
        }
        SLOT.setOpaque(slots, i, null);
        consumer.accept(n);
      }
      HEAD.setRelease(this, h);
      return true;
    }
  }
}
