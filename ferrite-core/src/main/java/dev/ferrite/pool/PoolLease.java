package dev.ferrite.pool;

/** A lease of one slot: a small object per acquire, so that releasing is idempotent. */
final class PoolLease<T> implements Lease<T> {
  private final Pool<T> pool;
  private Slot<T> slot;

  PoolLease(Pool<T> pool, Slot<T> slot) {
    this.pool = pool;
    this.slot = slot;
  }

  @Override
  public T get() {
    Slot<T> s = slot;
    if (s == null) {
      throw new IllegalStateException("lease released");
    }
    return s.resource;
  }

  @Override
  public void release() {
    Slot<T> s = slot;
    if (s != null) {
      slot = null;
      pool.release(s, false);
    }
  }

  @Override
  public void releaseBroken() {
    Slot<T> s = slot;
    if (s != null) {
      slot = null;
      pool.release(s, true);
    }
  }

  @Override
  public boolean isReleased() {
    return slot == null;
  }

  @Override
  public void close() {
    release();
  }

  @Override
  public String toString() {
    Slot<T> s = slot;
    return s == null ? "Lease[released]" : "Lease[" + s.resource + "]";
  }
}
