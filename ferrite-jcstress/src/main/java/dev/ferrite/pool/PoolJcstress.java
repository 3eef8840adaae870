package dev.ferrite.pool;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The pool's memory-consistency claim: actions before releasing a lease happen-before actions
 * after the acquire that leases the same resource. A holder writes plain fields of the resource
 * and releases; another thread's tryAcquire either finds nothing or sees every write. In package
 * {@code dev.ferrite.pool} (on the class path) to build pools without background threads, one per
 * jcstress state.
 */
public final class PoolJcstress {
  private PoolJcstress() {}

  /** A resource with plain fields. */
  static final class Res {
    int a;
    int b;
    int c;
  }

  /** Release by one thread, tryAcquire by another. */
  @JCStressTest
  @Description("a resource leased after a release shows every write made before the release")
  @Outcome(id = "-1, -1, -1", expect = ACCEPTABLE, desc = "not released yet: exhausted")
  @Outcome(id = "1, 2, 3", expect = ACCEPTABLE, desc = "leased after the release, all writes seen")
  @Outcome(expect = FORBIDDEN, desc = "leased after the release, a write not visible")
  @State
  public static class ReleaseThenAcquire {
    final Pool<Res> pool = new Pool<>(ResourcePool.builder(Res::new).maxSize(1), false);
    final Lease<Res> held;

    {
      try {
        pool.prefill(1);
        held = pool.acquire();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Actor
    public void holder() {
      Res r = held.get();
      r.a = 1;
      r.b = 2;
      r.c = 3;
      held.close();
    }

    @Actor
    public void next(III_Result out) {
      if (pool.tryAcquire() instanceof Acquired<Res>(Lease<Res> lease)) {
        Res r = lease.get();
        out.r1 = r.a;
        out.r2 = r.b;
        out.r3 = r.c;
        lease.close();
      } else {
        out.r1 = -1;
        out.r2 = -1;
        out.r3 = -1;
      }
    }
  }
}
