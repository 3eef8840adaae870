package dev.ferrite.channel;

import dev.ferrite.internal.Spin;
import dev.ferrite.internal.WaitList;
import dev.ferrite.internal.WaitQueue;
import dev.ferrite.internal.Waiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

abstract class ListCorePad0<T> extends Core<T> {
  long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** The receivers' position and block. */
abstract class ListCoreHead<T> extends ListCorePad0<T> {
  volatile long head;
  volatile ListCore.Block headBlock;
}

abstract class ListCorePad1<T> extends ListCoreHead<T> {
  long p10, p11, p12, p13, p14, p15, p16, p17;
}

/** The senders' position (with the close mark) and block. */
abstract class ListCoreTail<T> extends ListCorePad1<T> {
  volatile long tail;
  volatile ListCore.Block tailBlock;
}

abstract class ListCorePad2<T> extends ListCoreTail<T> {
  long p20, p21, p22, p23, p24, p25, p26, p27;
}

/**
 * The unbounded flavour: a linked list of fixed-size blocks.
 *
 * <h2>Algorithm</h2>
 * crossbeam-channel's {@code flavors/list}, simplified by the garbage collector. A position
 * {@code pos} is shifted left by one; bit 0 of {@code tail} is the close mark. Each block holds
 * {@value #BLOCK_CAP} slots and a position's offset in its block is {@code (pos >> 1) % LAP};
 * offset {@value #BLOCK_CAP} (the last of a lap) is a sentinel that no message uses: while
 * {@code tail} sits on it, the sender that filled the block's last slot is installing the next
 * block, and other senders wait a few instructions.
 * <ul>
 *   <li>A sender claims a position by CAS on {@code tail}. The one that claims a block's last slot
 *       first publishes the next block in {@code tailBlock}, then moves {@code tail} past the
 *       sentinel, then links {@code block.next}; it allocates that block before its CAS, so the
 *       wait of the others is short. It then stores the message with release semantics: a null
 *       slot means "claimed but not written yet".
 *   <li>A receiver sees "empty" when {@code head} equals {@code tail} (read after its own, fully
 *       fenced, view of head). Otherwise it claims the position by CAS on {@code head}, moves to
 *       the next block if it took the last slot (waiting for {@code next} to be linked), and
 *       waits for the slot's message to appear.
 * </ul>
 * Blocks that all receivers have passed become garbage; nothing is freed by hand, so crossbeam's
 * destroy bits are not needed. Removal through the BlockingQueue view uses tombstones exactly as
 * in {@link ArrayCore} (a {@code removals} flag read after the head CAS).
 */
final class ListCore<T> extends ListCorePad2<T> {
  static final int LAP = 32;
  static final int BLOCK_CAP = LAP - 1;
  private static final int SHIFT = 1;
  private static final long MARK = 1L;
  private static final long ONE = 1L << SHIFT;
  /** A consumed slot, once removals are enabled (so removers can tell it from a message). */
  private static final Object TAKEN = new Object();

  /** A block of slots; {@code next} is linked once the following block is installed. */
  static final class Block {
    final Object[] values = new Object[BLOCK_CAP];
    volatile Block next;
  }

  private final WaitQueue recvWaiters = new WaitQueue();
  private volatile boolean removals;
  private volatile int tombstones;

  ListCore() {
    Block b = new Block();
    headBlock = b;
    tailBlock = b;
  }

  @Override
  WaitQueue recvWaiters() {
    return recvWaiters;
  }

  private static int offset(long pos) {
    return (int) ((pos >>> SHIFT) % LAP);
  }

