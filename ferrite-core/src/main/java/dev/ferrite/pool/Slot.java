package dev.ferrite.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One resource and its state. The state moves FREE -> CLAIMED (an acquire) -> FREE (a release),
 * FREE -> RESERVED (the housekeeper or shutdown retiring an idle resource) -> DEAD, and
 * CLAIMED -> DEAD (retired by its holder, or forced at the shutdown deadline). Only the winner of
 * a CAS out of FREE may touch the plain fields; the CAS and the volatile write back to FREE carry
 * them between owners.
 *
 * <p>The state word holds the state in its low two bits ({@link #kind()}) and, above them, how
 * many times the slot has become FREE (wrapping). Every transition changes the state, and only a
 * transition to FREE changes the count, so two reads of the same non-FREE word prove the slot was
 * not idle at any moment in between: what lets {@code tryAcquire} tell "nothing idle" from
 * "missed a resource released and re-taken while it scanned" (see Pool).
 *
 * <p>The state word sits alone on its cache line (see {@link SlotState}): it is CASed twice per
 * lease, and every other thread's fast path reads data that happens to lie next to it.
 */
final class Slot<T> extends SlotPad1 {
  static final int FREE = 0;
  static final int CLAIMED = 1;
  static final int RESERVED = 2;
  static final int DEAD = 3;
  /** The state bits of the state word. */
  static final int KIND = 3;
  /** One release in the count of the state word. */
  static final int ONE_RELEASE = 4;

  final T resource;
  final long createdAt;
  final long expiresAt;
  /** Set by the housekeeper when the lifetime is over; the holder retires it on release. */
  volatile boolean expired;
  /** Acquires of this slot; the housekeeper reads it racily to tell idle slots. */
  int generation;
  /** When it was last released (nanoTime), maintained only if validation after idle is on. */
  long releasedAt;

  // housekeeper-only bookkeeping
  int seenGeneration = -1;
  long idleSince;

  // leak tracking (written by the holder after the claim, read racily by the housekeeper)
  volatile Throwable acquiredAt;
  volatile long acquiredNanos;
  volatile String holder;
  volatile boolean leakReported;

  Slot(T resource, long createdAt, long expiresAt, int initialState) {
    this.resource = resource;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
    this.state = initialState;
  }

  /** {@return the state: FREE, CLAIMED, RESERVED or DEAD} */
  int kind() {
    return state & KIND;
  }

  /** {@return the state encoded in state word {@code word}} */
  static int kindOf(int word) {
    return word & KIND;
  }

  /** {@return how many times a slot with state word {@code word} has become FREE (wrapping)} */
  static int releasesOf(int word) {
    return word >>> 2;
  }

  /** FREE -> CLAIMED, if the state word still is {@code word} (read by the caller) and FREE. */
  boolean claim(int word) {
    return (word & KIND) == FREE && STATE.compareAndSet(this, word, word | CLAIMED);
  }

  /**
   * Moves the state from {@code expect} to {@code update} if it is {@code expect}, keeping the
   * release count (counting one more if {@code update} is FREE).
   */
  boolean cas(int expect, int update) {
    for (;;) {
      int word = state;
      if ((word & KIND) != expect) {
        return false;
      }
      int next = ((word & ~KIND) + (update == FREE ? ONE_RELEASE : 0)) | update;
      if (STATE.compareAndSet(this, word, next)) {
        return true;
      }
      // the state changed in between (every change changes the kind): look again
    }
  }

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(SlotState.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}

/*
 * Padding around the state word. HotSpot lays out superclass fields first, but it fills the 4-byte
 * gap after a compressed class pointer (offset 12) with the first int any subclass declares, so
 * without the int below the state word would move into the object header's cache line, next to
 * whatever object the allocator or the collector put before the slot. Measured: with a pool's
 * ThreadLocal (read by every acquire) or a Thread object (read by every ThreadLocal lookup) on
 * that line, 4 threads sharing 2 slots ran at a third of their speed.
 */

/** Fills the header gap and the line before the state word. */
abstract class SlotPad0 {
  int gap;
  long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** The state word, with a cache line of padding on either side. */
abstract class SlotState extends SlotPad0 {
  /** The state word: kind in bits 0-1, releases above (see Slot). */
  volatile int state;
}

/** The line after the state word. */
abstract class SlotPad1 extends SlotState {
  long q00, q01, q02, q03, q04, q05, q06, q07;
}
