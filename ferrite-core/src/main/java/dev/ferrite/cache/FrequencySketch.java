package dev.ferrite.cache;

/**
 * TinyLFU's approximate frequency histogram: a count-min sketch of 4-bit counters with periodic
 * halving ("reset"), after Einziger, Friedman and Manes, <i>TinyLFU: A Highly Efficient Cache
 * Admission Policy</i> (ACM TOS 2017), and the layout popularised by Caffeine.
 *
 * <p>The table is a {@code long[]} whose length is a power of two >= the number of entries the
 * cache holds; each long packs sixteen 4-bit counters. A key's frequency lives in four counters,
 * one per "row", and the estimate is their minimum. An increment raises each of the four counters
 * below 15. After {@code 10 x capacity} increments every counter is halved (shift right, mask off
 * the bits that crossed into a neighbour), which ages the history so that the sketch follows a
 * changing workload. Not thread-safe: used under the eviction lock only.
 *
 * <p><b>Layout: one cache line per key.</b> The table is cut into 64-byte blocks of eight longs.
 * A key's hash picks one block, and a second mix of the hash picks, for row {@code i}, one of the
 * two longs {@code 2i, 2i + 1} of that block and one of its sixteen counters. All four counters
 * of a key therefore share a 64-byte block (one cache line, or two adjacent ones: the array's
 * base need not be line-aligned), so an increment or estimate costs one cache miss instead of
 * four; the rows still use distinct longs, so a key never collides with itself. This is the
 * "block-based" sketch of Caffeine 3 (Ben Manes), itself after the cache-friendly Bloom filters
 * of Putze, Sanders and Singler (<i>Cache-, Hash- and Space-Efficient Bloom Filters</i>, WEA
 * 2007); the maintenance replays every recorded read through {@link #increment}, so this is on
 * the read path's amortised cost.
 */
final class FrequencySketch {
  private static final long RESET_MASK = 0x7777_7777_7777_7777L;
  private static final long ONE_MASK = 0x1111_1111_1111_1111L;
  private static final int MAX_TABLE = 1 << 24;

  private long[] table = new long[0];
  private int blockMask;
  private long sampleSize;
  private long additions;

  /** Grows the table (losing the history) so it suits {@code capacity} entries. */
  void ensureCapacity(long capacity) {
    int wanted = (int) Math.min(MAX_TABLE, Math.max(16, ceilPow2(capacity)));
    if (table.length >= wanted) {
      return;
    }
    table = new long[wanted];
    blockMask = (wanted >>> 3) - 1;
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

  /** The first long of the key's 64-byte block. */
  private int block(int hash) {
    return (hash & blockMask) << 3;
  }

  /** Eight bits per row: the low one picks the long, the other four the counter. */
  private static int counters(int hash) {
    int c = hash * 0x31848bab;
    return c ^ (c >>> 14);
  }

  /** {@return the estimated frequency of the key with this (spread) hash, 0 to 15} */
  int frequency(int hash) {
    if (table.length == 0) {
      return 0;
    }
    int block = block(hash);
    int c = counters(hash);
    int min = 15;
    for (int row = 0; row < 4; row++) {
      int b = c >>> (row << 3);
      int shift = ((b >>> 1) & 0xF) << 2;
      int count = (int) ((table[block + (row << 1) + (b & 1)] >>> shift) & 0xF);
      min = Math.min(min, count);
    }
    return min;
  }

  /** Counts one more occurrence of the key with this (spread) hash. */
  void increment(int hash) {
    if (table.length == 0) {
      return;
    }
    int block = block(hash);
    int c = counters(hash);
    boolean added = false;
    for (int row = 0; row < 4; row++) {
      int b = c >>> (row << 3);
      int i = block + (row << 1) + (b & 1);
      int shift = ((b >>> 1) & 0xF) << 2;
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