  @Override
  int trySend(T message) {
    Block fresh = null;
    long tail = (long) TAIL.getAcquire(this);
    Block block = tailBlock;
    for (int spins = 0; ; ) {
      if ((tail & MARK) != 0) {
        return CLOSED;
      }
      int off = offset(tail);
      if (off == BLOCK_CAP) {
        Spin.snooze(spins++);
        tail = (long) TAIL.getAcquire(this);
        block = tailBlock;
        continue;
      }
      if (off + 1 == BLOCK_CAP && fresh == null) {
        fresh = new Block();
      }
      long seen = (long) TAIL.compareAndExchange(this, tail, tail + ONE);
      if (seen == tail) {
        if (off + 1 == BLOCK_CAP) {
          tailBlock = fresh;
          TAIL.getAndAdd(this, ONE); // past the sentinel
          block.next = fresh;
        }
        VALUE.setRelease(block.values, off, message);
        if (recvWaiters.hasWaiters()) {
          recvWaiters.notifyOne();
        }
        return OK;
      }
      tail = seen;
      block = tailBlock;
      Spin.snooze(spins++);
    }
  }

  /**
   * The hint reads only the receivers' own position and the slot it names: a message is there once
   * the slot is non-null. {@code head} and {@code headBlock} are read separately and may not match;
   * the hint is then wrong one way or the other, which the contract allows.
   */
  @Override
  boolean recvMayProceed(boolean batch) {
    int off = offset((long) HEAD.getOpaque(this));
    return off == BLOCK_CAP || VALUE.getAcquire(headBlock.values, off) != null;
  }

  @Override
  Object tryRecv() {
    long head = (long) HEAD.getAcquire(this);
    Block block = headBlock;
    for (int spins = 0; ; ) {
      int off = offset(head);
      if (off == BLOCK_CAP) {
        Spin.snooze(spins++);
        head = (long) HEAD.getAcquire(this);
        block = headBlock;
        continue;
      }
      long tail = (long) TAIL.getVolatile(this);
      if ((head >>> SHIFT) == (tail >>> SHIFT)) {
        return (tail & MARK) != 0 ? CLOSED_MARK : EMPTY_MARK;
      }
      long seen = (long) HEAD.compareAndExchange(this, head, head + ONE);
      if (seen != head) {
        head = seen;
        block = headBlock;
        Spin.snooze(spins++);
        continue;
      }
      if (off + 1 == BLOCK_CAP) {
        Block next;
        for (int i = 0; (next = block.next) == null; i++) {
          Spin.snooze(i);
        }
        headBlock = next;
        HEAD.getAndAdd(this, ONE); // past the sentinel
      }
      Object v;
      for (int i = 0; (v = VALUE.getAcquire(block.values, off)) == null; i++) {
        Spin.snooze(i);
      }
      if (removals) {
        v = VALUE.getAndSet(block.values, off, TAKEN);
      }
      if (v == TOMBSTONE) {
        TOMBSTONES.getAndAdd(this, -1);
        head = (long) HEAD.getAcquire(this);
        block = headBlock;
        continue;
      }
      return v;
    }
  }

  @Override
  void disconnect() {
    long prev = (long) TAIL.getAndBitwiseOr(this, MARK);
    if ((prev & MARK) == 0) {
      recvWaiters.closeAll();
    }
  }

  @Override
  boolean isDisconnected() {
    return (tail & MARK) != 0;
  }

  /** The number of message slots before {@code pos}, sentinels not counted. */
  private static long ordinal(long pos) {
    long p = pos >>> SHIFT;
    return (p / LAP) * BLOCK_CAP + Math.min(p % LAP, BLOCK_CAP);
  }

