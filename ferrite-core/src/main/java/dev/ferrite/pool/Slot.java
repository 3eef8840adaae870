package dev.ferrite.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One resource and its state. The state moves FREE -> CLAIMED (an acquire) -> FREE (a release),
 * FREE -> RESERVED (the housekeeper or shutdown retiring an idle resource) -> DEAD, and
 * CLAIMED -> DEAD (retired by its holder, or forced at the shutdown deadline). Only the winner of
 * a CAS out of FREE may touch the plain fields; the CAS and the volatile write back to FREE carry
 * them between owners.
 */
final class Slot<T> {
  static final int FREE = 0;
  static final int CLAIMED = 1;
  static final int RESERVED = 2;
  static final int DEAD = 3;

  final T resource;
  final long createdAt;
  final long expiresAt;
  volatile int state;
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

  boolean cas(int expect, int update) {
    return STATE.compareAndSet(this, expect, update);
  }

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Slot.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
