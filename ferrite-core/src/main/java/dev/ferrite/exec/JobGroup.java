package dev.ferrite.exec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The jobs of one {@code invokeAny} on a {@link WorkStealingPool}: done once one of them
 * succeeded or all of them are done. One waiter, the caller of {@code invokeAny}.
 *
 * <p>Each job's completion calls {@link #arrive}: a success sets {@code succeeded}, every job
 * counts itself in {@code arrived} (an atomic add, after the job's own state CAS), and the waiter
 * is unparked if it enlisted. The waiter enlists (volatile write), then re-reads the counts: the
 * Dekker pair of {@link Waitable}.
 */
final class JobGroup implements Waitable {
  private final int size;
  private volatile int arrived;
  private volatile boolean succeeded;
  private volatile Thread waiter;

  JobGroup(int size) {
    this.size = size;
  }

  /** Counts the completion of {@code job}; called once per job, by whoever completed it. */
  void arrive(PoolJob<?> job) {
    if (job.succeeded()) {
      succeeded = true;
    }
    ARRIVED.getAndAdd(this, 1);
    Thread w = waiter;
    if (w != null) {
      LockSupport.unpark(w);
    }
  }

  /** {@return true once a job succeeded or every job is done} */
  @Override
  public boolean isDone() {
    return succeeded || arrived >= size;
  }

  @Override
  public Object enlist(Thread t) {
    waiter = t;
    return t;
  }

  @Override
  public void delist(Object token) {
    waiter = null;
  }

  private static final VarHandle ARRIVED;

  static {
    try {
      ARRIVED = MethodHandles.lookup().findVarHandle(JobGroup.class, "arrived", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
