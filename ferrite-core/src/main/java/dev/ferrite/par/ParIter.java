package dev.ferrite.par;

import dev.ferrite.exec.WorkStealingPool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.stream.Collector;

/**
 * A parallel iterator: rayon's {@code par_iter()} for Java, running on a
 * {@link WorkStealingPool}.
 *
 * <pre>{@code
 * Map<String, Long> counts = ParIter.of(documents)
 *     .flatMap(doc -> List.of(doc.split("\\s+")))
 *     .fold(HashMap<String, Long>::new, (m, w) -> { m.merge(w, 1L, Long::sum); return m; })
 *     .reduce(HashMap::new, (a, b) -> { b.forEach((w, n) -> a.merge(w, n, Long::sum)); return a; });
 * }</pre>
 *
 * <p>A {@code ParIter} describes a computation: a <i>source</i> ({@linkplain #range(int, int)
 * ranges}, {@linkplain #of(Object[]) arrays}, {@linkplain #of(Collection) lists and
 * collections}, the {@linkplain #lines(Path) lines} or {@linkplain #chunks(Path) chunks} of a
 * file), <i>adapters</i> ({@link #map}, {@link #filter}, {@link #flatMap}, {@link #mapMulti})
 * that return new iterators, and a <i>terminal operation</i> that runs it and returns the
 * result. Nothing runs before the terminal; a {@code ParIter} is immutable and may be evaluated
 * any number of times (each evaluation reads the source again).
 *
 * <h2>How it runs</h2>
 * The terminal splits the source in two, hands one half to the pool's other workers with
 * {@link WorkStealingPool#join join} and goes on splitting the other, until there are about as
 * many pieces as workers; each piece then runs the adapters and the terminal's accumulation
 * sequentially, and the pieces' results are combined pairwise on the way back up. A piece that
 * another worker steals is split further (adaptive splitting, as in rayon): there is no chunk
 * size to tune. {@link #minLen(long)} sets a smallest piece. See {@code docs/par.md}.
 *
 * <h2>Order</h2>
 * Results are combined in source order: {@link #toList()}, {@link #collect}, {@link #reduce},
 * {@link #fold} followed by {@code reduce}, {@link #min}, {@link #max} and {@link #findFirst}
 * give what a sequential loop over the source would give, provided the combining functions are
 * associative. {@link #forEach}, {@link #anyMatch}, {@link #allMatch} and {@link #findAny} are
 * unordered: the functions run on several threads at once, in no particular order. Sources are
 * ordered except {@linkplain #of(Collection) collections} without an encounter order
 * ({@code HashSet}).
 *
 * <h2>Failures and cancellation</h2>
 * If a function throws, the evaluation stops: the other workers finish the element they are on
 * and start no other, and the terminal rethrows the exception once every task has ended (a
 * {@link RuntimeException} or {@link Error} as it is, with the others' failures suppressed; a
 * checked exception thrown sneakily wrapped in {@link java.util.concurrent.CompletionException}).
 * Short-circuiting terminals stop the same way once the answer is known. No function of the
 * evaluation runs after the terminal returns or throws. A terminal called from outside the pool
 * waits for it; if the caller is interrupted while waiting it throws
 * {@link CancellationException} with the interrupt status set, and the evaluation stops after
 * the elements in progress.
 *
 * <h2>Memory consistency effects</h2>
 * Actions before a terminal operation happen-before every function call of its evaluation, and
 * those happen-before the terminal returns or throws. Calls on different elements may run in
 * different threads concurrently: functions must be thread-safe with respect to shared state
 * (accumulators made by {@link #fold} or {@link #collect} are each confined to one thread).
 *
 * @param <T> the element type
 */
public final class ParIter<T> {
  private static final long NO_MIN = 1;

  /** The default pool, created on first use. */
  private static final class DefaultPool {
    static final WorkStealingPool POOL = WorkStealingPool.builder()
        .name("ferrite-par").daemon(true).build();
  }

  private final Supplier<? extends Spliterator<?>> source;
  private final Stage<Object, T> stage;
  private final WorkStealingPool pool;
  private final long minLen;

