package dev.ferrite.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ferrite.cache.ConcurrentCache;
import dev.ferrite.sync.AtomicCounter;
import dev.ferrite.sync.Mutex;
import dev.ferrite.sync.StripedCounter;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Publication claims of {@code dev.ferrite.cache} and {@code dev.ferrite.sync}: a value written to
 * the cache (inserted, or replacing another in place), a value changed under a {@link Mutex}, and
 * plain writes before a counter update are fully visible to a thread that observes the write.
 */
public final class CacheAndSyncPublicationTest {
  private CacheAndSyncPublicationTest() {}

  /** An unbounded cache: insert, then get from another thread. */
  @JCStressTest
  @Description("a value read from the cache shows every field written before the insert")
  @Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "not inserted yet")
  @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "seen with all fields set")
  @Outcome(expect = FORBIDDEN, desc = "seen with a field not yet visible")
  @State
  public static class Insert {
    final ConcurrentCache<String, Payload> cache = ConcurrentCache.unbounded();

    @Actor
    public void writer() {
      cache.insert("k", Payload.make());
    }

    @Actor
    public void reader(III_Result r) {
      PublicationTest.record(cache.get("k"), r);
    }
  }

  /** A bounded cache (policy buffers in play): an in-place replacement of an existing value. */
  @JCStressTest
  @Description("a replaced value read from a bounded cache shows every field written before")
  @Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "the old value")
  @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "the new value, all fields set")
  @Outcome(expect = FORBIDDEN, desc = "the new value with a field not yet visible")
  @State
  public static class Replace {
    final ConcurrentCache<String, Payload> cache =
        ConcurrentCache.<String, Payload>builder().maximumSize(16).build();

    {
      cache.insert("k", new Payload(Payload.NONE));
    }

    @Actor
    public void writer() {
      cache.insert("k", Payload.make());
    }

    @Actor
    public void reader(III_Result r) {
      Payload p = cache.get("k");
      r.r1 = p.a;
      r.r2 = p.b;
      r.r3 = p.c;
    }
  }

  /** A Mutex: changes made under the lock are seen whole by the next holder. */
  @JCStressTest
  @Description("a Mutex's value is seen either before or after a holder's changes, never between")
  @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "reader first")
  @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "writer first")
  @Outcome(expect = FORBIDDEN, desc = "a torn view")
  @State
  public static class MutexHolders {
    final Mutex<Payload> m = Mutex.of(new Payload());

    @Actor
    public void writer() {
      try {
        m.lock(p -> {
          p.a = 1;
          p.b = 2;
          p.c = 3;
          return null;
        });
      } catch (InterruptedException e) {
        throw new IllegalStateException(e); // jcstress never interrupts its actors
      }
    }

    @Actor
    public void reader(III_Result r) {
      try {
        m.lock(p -> {
          r.r1 = p.a;
          r.r2 = p.b;
          r.r3 = p.c;
          return null;
        });
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** StripedCounter and AtomicCounter: an update happens-before a read that sees it. */
  @JCStressTest
  @Description("plain writes before a counter update are visible after a read that sees it")
  @Outcome(id = "0, -1", expect = ACCEPTABLE, desc = "update not seen")
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "update and the write before it seen")
  @Outcome(expect = FORBIDDEN, desc = "update seen, earlier write not")
  @State
  public static class StripedCounterPublication {
    final StripedCounter counter = new StripedCounter();
    int data;

    @Actor
    public void writer() {
      data = 1;
      counter.increment();
    }

    @Actor
    public void reader(II_Result r) {
      long s = counter.sum();
      r.r1 = (int) s;
      r.r2 = s == 1 ? data : -1;
    }
  }

  /** The same for AtomicCounter. */
  @JCStressTest
  @Description("plain writes before an AtomicCounter update are visible after a get that sees it")
  @Outcome(id = "0, -1", expect = ACCEPTABLE, desc = "update not seen")
  @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "update and the write before it seen")
  @Outcome(expect = FORBIDDEN, desc = "update seen, earlier write not")
  @State
  public static class AtomicCounterPublication {
    final AtomicCounter counter = new AtomicCounter();
    int data;

    @Actor
    public void writer() {
      data = 1;
      counter.increment();
    }

    @Actor
    public void reader(II_Result r) {
      long s = counter.get();
      r.r1 = (int) s;
      r.r2 = s == 1 ? data : -1;
    }
  }
}
