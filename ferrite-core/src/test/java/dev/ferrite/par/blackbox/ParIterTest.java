package dev.ferrite.par.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.exec.WorkStealingPool;
import dev.ferrite.par.ParIter;
import dev.ferrite.test.AllowThreadLeaks;
import dev.ferrite.test.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every adapter and terminal of {@link ParIter} against its sequential equivalent. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ParIterTest {
  private final List<WorkStealingPool> pools = new ArrayList<>();

  private WorkStealingPool pool(int workers) {
    WorkStealingPool p = WorkStealingPool.builder().workers(workers).name("par-test").build();
    pools.add(p);
    return p;
  }

  @AfterEach
  void closePools() {
    pools.forEach(WorkStealingPool::close);
  }

  /** An element with a key for ordering and its index, to tell equal keys apart. */
  record Item(int key, int index) {}

  private static final int[] SIZES = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64,
      65, 100, 127, 128, 129, 1000, 4096};

  private static List<Item> items(SplittableRandom r, int n) {
    int range = 1 + r.nextInt(Math.max(1, n));
    List<Item> l = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      l.add(new Item(r.nextInt(range), i));
    }
    return l;
  }

  @Test
  void everyOperationMatchesSequential() {
    WorkStealingPool[] ps = {pool(1), pool(2), pool(4)};
    for (long seed : Seeds.seeds(40)) {
      Seeds.run(seed, r -> {
        int n = r.nextBoolean() ? SIZES[r.nextInt(SIZES.length)] : r.nextInt(3000);
        List<Item> src = items(r, n);
        WorkStealingPool p = ps[r.nextInt(ps.length)];
        long minLen = r.nextBoolean() ? 1 : 1 + r.nextInt(50);
        ParIter<Item> base = switch (r.nextInt(3)) {
          case 0 -> ParIter.of(src);
          case 1 -> ParIter.of(src.toArray(new Item[0]));
          default -> ParIter.of(new LinkedList<>(src));
        };
        base = base.on(p).minLen(minLen);
        int mod = 1 + r.nextInt(5);
        check(base, src, mod, r);
      });
    }
  }

  private static void check(ParIter<Item> par, List<Item> src, int mod, SplittableRandom r) {
    // adapters, order kept
    Function<Item, List<Item>> dup = x -> x.key() % 3 == 0 ? List.of()
        : x.key() % 3 == 1 ? List.of(x) : List.of(x, new Item(-x.key(), x.index()));
    List<Item> seqAdapted = src.stream().filter(x -> x.key() % mod != 0 || mod == 1)
        .flatMap(x -> dup.apply(x).stream()).map(x -> new Item(x.key() * 2, x.index())).toList();
    ParIter<Item> adapted = par.filter(x -> x.key() % mod != 0 || mod == 1).flatMap(dup)
        .map(x -> new Item(x.key() * 2, x.index()));
    assertThat(adapted.toList()).isEqualTo(seqAdapted);
    ParIter<Item> multi = par.<Item>mapMulti((x, down) -> dup.apply(x).forEach(down))
        .map(x -> new Item(x.key() * 2, x.index()))
        .filter(x -> x.key() % mod != 0 || mod == 1);
    assertThat(multi.toList()).isEqualTo(src.stream().flatMap(x -> dup.apply(x).stream())
        .map(x -> new Item(x.key() * 2, x.index())).filter(x -> x.key() % mod != 0 || mod == 1)
        .toList());

    assertThat(par.count()).isEqualTo(src.size());
    assertThat(par.sum(Item::key)).isEqualTo(src.stream().mapToLong(Item::key).sum());
    Comparator<Item> byKey = Comparator.comparingInt(Item::key);
    assertThat(par.min(byKey)).isEqualTo(src.stream().min(byKey));
    assertThat(par.max(byKey)).isEqualTo(src.stream().max(byKey));
    // string concatenation: associative, not commutative, so order shows
    assertThat(par.map(x -> x.index() + ",").reduce("", String::concat))
        .isEqualTo(src.stream().map(x -> x.index() + ",").reduce("", String::concat));
    assertThat(par.map(x -> x.index() + ",").reduce(String::concat))
        .isEqualTo(src.stream().map(x -> x.index() + ",").reduce(String::concat));
    List<Integer> folded = par.fold(ArrayList<Integer>::new, (l, x) -> {
      l.add(x.index());
      return l;
    }).reduce(ArrayList::new, (a, b) -> {
      a.addAll(b);
      return a;
    });
    assertThat(folded).isEqualTo(src.stream().map(Item::index).toList());
    Map<Integer, String> map = par.toMap(Item::key, x -> "" + x.index(), (a, b) -> a + "/" + b);
    Map<Integer, String> seqMap = new HashMap<>();
    src.forEach(x -> seqMap.merge(x.key(), "" + x.index(), (a, b) -> a + "/" + b));
    assertThat(map).isEqualTo(seqMap);
    assertThat(par.collect(Collectors.groupingBy(Item::key)))
        .isEqualTo(src.stream().collect(Collectors.groupingBy(Item::key)));
    ConcurrentLinkedQueue<Item> seen = new ConcurrentLinkedQueue<>();
    par.forEach(seen::add);
    assertThat(seen).containsExactlyInAnyOrderElementsOf(src);

    int target = src.isEmpty() ? 0 : src.get(r.nextInt(src.size())).key();
    assertThat(par.anyMatch(x -> x.key() == target))
        .isEqualTo(src.stream().anyMatch(x -> x.key() == target));
    assertThat(par.allMatch(x -> x.key() != target))
        .isEqualTo(src.stream().allMatch(x -> x.key() != target));
    assertThat(par.allMatch(x -> x.key() >= 0)).isTrue();
    assertThat(par.anyMatch(x -> x.key() < 0)).isFalse();
    assertThat(par.findFirst(x -> x.key() == target))
        .isEqualTo(src.stream().filter(x -> x.key() == target).findFirst());
    assertThat(par.findFirst(x -> x.key() >= target))
        .isEqualTo(src.stream().filter(x -> x.key() >= target).findFirst());
    Optional<Item> any = par.findAny(x -> x.key() == target);
    assertThat(any.isPresent()).isEqualTo(!src.isEmpty());
    any.ifPresent(x -> assertThat(x.key()).isEqualTo(target));
  }

  @Test
  void rangesMatchSequential() {
    WorkStealingPool p = pool(2);
    for (long seed : Seeds.seeds(30)) {
      Seeds.run(seed, r -> {
        int a = r.nextInt(-100, 100);
        int b = a + (r.nextBoolean() ? SIZES[r.nextInt(SIZES.length)] : r.nextInt(-5, 20_000));
        assertThat(ParIter.range(a, b).on(p).toList())
            .isEqualTo(IntStream.range(a, b).boxed().toList());
        assertThat(ParIter.range(a, b).on(p).sum(i -> (long) i * i))
            .isEqualTo(IntStream.range(a, b).mapToLong(i -> (long) i * i).sum());
        long la = Long.MAX_VALUE - 50_000 + a;
        assertThat(ParIter.range(la, la + Math.max(0, b - a)).on(p).count())
            .isEqualTo(Math.max(0, b - a));
        assertThat(ParIter.range(la, la + Math.max(0, b - a)).on(p).findFirst(x -> x % 7 == 0))
            .isEqualTo(java.util.stream.LongStream.range(la, la + Math.max(0, b - a)).boxed()
                .filter(x -> x % 7 == 0).findFirst());
      });
    }
  }

  @Test
  void unorderedSourceGivesTheSameMultiset() {
    WorkStealingPool p = pool(2);
    for (long seed : Seeds.seeds(20)) {
      Seeds.run(seed, r -> {
        HashSet<Integer> set = new HashSet<>();
        int n = r.nextInt(5000);
        for (int i = 0; i < n; i++) {
          set.add(r.nextInt());
        }
        List<Integer> got = ParIter.of(set).on(p).map(x -> x / 2).toList();
        List<Integer> want = set.stream().map(x -> x / 2).collect(Collectors.toList());
        Collections.sort(got);
        Collections.sort(want);
        assertThat(got).isEqualTo(want);
        assertThat(ParIter.of(set).on(p).count()).isEqualTo(set.size());
      });
    }
  }

  @Test
  void anyMatchStopsEarlyOnOneWorker() {
    // One worker runs the leaves one after another: the first leaf finds element 0 at once, and
    // no other leaf starts.
    AtomicLong evaluated = new AtomicLong();
    boolean found = ParIter.range(0, 1_000_000).on(pool(1)).anyMatch(i -> {
      evaluated.incrementAndGet();
      return i == 0;
    });
    assertThat(found).isTrue();
    assertThat(evaluated.get()).isEqualTo(1);
  }

  @Test
  void shortCircuitStopsEarlyOnSeveralWorkers() {
    int n = 20_000_000;
    WorkStealingPool p = pool(2);
    AtomicLong evaluated = new AtomicLong();
    assertThat(ParIter.range(0, n).on(p).anyMatch(i -> {
      evaluated.incrementAndGet();
      return i == 3;
    })).isTrue();
    assertThat(evaluated.get()).isLessThan(n / 2);

    // Every leaf holds a failing element within its first 1,000, so however the workers are
    // scheduled (one of them may not run at all on a loaded machine, and leaves may run in any
    // order), the first leaf to run stops the rest: a handful of thousands, not n.
    evaluated.set(0);
    assertThat(ParIter.range(0, n).on(p).allMatch(i -> {
      evaluated.incrementAndGet();
      return i % 1_000 != 999;
    })).isFalse();
    assertThat(evaluated.get()).isLessThan(n / 2);

    evaluated.set(0);
    assertThat(ParIter.range(0, n).on(p).findAny(i -> {
      evaluated.incrementAndGet();
      return i == n / 2 + 1;
    })).contains(n / 2 + 1);
    assertThat(evaluated.get()).isLessThan(n);
  }

  @Test
  void findFirstSkipsWorkAfterTheMatch() {
    int n = 1_000_000;
    AtomicLong evaluated = new AtomicLong();
    // on one worker, the first half is one leaf; the match in it ends everything
    assertThat(ParIter.range(0, n).on(pool(1)).findFirst(i -> {
      evaluated.incrementAndGet();
      return i >= 10 && i % 10 == 0;
    })).contains(10);
    assertThat(evaluated.get()).isEqualTo(11);

    evaluated.set(0);
    assertThat(ParIter.range(0, 20_000_000).on(pool(2)).findFirst(i -> {
      evaluated.incrementAndGet();
      return i == 5 || i == 15_000_000;
    })).contains(5);
    assertThat(evaluated.get()).isLessThan(20_000_000);
  }

  @Test
  void flatMapStopsInsideAnElement() {
    AtomicLong evaluated = new AtomicLong();
    List<Integer> big = IntStream.range(0, 100_000).boxed().toList();
    assertThat(ParIter.of(1).on(pool(2)).flatMap(x -> big).anyMatch(i -> {
      evaluated.incrementAndGet();
      return i == 2;
    })).isTrue();
    assertThat(evaluated.get()).isEqualTo(3);
  }

  @Test
  void exceptionCancelsAndPropagates() {
    int n = 1_000_000;
    AtomicLong evaluated = new AtomicLong();
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(() -> ParIter.range(0, n).on(pool(1)).forEach(i -> {
      evaluated.incrementAndGet();
      if (i == 7) {
        throw boom;
      }
    })).isSameAs(boom);
    assertThat(evaluated.get()).isEqualTo(8);

    for (int workers : new int[] {2, 4}) {
      evaluated.set(0);
      int m = 20_000_000;
      assertThatThrownBy(() -> ParIter.range(0, m).on(pool(workers)).map(i -> {
        evaluated.incrementAndGet();
        if (i == 100) {
          throw boom;
        }
        return i;
      }).toList()).isSameAs(boom);
      assertThat(evaluated.get()).isLessThan(m);
    }
  }

  @Test
  void nothingRunsAfterTheTerminalReturns() {
    for (long seed : Seeds.seeds(10)) {
      Seeds.run(seed, r -> {
        WorkStealingPool p = WorkStealingPool.builder().workers(2).name("par-after").build();
        AtomicBoolean returned = new AtomicBoolean();
        AtomicLong late = new AtomicLong();
        int fail = r.nextInt(200_000);
        ParIter<Integer> it = ParIter.range(0, 200_000).on(p).map(i -> {
          if (returned.get()) {
            late.incrementAndGet();
          }
          if (i == fail) {
            throw new ArithmeticException("at " + i);
          }
          return i;
        });
        // a short-circuit may end before the failing element runs, or another worker may reach
        // it first: either outcome is fine, as long as nothing runs afterwards
        try {
          switch (r.nextInt(3)) {
            case 0 -> assertThatThrownBy(it::count).isInstanceOf(ArithmeticException.class);
            case 1 -> it.anyMatch(i -> i == fail - 1 || i == 0);
            default -> it.findFirst(i -> i > fail / 2 && i < fail);
          }
        } catch (ArithmeticException expected) {
          assertThat(expected).hasMessage("at " + fail);
        }
        returned.set(true);
        p.close(); // waits for every worker: any late task would have run by now
        assertThat(late.get()).isZero();
      });
    }
  }

  /** {@return the number of pieces (leaves) an evaluation made: fold makes one accumulator each} */
  private static long pieces(ParIter<Integer> it) {
    return it.fold(() -> 1L, (a, x) -> a).reduce(() -> 0L, Long::sum);
  }

  @Test
  void withoutStealingTheSplitBudgetMakesOnePieceAndOneSplitPerWorker() {
    // rayon's splitter: the budget starts at the number of workers and halves at each split, so
    // a one-worker pool (nobody can steal) splits the root once: two pieces, whatever the size
    for (int n : new int[] {2, 3, 100, 1_000_000}) {
      assertThat(pieces(ParIter.range(0, n).on(pool(1)))).as("n=%d", n).isEqualTo(2);
    }
    assertThat(pieces(ParIter.range(0, 1).on(pool(1)))).isEqualTo(1);
    // minLen forbids pieces below it: a range of 100 with minLen 51 cannot be halved
    assertThat(pieces(ParIter.range(0, 100).on(pool(1)).minLen(51))).isEqualTo(1);
    assertThat(pieces(ParIter.range(0, 100).on(pool(1)).minLen(50))).isEqualTo(2);
    // with several workers, stolen pieces split further, but never below minLen
    WorkStealingPool p = pool(4);
    for (int round = 0; round < 20; round++) {
      long k = pieces(ParIter.range(0, 10_000).on(p).minLen(1000));
      assertThat(k).isBetween(1L, 10L);
    }
  }

  @Test
  void anInterruptedCallerGetsCancellationAndTheEvaluationStops() throws Exception {
    WorkStealingPool p = pool(2);
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    AtomicLong evaluated = new AtomicLong();
    java.util.concurrent.atomic.AtomicReference<Throwable> thrown =
        new java.util.concurrent.atomic.AtomicReference<>();
    AtomicBoolean interruptedAfter = new AtomicBoolean();
    Thread caller = new Thread(() -> {
      try {
        ParIter.range(0L, Long.MAX_VALUE).on(p).forEach(i -> {
          evaluated.incrementAndGet();
          started.countDown();
        });
      } catch (Throwable t) {
        thrown.set(t);
        interruptedAfter.set(Thread.currentThread().isInterrupted());
      }
    });
    caller.start();
    assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
    caller.interrupt();
    caller.join(TimeUnit.SECONDS.toMillis(60));
    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(interruptedAfter.get()).isTrue();
    p.close(); // returns only once the workers stopped: the evaluation ended
    assertThat(p.isTerminated()).isTrue();
  }

  @Test
  void emptySourcesGiveIdentities() {
    ParIter<Integer> e = ParIter.range(5, 5).on(pool(2));
    assertThat(e.toList()).isEmpty();
    assertThat(e.count()).isZero();
    assertThat(e.sum(i -> i)).isZero();
    assertThat(e.min(Comparator.naturalOrder())).isEmpty();
    assertThat(e.reduce(Integer::sum)).isEmpty();
    assertThat(e.reduce(42, Integer::sum)).isEqualTo(42);
    // as in rayon, an empty source still makes one piece, with the fold's identity
    assertThat(e.fold(() -> 1, (a, b) -> a + b).reduce(() -> -1, Integer::sum)).isEqualTo(1);
    assertThat(e.allMatch(x -> false)).isTrue();
    assertThat(e.anyMatch(x -> true)).isFalse();
    assertThat(e.findFirst(x -> true)).isEmpty();
    assertThat(e.toMap(x -> x, x -> x, Integer::sum)).isEmpty();
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> ParIter.range(0, 1).minLen(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ParIter.range(0, 1).map(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ParIter.range(0, 1).on(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  @AllowThreadLeaks("the default pool is a lazily created JVM-wide daemon pool")
  void defaultPoolIsADaemonPoolSizedToTheCores() {
    assertThat(ParIter.range(0, 10_000).sum(i -> i)).isEqualTo(49_995_000L);
    assertThat(ParIter.defaultPool().workerCount())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
  }
}