  private ParIter(Supplier<? extends Spliterator<?>> source, Stage<Object, T> stage,
      WorkStealingPool pool, long minLen) {
    this.source = source;
    this.stage = stage;
    this.pool = pool;
    this.minLen = minLen;
  }

  @SuppressWarnings("unchecked")
  private static <T> ParIter<T> from(Supplier<? extends Spliterator<? extends T>> source) {
    Stage<Object, T> identity = (down, halt) -> (Consumer<Object>) (Consumer<?>) down;
    return new ParIter<>(source, identity, null, NO_MIN);
  }

  // ====================================================================== sources

  /**
   * {@return the integers from {@code startInclusive} to {@code endExclusive}, in order}
   *
   * <pre>{@code long sumOfSquares = ParIter.range(0, 1000).sum(i -> (long) i * i);}</pre>
   *
   * @param startInclusive the first value
   * @param endExclusive one past the last value; an empty range if not above the first
   */
  public static ParIter<Integer> range(int startInclusive, int endExclusive) {
    return from(() -> new Ranges.Ints(startInclusive, endExclusive));
  }

  /**
   * {@return the longs from {@code startInclusive} to {@code endExclusive}, in order}
   *
   * @param startInclusive the first value
   * @param endExclusive one past the last value; an empty range if not above the first
   */
  public static ParIter<Long> range(long startInclusive, long endExclusive) {
    return from(() -> new Ranges.Longs(startInclusive, endExclusive));
  }

  /**
   * {@return the elements of {@code array}, in order}; the array is read (not copied) at each
   * evaluation, and must not be modified during one.
   *
   * @param array the elements
   * @param <T> the element type
   * @throws NullPointerException if {@code array} is null
   */
  @SafeVarargs
  public static <T> ParIter<T> of(T... array) {
    Objects.requireNonNull(array, "array");
    return from(() -> Arrays.spliterator(array));
  }

  /**
   * {@return the elements of {@code collection}, in its encounter order if it has one} Lists
   * with random access split in the middle of their index range; other collections as their
   * {@link Collection#spliterator()} does. The collection must not be modified during an
   * evaluation.
   *
   * @param collection the elements
   * @param <T> the element type
   * @throws NullPointerException if {@code collection} is null
   */
  public static <T> ParIter<T> of(Collection<? extends T> collection) {
    Objects.requireNonNull(collection, "collection");
    return from(collection::spliterator);
  }

  /**
   * {@return the contents of the file {@code path} as chunks of about 1 MB that end at line
   * boundaries} The file is opened by each evaluation and closed before its terminal returns;
   * it is read as the evaluation goes (never whole into memory), and split at line feeds, so
   * that several workers read one big file. An I/O error (a missing file too) is thrown by the
   * terminal as {@link java.io.UncheckedIOException} whose message names the path.
   *
   * @param path the file to read
   * @throws NullPointerException if {@code path} is null
   */
  public static ParIter<ByteChunk> chunks(Path path) {
    return chunks(path, FileChunks.CHUNK);
  }

  /**
   * {@return like {@link #chunks(Path)}, with chunks of about {@code chunkBytes} bytes}
   *
   * @param path the file to read
   * @param chunkBytes the target chunk size (a longer line makes a longer chunk), at least 1
   * @throws IllegalArgumentException if {@code chunkBytes} is below 1
   */
  public static ParIter<ByteChunk> chunks(Path path, int chunkBytes) {
    Objects.requireNonNull(path, "path");
    if (chunkBytes < 1) {
      throw new IllegalArgumentException("chunkBytes must be positive: " + chunkBytes);
    }
    long minSplit = Math.min(FileChunks.MIN_SPLIT, Math.max(1, chunkBytes));
    return from(() -> FileChunks.open(path, chunkBytes, minSplit));
  }

  /**
   * {@return the lines of the UTF-8 file {@code path}, in order} Lines end at {@code "\n"} or
   * {@code "\r\n"} (not included); a last line without a terminator counts, an empty file has
   * no lines. Malformed UTF-8 throws {@link java.io.UncheckedIOException} (wrapping a
   * {@link java.nio.charset.CharacterCodingException}) naming the path and byte offset.
   *
   * @param path the file to read
   * @throws NullPointerException if {@code path} is null
   */
  public static ParIter<String> lines(Path path) {
    return chunks(path).mapMulti(Lines::split);
  }

