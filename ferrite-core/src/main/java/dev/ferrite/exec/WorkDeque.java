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
 * {@code steal}. Each element carries an int <i>tag</i> chosen by the owner (the pool uses it for
 * the nesting depth of a join), handed to whoever takes it. The array grows (doubling) when a
 * push finds it full and never shrinks.
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
   * `bottom` (next index to push; written by the owner alone), and a circular buffer of a power
   * of two length holding the elements of indices [top, bottom) at index & mask, with their tags
   * in a parallel int array. An index is consumed exactly once: a thief consumes `top` by CASing
   * it to top + 1; the owner consumes bottom - 1 by lowering `bottom`, and when that is also the
   * last element (top == bottom - 1) it must win the same CAS on `top` that thieves race for.
   *
   * push (owner): store the element and its tag (plain), then publish them by a release store of
   *   bottom + 1. A thief that reads the new bottom with acquire semantics sees them, and
   *   everything the owner wrote before pushing (the task's captured state). No fence, no CAS.
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
   *   the buffer (acquire, so a thief that saw a bottom published after a resize sees the new
   *   buffer), the element and its tag, then CAS top. A failed CAS means someone else consumed
   *   that index (steal() then retries, so it reports "empty" only when it saw the deque empty,
   *   which keeps it linearizable against a sequential deque). Values read from a stale slot are
   *   harmless: the slot of index t is only rewritten once top > t, and then the CAS fails.
   *
   * Growth: when a push finds the buffer full, the owner copies [top, bottom) into one twice as
   *   large and publishes it with a release store; the old buffer is left intact, so a thief
   *   still reading it reads valid elements (the garbage collector reclaims it once no thief holds
   *   it: the reclamation problem of the paper's C implementation does not arise).
   *
   * Clearing: consumed tasks may hold large captured state, so the buffer must not keep them
   *   reachable. The owner nulls the slot it pops. A thief does not touch the slot it stole (a
   *   store there could race with the owner reusing it); instead, whenever the owner finds its
   *   deque empty, it nulls the slots of the indices thieves consumed since it last did
   *   ([cleared, top), at most one buffer's worth): those slots are dead, since any thief still
   *   reading one holds an index below top and will fail its CAS. Null stores need no GC barrier.
   *
   * Cache layout: `top` (written by thieves) and `bottom` (written by the owner) are on separate
   *   cache lines, padded by the class hierarchy below, so pushes do not slow thieves and the
   *   reverse.
   */

  /** The initial capacity; a power of two. */
  static final int INITIAL_CAPACITY = 1 << 6;

  /** The largest capacity: beyond it a push throws. */
  static final int MAX_CAPACITY = 1 << 30;

  /** Returned by {@link #trySteal} when another taker won the race for the top element. */
  static final Object LOST = new Object();

  private final Indices idx = new Indices();

  /** Creates an empty deque of the initial capacity. */
  WorkDeque() {
    this(INITIAL_CAPACITY);
  }

  /** Creates an empty deque; {@code capacity} is rounded up to a power of two (white-box tests). */
  WorkDeque(int capacity) {
    int c = capacity <= 2 ? 2 : Integer.highestOneBit(capacity - 1) << 1;
    idx.buffer = new Buffer(c);
  }

  /** The elements and their tags; replaced whole when the deque grows. */
  static final class Buffer {
    final Object[] tasks;
    final int[] tags;
    final int mask;

    Buffer(int capacity) {
      tasks = new Object[capacity];
      tags = new int[capacity];
      mask = capacity - 1;
    }
  }

  /**
   * Pushes {@code e} with tag -1. Owner only.
   *
   * @return see {@link #push(Object, int)}
   */
  boolean push(E e) {
    return push(e, -1);
  }

  /**
   * Pushes {@code e} at the bottom. Owner only.
   *
   * @param tag a value handed to whoever takes {@code e}
   * @return true if the deque looked empty before the push: the owner's cue to wake an idle
   *     worker. It is judged from the owner's possibly stale view of top, so only a heuristic
   * @throws IllegalStateException if the deque already holds {@link #MAX_CAPACITY} elements
   */
  boolean push(E e, int tag) {
    Indices x = idx;
    long b = (long) BOTTOM.get(x);
    long t = (long) TOP.getAcquire(x);
    Buffer a = (Buffer) BUFFER.get(x);
    if (b - t > a.mask) {
      a = grow(a, t, b);
    }
    int i = (int) b & a.mask;
    a.tasks[i] = e;
    a.tags[i] = tag;
    BOTTOM.setRelease(x, b + 1);
    return b <= t;
  }

  private Buffer grow(Buffer a, long t, long b) {
    int n = a.tasks.length;
    if (n >= MAX_CAPACITY) {
      throw new IllegalStateException("work deque full: " + n + " tasks");
    }
    Buffer g = new Buffer(n << 1);
    for (long i = t; i < b; i++) {
      g.tasks[(int) i & g.mask] = a.tasks[(int) i & a.mask];
      g.tags[(int) i & g.mask] = a.tags[(int) i & a.mask];
    }
    BUFFER.setRelease(idx, g);
    return g;
  }

  /**
   * Takes the most recently pushed element. Owner only. Its tag is then in {@link #poppedTag()}.
   *
   * @return the element, or null if the deque is empty (or a thief took the last one)
   */
  @SuppressWarnings("unchecked")
  E pop() {
    Indices x = idx;
    long b = (long) BOTTOM.get(x) - 1;
    Buffer a = (Buffer) BUFFER.get(x);
    BOTTOM.setOpaque(x, b);
    VarHandle.fullFence();
    long t = (long) TOP.getOpaque(x);
    if (t > b) { // empty: restore
      BOTTOM.setOpaque(x, b + 1);
      clearStolen(a, t);
      return null;
    }
    int i = (int) b & a.mask;
    Object e = a.tasks[i];
    if (t == b) { // the last element: race the thieves for it
      boolean won = TOP.compareAndSet(x, t, t + 1);
      BOTTOM.setOpaque(x, b + 1);
      if (!won) {
        clearStolen(a, t + 1);
        return null;
      }
    }
    a.tasks[i] = null;
    x.poppedTag = a.tags[i];
    return (E) e;
  }

  /** {@return the tag of the element the last successful {@link #pop()} returned} Owner only. */
  int poppedTag() {
    return idx.poppedTag;
  }

  /**
   * Nulls the slots of indices below {@code top} that thieves consumed. Owner only, and only
   * when the deque is empty: then no live index shares a slot with them.
   */
  private void clearStolen(Buffer a, long top) {
    Indices x = idx;
    long from = Math.max(x.cleared, top - a.tasks.length);
    for (long i = from; i < top; i++) {
      a.tasks[(int) i & a.mask] = null;
    }
    x.cleared = top;
  }

  /**
   * Takes the least recently pushed element. Any thread; retries when it loses a race with
   * another taker, so it returns null only if it saw the deque empty.
   *
   * @param tag where to put the element's tag ({@code tag[0]}); may be null
   * @return the element, or null if the deque was empty
   */
  E steal(int[] tag) {
    for (;;) {
      Object e = trySteal(tag);
      if (e != LOST) {
        @SuppressWarnings("unchecked")
        E r = (E) e;
        return r;
      }
    }
  }

  /** {@link #steal(int[])} without the tag. */
  E steal() {
    return steal(null);
  }

  /**
   * One attempt to take the least recently pushed element. Any thread.
   *
   * @param tag where to put the element's tag ({@code tag[0]}); may be null
   * @return the element; null if the deque was empty; {@link #LOST} if another thread took the
   *     top element first (the deque may still hold others)
   */
  Object trySteal(int[] tag) {
    Indices x = idx;
    long t = (long) TOP.getAcquire(x);
    VarHandle.fullFence();
    long b = (long) BOTTOM.getAcquire(x);
    if (t >= b) {
      return null;
    }
    Buffer a = (Buffer) BUFFER.getAcquire(x);
    int i = (int) t & a.mask;
    Object e = a.tasks[i];
    int g = a.tags[i];
    if (e == null || !TOP.compareAndSet(x, t, t + 1)) {
      return LOST; // null: a slot the owner already cleared, so index t is taken
    }
    if (tag != null) {
      tag[0] = g;
    }
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

  /** {@return the current capacity: for white-box tests} */
  int capacity() {
    return ((Buffer) BUFFER.getAcquire(idx)).tasks.length;
  }

  /** {@return the buffer's slots, live and dead: for white-box tests} Owner only. */
  Object[] slots() {
    return ((Buffer) BUFFER.getAcquire(idx)).tasks.clone();
  }

  // ---- layout: top and bottom on separate cache lines ----

  /** The int fills the header gap, where HotSpot would otherwise put {@code poppedTag}. */
  abstract static class Pad0 {
    int gap;
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
  abstract static class Bottom extends Pad1 {
    volatile long bottom;
    volatile Buffer buffer;
    /** Owner only: slots of indices below this were cleared. */
    long cleared;
    /** Owner only: the tag of the last popped element. */
    int poppedTag;
  }

  /** The padding after the owner's fields, in a subclass so it stays after them. */
  static final class Indices extends Bottom {
    long p20, p21, p22, p23, p24, p25, p26, p27;
  }

  private static final VarHandle TOP;
  private static final VarHandle BOTTOM;
  private static final VarHandle BUFFER;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      TOP = l.findVarHandle(Top.class, "top", long.class);
      BOTTOM = l.findVarHandle(Bottom.class, "bottom", long.class);
      BUFFER = l.findVarHandle(Bottom.class, "buffer", Buffer.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
