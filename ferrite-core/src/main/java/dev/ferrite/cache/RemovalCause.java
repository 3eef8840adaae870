package dev.ferrite.cache;

/** Why an entry left the cache, as told to a {@link RemovalListener}. */
public enum RemovalCause {
  /** The size or weight bound made the eviction policy choose it. */
  EVICTED,
  /** Its time to live (after write or after access) ran out. */
  EXPIRED,
  /** A new value was written for its key; the listener gets the old value. */
  REPLACED,
  /** It was removed explicitly ({@code remove}, {@code clear}, a compute returning null...). */
  REMOVED;

  /** {@return whether the cache itself chose to remove the entry (evicted or expired)} */
  public boolean wasEvicted() {
    return this == EVICTED || this == EXPIRED;
  }
}