  // ====================================================================== configuration

  /**
   * {@return this iterator, run on {@code pool} instead of the default pool} The default is a
   * pool of daemon threads sized to {@link Runtime#availableProcessors()}, created on first use.
   *
   * @param pool the pool to run on
   * @throws NullPointerException if {@code pool} is null
   */
  public ParIter<T> on(WorkStealingPool pool) {
    return new ParIter<>(source, stage, Objects.requireNonNull(pool, "pool"), minLen);
  }

  /**
   * {@return this iterator, never splitting the source into pieces smaller than {@code min}
   * elements} (for file sources, bytes) rayon's {@code with_min_len}. Default 1.
   *
   * @param min the smallest piece, at least 1
   * @throws IllegalArgumentException if {@code min} is below 1
   */
  public ParIter<T> minLen(long min) {
    if (min < 1) {
      throw new IllegalArgumentException("min must be positive: " + min);
    }
    return new ParIter<>(source, stage, pool, min);
  }

  /** {@return the pool the default iterators run on; created on first use} */
  public static WorkStealingPool defaultPool() {
    return DefaultPool.POOL;
  }

  // ====================================================================== adapters

  private <U> ParIter<U> then(Stage<T, U> next) {
    Stage<Object, T> first = stage;
    return new ParIter<>(source, (down, halt) -> first.wrap(next.wrap(down, halt), halt), pool,
        minLen);
  }

  /**
   * {@return the results of {@code f} applied to each element}
   *
   * @param f the function, called once per element, possibly concurrently
   * @param <U> the result type
   */
  public <U> ParIter<U> map(Function<? super T, ? extends U> f) {
    Objects.requireNonNull(f, "f");
    return then((down, halt) -> x -> down.accept(f.apply(x)));
  }

  /**
   * {@return the elements that match {@code p}}
   *
   * @param p the predicate, called once per element, possibly concurrently
   */
  public ParIter<T> filter(Predicate<? super T> p) {
    Objects.requireNonNull(p, "p");
    return then((down, halt) -> x -> {
      if (p.test(x)) {
        down.accept(x);
      }
    });
  }

  /**
   * {@return the elements of the iterables that {@code f} returns, in order} Iteration of one
   * iterable stops early when a short-circuiting terminal no longer needs elements.
   *
   * @param f the function, called once per element, possibly concurrently
   * @param <U> the result element type
   */
  public <U> ParIter<U> flatMap(Function<? super T, ? extends Iterable<? extends U>> f) {
    Objects.requireNonNull(f, "f");
    return then((down, halt) -> x -> {
      for (U u : f.apply(x)) {
        if (halt.getAsBoolean()) {
          return;
        }
        down.accept(u);
      }
    });
  }

  /**
   * {@return the elements that {@code f} passes to its consumer, in order} The allocation-free
   * form of {@link #flatMap}, like {@link java.util.stream.Stream#mapMulti}.
   *
   * @param f called once per element with a consumer for its results
   * @param <U> the result element type
   */
  public <U> ParIter<U> mapMulti(BiConsumer<? super T, ? super Consumer<U>> f) {
    Objects.requireNonNull(f, "f");
    return then((down, halt) -> {
      Consumer<U> d = down::accept;
      return x -> f.accept(x, d);
    });
  }

  // ====================================================================== terminals

