package dev.ferrite.par;

import java.util.Spliterator;
import java.util.function.Consumer;

/**
 * Spliterators over integer ranges that split in the middle. (The JDK's
 * {@code IntStream.range(a, b).boxed().spliterator()} wraps a stream pipeline, whose
 * {@code tryAdvance} goes through a buffer: far slower per element.)
 */
final class Ranges {
  private Ranges() {}

  static final class Ints implements Spliterator<Integer> {
    private int from;
    private final int to;

    Ints(int from, int to) {
      this.from = from;
      this.to = Math.max(from, to);
    }

    @Override
    public boolean tryAdvance(Consumer<? super Integer> action) {
      if (from >= to) {
        return false;
      }
      action.accept(from++);
      return true;
    }

    @Override
    public void forEachRemaining(Consumer<? super Integer> action) {
      int i = from;
      from = to;
      for (; i < to; i++) {
        action.accept(i);
      }
    }

    @Override
    public Spliterator<Integer> trySplit() {
      long len = (long) to - from;
      if (len < 2) {
        return null;
      }
      int mid = (int) (from + len / 2);
      Ints prefix = new Ints(from, mid);
      from = mid;
      return prefix;
    }

    @Override
    public long estimateSize() {
      return (long) to - from;
    }

    @Override
    public int characteristics() {
      return ORDERED | SIZED | SUBSIZED | NONNULL | IMMUTABLE | DISTINCT | SORTED;
    }

    @Override
    public java.util.Comparator<? super Integer> getComparator() {
      return null;
    }
  }

  static final class Longs implements Spliterator<Long> {
    private long from;
    private final long to;

    Longs(long from, long to) {
      this.from = from;
      this.to = Math.max(from, to);
    }

    @Override
    public boolean tryAdvance(Consumer<? super Long> action) {
      if (from >= to) {
        return false;
      }
      action.accept(from++);
      return true;
    }

    @Override
    public Spliterator<Long> trySplit() {
      long len = to - from; // may overflow for ranges over 2^63 elements
      if (len < 2 && len >= 0) {
        return null;
      }
      long mid = len < 0 ? from + (to / 2 - from / 2) : from + len / 2;
      Longs prefix = new Longs(from, mid);
      from = mid;
      return prefix;
    }

    @Override
    public long estimateSize() {
      long len = to - from;
      return len < 0 ? Long.MAX_VALUE : len;
    }

    @Override
    public int characteristics() {
      return ORDERED | SIZED | SUBSIZED | NONNULL | IMMUTABLE | DISTINCT | SORTED;
    }

    @Override
    public java.util.Comparator<? super Long> getComparator() {
      return null;
    }
  }
}
