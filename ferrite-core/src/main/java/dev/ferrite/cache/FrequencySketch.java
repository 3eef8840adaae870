package dev.ferrite.cache;

/**
 * TinyLFU's approximate frequency histogram: a count-min sketch of 4-bit counters with periodic
 * halving ("reset"), after Einziger, Friedman and Manes, <i>TinyLFU: A Highly Efficient Cache
 * Admission Policy</i> (ACM TOS 2017), and the layout popularised by Caffeine.
 *
 * <p>The table is a {@code long[]} whose length is a power of two >= the number of entries the
 * cache holds; each long packs sixteen 4-bit counters. A key's frequency lives in four counters
 * (one per "row": counter group {@code row} of a long picked by a row-specific hash), and the
 * estimate is their minimum. An increment raises each of the four counters below 15. After
 * {@code 10 x capacity} increments every counter is halved (shift right, mask off the bits
 * that crossed into a neighbour), which ages the history so that the sketch follows a changing
 * workload. Not thread-safe: used under the eviction lock only.
 */
final class FrequencySketch {
  private static final long RESET_MASK = 0x7777_7777_7777_7777L;
  private static final long ONE_MASK = 0x1111_1111_1111_1111L;
  private static final long[] SEEDS = {
    0xc3a5c85c97cb3127L, 0xb492b66fbe98f273L, 0x9ae16a3b2f90404fL, 0xcbf29ce484222325L
  };
  private static final int MAX_TABLE = 1 << 24;

  private long[] table = new long[0];
  private int mask;
  private long sampleSize;
  private long additions;

  /** Grows the table (losing the history) so it suits {@code capacity} entries. */
  void ensureCapacity(long capacity) {
    int wanted = (int) Math.min(MAX_TABLE, Math.max(16, ceilPow2(capacity)));
    if (table.length >= wanted) {
      return;
    }
    table = new long[wanted];
    mask = wanted - 1;
    sampleSize = 10L * Math.max(capacity, 16);
    additions = 0;
  }

  private static long ceilPow2(long x) {
    return x <= 1 ? 1 : Long.highestOneBit(x - 1) << 1;
  }

  static int spread(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  private int index(int hash, int row) {
    long h = (hash + SEEDS[row]) * SEEDS[row];
    h += h >>> 32;
    return (int) h & mask;
  }

  /** {@return the estimated frequency of the key with this (spread) hash, 0 to 15} */
  int frequency(int hash) {
    if (table.length == 0) {
      return 0;
    }
    int start = (hash & 3) << 2;
    int min = 15;
    for (int row = 0; row < 4; row++) {
      int shift = (start + row) << 2;
      int count = (int) ((table[index(hash, row)] >>> shift) & 0xF);
      min = Math.min(min, count);
    }
    return min;
  }

  /** Counts one more occurrence of the key with this (spread) hash. */
  void increment(int hash) {
    if (table.length == 0) {
      return;
    }
    int start = (hash & 3) << 2;
    boolean added = false;
    for (int row = 0; row < 4; row++) {
      int i = index(hash, row);
      int shift = (start + row) << 2;
      long m = 0xFL << shift;
      if ((table[i] & m) != m) {
        table[i] += 1L << shift;
        added = true;
      }
    }
    if (added && ++additions >= sampleSize) {
      reset();
    }
  }

  private void reset() {
    long odd = 0;
    for (int i = 0; i < table.length; i++) {
      odd += Long.bitCount(table[i] & ONE_MASK);
      table[i] = (table[i] >>> 1) & RESET_MASK;
    }
    additions = (additions - (odd >>> 2)) >>> 1;
  }
}