  @SuppressWarnings("unchecked")
  private <R> R evaluate(Engine.Terminal<? super T, R> terminal) {
    Spliterator<Object> root = (Spliterator<Object>) source.get();
    try {
      WorkStealingPool p = pool != null ? pool : defaultPool();
      return new Engine<R>(p, minLen, stage, terminal).run(root);
    } finally {
      if (root instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** A terminal over plain accumulators without short-circuit. */
  private <A> A accumulate(Supplier<A> make, BiFunction<A, ? super T, A> add,
      BinaryOperator<A> combine) {
    return evaluate(new Engine.Terminal<T, A>() {
      @Override
      public Engine.Acc<T, A> leaf(Engine<A> run, long pos) {
        return new Engine.Acc<>() {
          A a = make.get();

          @Override
          public void accept(T t) {
            a = add.apply(a, t);
          }

          @Override
          A result() {
            return a;
          }
        };
      }

      @Override
      public A combine(A left, A right) {
        return left == null ? right : right == null ? left : combine.apply(left, right);
      }
    });
  }

  /**
   * Runs {@code action} on every element, in no particular order and possibly concurrently:
   * rayon's {@code for_each}.
   *
   * <pre>{@code ParIter.of(urls).forEach(url -> check(url));}</pre>
   *
   * @param action the action, thread-safe
   */
  public void forEach(Consumer<? super T> action) {
    Objects.requireNonNull(action, "action");
    accumulate(() -> Boolean.TRUE, (a, t) -> {
      action.accept(t);
      return a;
    }, (a, b) -> a);
  }

  /**
   * Folds the elements of each piece into its own accumulator, for {@link Folded#reduce} to
   * combine: rayon's {@code fold}. Each piece starts from {@code identity.get()} and is confined
   * to one thread, so accumulators need no synchronization: the article's per-worker partial
   * maps.
   *
   * <pre>{@code
   * Map<String, Long> counts = ParIter.of(words)
   *     .fold(HashMap<String, Long>::new, (m, w) -> { m.merge(w, 1L, Long::sum); return m; })
   *     .reduce(HashMap::new, (a, b) -> { b.forEach((w, n) -> a.merge(w, n, Long::sum)); return a; });
   * }</pre>
   *
   * @param identity makes a piece's initial accumulator
   * @param op adds an element to an accumulator (it may return the same object)
   * @param <A> the accumulator type
   * @return the folded pieces, to reduce
   */
  public <A> Folded<A> fold(Supplier<? extends A> identity,
      BiFunction<? super A, ? super T, ? extends A> op) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(op, "op");
    return (id, combine) -> {
      A r = accumulate(identity::get, op::apply, combine);
      return r == null ? id.get() : r;
    };
  }

  /**
   * The per-piece accumulators of {@link ParIter#fold}, waiting to be combined.
   *
   * @param <A> the accumulator type
   */
  @FunctionalInterface
  public interface Folded<A> {
    /**
     * Runs the evaluation and combines the pieces' accumulators in source order with
     * {@code combine}: rayon's {@code fold(...).reduce(...)}.
     *
     * <p>Every piece yields an accumulator, even an empty piece (so an empty source gives one
     * accumulator: {@code fold}'s identity), as in rayon; {@code identity} is the result only if
     * the evaluation made no piece at all, or every piece's accumulator was {@code null}.
     *
     * @param identity the result when there is no accumulator to combine
     * @param combine combines two accumulators, left then right; associative
     * @return the combined result
     */
    A reduce(Supplier<? extends A> identity, BinaryOperator<A> combine);
  }

  /**
   * {@return the elements combined with {@code op}, starting from {@code identity}}
   * {@code identity} must be an identity for {@code op}, which must be associative; each piece
   * starts from it.
   *
   * <pre>{@code int max = ParIter.of(values).reduce(Integer.MIN_VALUE, Math::max);}</pre>
   *
   * @param identity the identity of {@code op}
   * @param op an associative operation
   */
  public T reduce(T identity, BinaryOperator<T> op) {
    Objects.requireNonNull(op, "op");
    return fold(() -> identity, op::apply).reduce(() -> identity, op);
  }

  /**
   * {@return the elements combined with the associative {@code op}; empty if there are none}
   *
   * <pre>{@code Optional<String> longest = ParIter.of(words).reduce((a, b) -> a.length() >= b.length() ? a : b);}</pre>
   *
   * @param op an associative operation
   * @throws NullPointerException if the result is null
   */
  public Optional<T> reduce(BinaryOperator<T> op) {
    Objects.requireNonNull(op, "op");
    Object none = new Object();
    @SuppressWarnings("unchecked")
    BinaryOperator<Object> o = (a, b) -> a == none ? b : b == none ? a : op.apply((T) a, (T) b);
    @SuppressWarnings("unchecked")
    T r = (T) map(x -> (Object) x).reduce(none, o);
    return r == none ? Optional.empty() : Optional.of(r);
  }

  /**
   * {@return the number of elements}
   *
   * <pre>{@code long primes = ParIter.range(2, 1_000_000).filter(Primes::isPrime).count();}</pre>
   */
  public long count() {
    return sumLong(t -> 1L);
  }

  /**
   * {@return the sum of {@code f} over the elements; overflow wraps as in {@code long} addition}
   *
   * <pre>{@code long total = ParIter.of(files).sum(File::length);}</pre>
   *
   * @param f the value of an element
   */
  public long sum(ToLongFunction<? super T> f) {
    Objects.requireNonNull(f, "f");
    return sumLong(f);
  }

  /**
   * The sum of {@code f}, accumulated per leaf in a primitive {@code long} (a generic
   * {@link #accumulate} would box a {@code Long} per element); one box per leaf, at the end.
   */
  private long sumLong(ToLongFunction<? super T> f) {
    Long r = evaluate(new Engine.Terminal<T, Long>() {
      @Override
      public Engine.Acc<T, Long> leaf(Engine<Long> run, long pos) {
        return new Engine.Acc<>() {
          long sum;

          @Override
          public void accept(T t) {
            sum += f.applyAsLong(t);
          }

          @Override
          Long result() {
            return sum;
          }
        };
      }

      @Override
      public Long combine(Long left, Long right) {
        return sumOfPresent(left, right);
      }
    });
    return r == null ? 0 : r;
  }

  /**
   * {@return the sum of the halves that were evaluated; null if neither was} Spelled out with
   * {@code if}s: a conditional expression mixing {@code Long} and {@code long} unboxes both
   * branches, so {@code a == null ? b : ...} would throw when both are null (both halves
   * skipped after a stop).
   */
  static Long sumOfPresent(Long left, Long right) {
    if (left == null) {
      return right;
    }
    if (right == null) {
      return left;
    }
    return left + right;
  }

  /**
   * {@return the least element by {@code order}; the first of equal least elements; empty if
   * none}
   *
   * <pre>{@code Optional<Path> oldest = ParIter.of(paths).min(comparing(Files::getLastModifiedTime));}</pre>
   *
   * @param order the order
   */
  public Optional<T> min(Comparator<? super T> order) {
    Objects.requireNonNull(order, "order");
    return reduce((a, b) -> order.compare(a, b) <= 0 ? a : b);
  }

  /**
   * {@return the greatest element by {@code order}; the first of equal greatest elements; empty
   * if none}
   *
   * <pre>{@code Optional<String> last = ParIter.of(names).max(Comparator.naturalOrder());}</pre>
   *
   * @param order the order
   */
  public Optional<T> max(Comparator<? super T> order) {
    Objects.requireNonNull(order, "order");
    return reduce((a, b) -> order.compare(a, b) >= 0 ? a : b);
  }

  /**
   * {@return the result of {@code collector} over the elements, in source order} Each piece
   * accumulates into its own container; containers are combined left then right.
   *
   * <pre>{@code Set<String> distinct = ParIter.of(words).collect(Collectors.toSet());}</pre>
   *
   * @param collector the collector
   * @param <A> the container type
   * @param <R> the result type
   */
  public <A, R> R collect(Collector<? super T, A, R> collector) {
    Objects.requireNonNull(collector, "collector");
    BiConsumer<A, ? super T> acc = collector.accumulator();
    BinaryOperator<A> comb = collector.combiner();
    A a = accumulate(collector.supplier(), (c, t) -> {
      acc.accept(c, t);
      return c;
    }, comb);
    if (a == null) {
      a = collector.supplier().get();
    }
    return collector.finisher().apply(a);
  }

  /**
   * {@return the elements in a new modifiable list, in source order}
   *
   * <pre>{@code List<String> upper = ParIter.of(names).map(String::toUpperCase).toList();}</pre>
   */
  public List<T> toList() {
    List<T> r = accumulate(ArrayList::new, (l, t) -> {
      l.add(t);
      return l;
    }, (l, r2) -> {
      l.addAll(r2);
      return l;
    });
    return r == null ? new ArrayList<>() : r;
  }

  /**
   * {@return a new {@link HashMap} from {@code key} to {@code value} of each element; values of
   * equal keys are merged with {@code merge}, earlier value first}
   *
   * <pre>{@code Map<Character, Integer> lengths = ParIter.of(words).toMap(w -> w.charAt(0), String::length, Integer::sum);}</pre>
   *
   * @param key the key of an element (non-null)
   * @param value the value of an element (non-null)
   * @param merge merges two values of one key; associative
   * @param <K> the key type
   * @param <V> the value type
   */
  public <K, V> Map<K, V> toMap(Function<? super T, ? extends K> key,
      Function<? super T, ? extends V> value, BinaryOperator<V> merge) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(merge, "merge");
    Map<K, V> r = accumulate(HashMap::new, (m, t) -> {
      m.merge(key.apply(t), value.apply(t), merge);
      return m;
    }, (a, b) -> {
      b.forEach((k, v) -> a.merge(k, v, merge));
      return a;
    });
    return r == null ? new HashMap<>() : r;
  }

  /** A short-circuiting search: leaves stop at their first match. */
  private <R> R search(Predicate<? super T> p, boolean firstOnly, Function<T, R> found, R none,
      BinaryOperator<R> combine) {
    R r = evaluate(new Engine.Terminal<T, R>() {
      @Override
      public Engine.Acc<T, R> leaf(Engine<R> run, long pos) {
        return new Engine.Acc<>() {
          R result;

          @Override
          public void accept(T t) {
            if (!done && p.test(t)) {
              result = found.apply(t);
              done = true;
              if (firstOnly) {
                run.first.accumulateAndGet(pos, Math::min);
              } else {
                run.stopped = true;
              }
            }
          }

          @Override
          R result() {
            return result;
          }
        };
      }

      @Override
      public R combine(R left, R right) {
        return left == null ? right : right == null ? left : combine.apply(left, right);
      }
    });
    return r == null ? none : r;
  }

  /**
   * {@return true if some element matches {@code p}} Stops evaluating (all workers, promptly)
   * at the first match found; false for no elements.
   *
   * <pre>{@code boolean anyEmpty = ParIter.of(files).anyMatch(f -> f.length() == 0);}</pre>
   *
   * @param p the predicate
   */
  public boolean anyMatch(Predicate<? super T> p) {
    Objects.requireNonNull(p, "p");
    return search(p, false, t -> Boolean.TRUE, Boolean.FALSE, (a, b) -> a);
  }

  /**
   * {@return true if every element matches {@code p}} Stops at the first element that does not;
   * true for no elements.
   *
   * <pre>{@code boolean allPositive = ParIter.of(values).allMatch(v -> v > 0);}</pre>
   *
   * @param p the predicate
   */
  public boolean allMatch(Predicate<? super T> p) {
    Objects.requireNonNull(p, "p");
    return !anyMatch(p.negate());
  }

  /**
   * {@return some element that matches {@code p}, not necessarily the first; empty if none}
   * Stops at the first match found.
   *
   * <pre>{@code Optional<Path> big = ParIter.of(paths).findAny(p -> size(p) > LIMIT);}</pre>
   *
   * @param p the predicate
   * @throws NullPointerException if the element found is null
   */
  public Optional<T> findAny(Predicate<? super T> p) {
    Objects.requireNonNull(p, "p");
    return search(p, false, Optional::of, Optional.empty(), (a, b) -> a);
  }

  /**
   * {@return the first element, in source order, that matches {@code p}; empty if none} Work on
   * elements after a match stops; work before it goes on until the first match is certain.
   *
   * <pre>{@code Optional<String> firstError = ParIter.lines(log).findFirst(l -> l.contains("ERROR"));}</pre>
   *
   * @param p the predicate
   * @throws NullPointerException if the element found is null
   */
  public Optional<T> findFirst(Predicate<? super T> p) {
    Objects.requireNonNull(p, "p");
    return search(p, true, Optional::of, Optional.empty(), (a, b) -> a);
  }
}