  @Override
  int size() {
    for (;;) { // a consistent snapshot, as in ArrayCore.size()
      long t = tail;
      long h = head;
      int k = tombstones;
      if (head == h && tail == t && tombstones == k) {
        long n = ordinal(t) - ordinal(h) - k;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, n));
      }
    }
  }

  @Override
  int capacity() {
    return Integer.MAX_VALUE;
  }

  @Override
  WaitList.Entry register(Waiter w, int claim, boolean sending, Object message) {
    if (sending) {
      return null; // an unbounded send is always ready
    }
    WaitList.Entry e = recvWaiters.register(w, claim);
    long t = (long) TAIL.getVolatile(this);
    long h = (long) HEAD.getVolatile(this);
    if ((t & MARK) != 0 || (t >>> SHIFT) != (h >>> SHIFT)) {
      recvWaiters.unregister(e);
      return null;
    }
    return e;
  }

  @Override
  void unregister(WaitList.Entry e, boolean sending) {
    if (!sending) {
      recvWaiters.unregister(e);
    }
  }

  @Override
  Object peek() {
    Slot[] first = new Slot[1];
    for (;;) {
      long h = (long) HEAD.getAcquire(this);
      long t = (long) TAIL.getVolatile(this);
      visit(s -> {
        first[0] = s;
        return false;
      });
      if (first[0] != null) {
        return first[0].value();
      }
      // Empty only if nothing moved meanwhile (see ArrayCore.peek).
      if ((long) HEAD.getAcquire(this) == h && (long) TAIL.getVolatile(this) == t) {
        return null;
      }
    }
  }

  @Override
  void snapshot(List<Slot> out) {
    visit(s -> {
      out.add(s);
      return true;
    });
  }

  private interface SlotVisitor {
    boolean visit(Slot s);
  }

  /** Visits the buffered messages from head to tail, while the visitor returns true. */
  private void visit(SlotVisitor visitor) {
    long h;
    Block block;
    do { // a consistent (position, block) pair
      h = (long) HEAD.getAcquire(this);
      block = headBlock;
    } while ((long) HEAD.getAcquire(this) != h || offset(h) == BLOCK_CAP);
    long t = (long) TAIL.getVolatile(this) & ~MARK;
    for (long pos = h; (pos >>> SHIFT) < (t >>> SHIFT); pos += ONE) {
      int off = offset(pos);
      if (off == BLOCK_CAP) {
        block = block.next;
        if (block == null) {
          return;
        }
        continue;
      }
      Object v;
      for (int i = 0; (v = VALUE.getAcquire(block.values, off)) == null; i++) {
        Spin.snooze(i); // claimed, so accepted: wait for the sender to write it
      }
      if (v != TOMBSTONE && v != TAKEN) {
        if (!visitor.visit(new Slot(block, pos, v))) {
          return;
        }
      }
    }
  }

  @Override
  boolean removeSlot(Slot slot) {
    if (!removals) {
      removals = true;
    }
    // Only positions at or after head (read after setting removals) may be tombstoned: see
    // ArrayCore. A slot whose receiver came earlier may still hold its message (fast path).
    if (!atOrAfterHead(slot)) {
      return false;
    }
    Block block = (Block) slot.where();
    if (VALUE.compareAndSet(block.values, offset(slot.pos()), slot.value(), TOMBSTONE)) {
      TOMBSTONES.getAndAdd(this, 1);
      return true;
    }
    return false;
  }

  @Override
  boolean isBuffered(Slot slot) {
    return atOrAfterHead(slot)
        && VALUE.getAcquire(((Block) slot.where()).values, offset(slot.pos())) == slot.value();
  }

  private boolean atOrAfterHead(Slot slot) {
    return (slot.pos() >>> SHIFT) >= ((long) HEAD.getAcquire(this) >>> SHIFT);
  }

  @Override
  public String toString() {
    return "unbounded, size=" + size() + (isDisconnected() ? ", closed" : "");
  }

  private static final VarHandle HEAD;
  private static final VarHandle TAIL;
  private static final VarHandle TOMBSTONES;
  private static final VarHandle VALUE = MethodHandles.arrayElementVarHandle(Object[].class);

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      HEAD = l.findVarHandle(ListCoreHead.class, "head", long.class);
      TAIL = l.findVarHandle(ListCoreTail.class, "tail", long.class);
      TOMBSTONES = l.findVarHandle(ListCore.class, "tombstones", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
