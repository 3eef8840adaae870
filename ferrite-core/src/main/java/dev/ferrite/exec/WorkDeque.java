package dev.ferrite.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A work-stealing deque: one owner thread pushes and pops at the bottom (LIFO), any number of
 * thieves steal from the top (FIFO). Not a general-purpose deque: {@link #push} and {@link #pop}
 * must only ever be called by one thread at a time (the owner; the pool guarantees it, tests
 * serialise them), {@link #steal} and the queries by any thread.
 *
 * <p>Elements are non-null. Every pushed element is returned exactly once, by {@code pop} or by
 * {@code steal}. The array grows (doubling) when a push finds it full and never shrinks. An
 * object may be pushed again only after it was taken and its taker has returned from
 * {@code pop} or {@code steal} (a thief clears the slot it took by a compare-and-set from that
 * very object); the pool's tasks, pushed once or reused only after they completed, satisfy this.
 *
 * @param <E> the element type
 */
final class WorkDeque<E> {
  /*
   * Implementation overview
   *
   * The Chase-Lev deque (D. Chase and Y. Lev, "Dynamic Circular Work-Stealing Deque", SPAA 2005)
   * with the memory orderings of N. M. Le, A. Pop, A. Cohen and F. Zappa Nardelli, "Correct and
   * Efficient Work-Stealing for Weak Memory Models" (PPoPP 2013), Figure 1, which proves which
   * accesses need which C11 ordering. VarHandle access modes are defined to match C11's
   * (plain/opaque ~ relaxed, getAcquire/setRelease, fullFence ~ seq_cst fence), so the mapping
   * below is one-to-one.
   *
   * State: two ever-increasing indices, `top` (next index to steal; only ever CASed upwards) and
   * `bottom` (next index to push; written by the owner alone), and a circular array of a power of
   * two length holding the elements of indices [top, bottom) at index & mask. An index is
   * consumed exactly once: a thief consumes `top` by CASing it to top + 1; the owner consumes
   * bottom - 1 by lowering `bottom`, and when that is also the last element (top == bottom - 1)
   * it must win the same CAS on `top` that thieves race for.
   *
   * push (owner): store the element (plain), then publish it by a release store of bottom + 1.
   *   A thief that reads the new bottom with acquire semantics sees the element and everything
   *   the owner wrote before pushing it (the task's captured state). No fence, no CAS.
   *
   * pop (owner): lower bottom first (opaque store), then a full fence, then read top. The fence
   *   is the one place the owner pays: it orders "I claimed bottom - 1" before "I look at what
   *   thieves claimed", the Dekker pattern with the thief's fence below; without it both could
   *   take the last element (a store-load reordering, allowed even on x86). If top < new bottom
   *   the element is the owner's without any CAS; if top == new bottom it is the last element and
   *   the owner CASes top like a thief; if top > new bottom the deque was empty and bottom is
   *   restored.
   *
   * steal (thief): read top (acquire), full fence, read bottom (acquire); if top < bottom, read
   *   the array (acquire, so a thief that saw a bottom published after a resize sees the new
   *   array) and the element, then CAS top. A failed CAS means someone else consumed that index;
   *   the thief retries (so steal() reports "empty" only when it saw the deque empty, which keeps
   *   it linearizable against a sequential deque). An element read from a stale slot is harmless:
   *   the slot of index t is only rewritten once top > t, and then the CAS fails.
   *
   * Growth: when a push finds the array full, the owner copies [top, bottom) into an array twice
   *   as large and publishes it with a release store; the old array is left intact, so a thief
   *   still reading it reads valid elements (the garbage collector reclaims it once no thief holds
   *   it: the reclamation problem that the paper's C implementation has does not arise).
   *
   * Clearing: the owner nulls the slot it pops; a thief nulls the slot it stole by a CAS from the
   *   element it took to null, which fails harmlessly if the owner already reused the slot. So
   *   consumed tasks (which may hold large captured state) are not kept reachable by the array.
   *
   * Cache layout: `top` (written by thieves) and `bottom` (written by the owner) are on separate
   *   cache lines, padded by the class hierarchy below, so pushes do not slow thieves and the
   *   reverse.
   */

  /** The initial capacity; a power of two. */
  static final int INITIAL_CAPACITY = 1 << 6;

  /** The largest capacity: beyond it a push throws. */
  static final int MAX_CAPACITY = 1 << 30;

  private final Indices idx = new Indices();

  /** Creates an empty deque of the initial capacity. */
  WorkDeque() {
    this(INITIAL_CAPACITY);
  }

  /** Creates an empty deque; {@code capacity} is rounded up to a power of two (white-box tests). */
  WorkDeque(int capacity) {
    int c = capacity <= 2 ? 2 : Integer.highestOneBit(capacity - 1) << 1;
    idx.array = new Object[c];
  }

  /**
   * Pushes {@code e} at the bottom. Owner only.
   *
   * @return true if the deque looked empty before the push: the owner's cue to wake an idle
   *     worker. It is judged from the owner's possibly stale view of top, so only a heuristic
   * @throws IllegalStateException if the deque already holds {@link #MAX_CAPACITY} elements
   */
  boolean push(E e) {
    Indices x = idx;
    long b = (long) BOTTOM.get(x);
    long t = (long) TOP.getAcquire(x);
    Object[] a = (Object[]) ARRAY.get(x);
    if (b - t > a.length - 1) {
      a = grow(a, t, b);
    }
    a[(int) b & (a.length - 1)] = e;
    BOTTOM.setRelease(x, b + 1);
    return b <= t;
  }

  private Object[] grow(Object[] a, long t, long b) {
    int n = a.length;
    if (n >= MAX_CAPACITY) {
      throw new IllegalStateException("work deque full: " + n + " tasks");
    }
    Object[] g = new Object[n << 1];
    int om = n - 1;
    int nm = g.length - 1;
    for (long i = t; i < b; i++) {
      g[(int) i & nm] = a[(int) i & om];
    }
    ARRAY.setRelease(idx, g);
    return g;
  }

  /**
   * Takes the most recently pushed element. Owner only.
   *
   * @return the element, or null if the deque is empty (or a thief took the last one)
   */
  @SuppressWarnings("unchecked")
  E pop() {
    Indices x = idx;
    long b = (long) BOTTOM.get(x) - 1;
    Object[] a = (Object[]) ARRAY.get(x);
    BOTTOM.setOpaque(x, b);
    VarHandle.fullFence();
    long t = (long) TOP.getOpaque(x);
    if (t > b) { // empty: restore
      BOTTOM.setOpaque(x, b + 1);
      return null;
    }
    int i = (int) b & (a.length - 1);
    Object e = a[i];
    if (t == b) { // the last element: race the thieves for it
      boolean won = TOP.compareAndSet(x, t, t + 1);
      BOTTOM.setOpaque(x, b + 1);
      if (!won) {
        return null;
      }
    }
    a[i] = null;
    return (E) e;
  }

  /**
   * Takes the least recently pushed element. Any thread; retries when it loses a race with
   * another taker, so it returns null only if it saw the deque empty.
   *
   * @return the element, or null if the deque was empty
   */
  E steal() {
    for (;;) {
      Object e = trySteal();
      if (e != LOST) {
        @SuppressWarnings("unchecked")
        E r = (E) e;
        return r;
      }
    }
  }

  /** Returned by {@link #trySteal()} when another taker won the race for the top element. */
  static final Object LOST = new Object();

  /**
   * One attempt to take the least recently pushed element. Any thread.
   *
   * @return the element; null if the deque was empty; {@link #LOST} if another thread took the
   *     top element first (the deque may still hold others)
   */
  Object trySteal() {
    Indices x = idx;
    long t = (long) TOP.getAcquire(x);
    VarHandle.fullFence();
    long b = (long) BOTTOM.getAcquire(x);
    if (t >= b) {
      return null;
    }
    Object[] a = (Object[]) ARRAY.getAcquire(x);
    int i = (int) t & (a.length - 1);
    Object e = SLOT.getAcquire(a, i);
    if (e == null || !TOP.compareAndSet(x, t, t + 1)) {
      return LOST; // null: the slot was already cleared by whoever took index t
    }
    SLOT.compareAndSet(a, i, e, null);
    return e;
  }

  /** {@return true if the deque looked empty; a snapshot, exact only for the owner} */
  boolean isEmpty() {
    Indices x = idx;
    long t = (long) TOP.getAcquire(x);
    long b = (long) BOTTOM.getAcquire(x);
    return b <= t;
  }

  /** {@return the number of elements it held at some recent moment; a snapshot} */
  int size() {
    Indices x = idx;
    long t = (long) TOP.getAcquire(x);
    long b = (long) BOTTOM.getAcquire(x);
    return (int) Math.max(0L, b - t);
  }

  /** {@return the current array length: for white-box tests} */
  int capacity() {
    return ((Object[]) ARRAY.getAcquire(idx)).length;
  }

  // ---- layout: top and bottom on separate cache lines ----

  abstract static class Pad0 {
    long p00, p01, p02, p03, p04, p05, p06, p07;
  }

  /** Written by thieves (and by the owner taking the last element). */
  abstract static class Top extends Pad0 {
    volatile long top;
  }

  abstract static class Pad1 extends Top {
    long p10, p11, p12, p13, p14, p15, p16, p17;
  }

  /** Written by the owner alone. */
  static final class Indices extends Pad1 {
    volatile long bottom;
    volatile Object[] array;
    long p20, p21, p22, p23, p24, p25, p26;
  }

  private static final VarHandle TOP;
  private static final VarHandle BOTTOM;
  private static final VarHandle ARRAY;
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      TOP = l.findVarHandle(Top.class, "top", long.class);
      BOTTOM = l.findVarHandle(Indices.class, "bottom", long.class);
      ARRAY = l.findVarHandle(Indices.class, "array", Object[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
