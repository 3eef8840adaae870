package dev.ferrite.actor;

import dev.ferrite.internal.Spin;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads that run actor turns: a fixed set of workers sharing one queue of scheduled
 * actors, each with a one-actor "next" slot.
 */
final class ActorPool {
  /*
   * Implementation overview.
   *
   * Shared queue plus a next slot. Scheduled actors wait in one lock-free queue (Michael and
   * Scott's, as ConcurrentLinkedQueue). An actor scheduled by a worker's own turn (actor A tells
   * idle actor B) goes instead into that worker's `next` slot, and the worker runs it as soon as
   * the current turn ends, without touching the shared queue and without waking anyone if the
   * other workers are busy: a request/response pair then bounces on one warm thread, the way Go's
   * runnext and tokio's LIFO slot keep a message exchange on one core. An actor displaced from the
   * slot goes to the shared queue. After MAX_STREAK turns in a row from the slot, the worker puts
   * its slot's actor in the shared queue and serves the queue, so queued actors are not starved.
   *
   * Stealing. The slot is not private: an idle worker takes actors from other workers' slots by
   * compare-and-set, so an actor parked in the slot of a worker whose turn blocks (or runs long)
   * still runs elsewhere; the owner takes it the same way at the end of its turn.
   *
   * Idle workers spin, then park. A worker that finds no work polls the queue and the slots with
   * CPU pause hints for the shared spin budget (Spin.SHORT, none on one CPU), then registers in
   * the `parked` queue, checks for work once more and parks. A submitter publishes its actor (queue
   * or slot, a volatile write) and then polls `parked` (a volatile read): each side writes one
   * volatile and reads the other's, so either the worker sees the work or the submitter sees the
   * worker and unparks it. A submitter wakes at most one worker, and only if one is parked: when
   * every worker is busy, scheduling an actor costs no system call.
   */

  private static final int MAX_STREAK = 64;

  private final ConcurrentLinkedQueue<ActorCell<?>> queue = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Worker> parked = new ConcurrentLinkedQueue<>();
  private final Worker[] workers;
  private volatile boolean shutdown;

  final class Worker extends Thread {
    volatile ActorCell<?> next;
    volatile boolean sleeping;
    private int streak;

    Worker(String name) {
      super(name);
      setDaemon(true);
    }

    ActorPool pool() {
      return ActorPool.this;
    }

    @Override
    public void run() {
      for (;;) {
        ActorCell<?> c = takeNext(this);
        if (c != null && streak < MAX_STREAK) {
          streak++;
        } else {
          if (c != null) {
            queue.offer(c);
            wakeOne();
          }
          streak = 0;
          c = queue.poll();
          if (c == null) {
            c = awaitWork(this);
            if (c == null) {
              return; // shut down
            }
          }
        }
        try {
          c.turn();
        } catch (Throwable t) { // turn() handles behaviour failures; this is a bug or an Error
          System.getLogger(ActorPool.class.getName()).log(System.Logger.Level.ERROR,
              "actor turn failed in " + getName(), t);
        }
      }
    }
  }

  ActorPool(String name, int threads) {
    workers = new Worker[threads];
    for (int i = 0; i < threads; i++) {
      workers[i] = new Worker(name + "-worker-" + (i + 1));
    }
  }

  /** Whether the workers have been started (they start when the first actor is scheduled). */
  private volatile boolean started;
  private final ReentrantLock startLock = new ReentrantLock();

  private void ensureStarted() {
    if (!started) {
      startLock.lock();
      try {
        if (!started && !shutdown) {
          for (Worker w : workers) {
            w.start();
          }
          started = true;
        }
      } finally {
        startLock.unlock();
      }
    }
  }

  /** {@return whether the current thread is one of this pool's workers} */
  boolean isWorkerThread() {
    return Thread.currentThread() instanceof Worker w && w.pool() == this;
  }

  /** Schedules a turn of {@code cell}. */
  void execute(ActorCell<?> cell) {
    if (shutdown) {
      throw new RejectedExecutionException("actor pool shut down");
    }
    ensureStarted();
    if (Thread.currentThread() instanceof Worker w && w.pool() == this) {
      ActorCell<?> old = (ActorCell<?>) NEXT.getAndSet(w, cell);
      if (old != null) {
        queue.offer(old);
      }
    } else {
      queue.offer(cell);
    }
    wakeOne();
  }

  private static ActorCell<?> takeNext(Worker w) {
    return w.next == null ? null : (ActorCell<?>) NEXT.getAndSet(w, null);
  }

  private void wakeOne() {
    if (parked.isEmpty()) {
      return;
    }
    Worker w = parked.poll();
    if (w != null) {
      w.sleeping = false;
      LockSupport.unpark(w);
    }
  }

  private ActorCell<?> findWork(Worker self) {
    ActorCell<?> c = queue.poll();
    if (c != null) {
      return c;
    }
    for (Worker w : workers) {
      if (w != self && (c = takeNext(w)) != null) {
        return c;
      }
    }
    return null;
  }

  private ActorCell<?> awaitWork(Worker self) {
    ActorCell<?> c;
    long end = System.nanoTime() + Spin.budget(Spin.SHORT);
    for (int i = 0; ; i++) {
      if ((c = findWork(self)) != null) {
        return c;
      }
      if (shutdown || !Spin.pause(i, end)) {
        break;
      }
    }
    for (;;) {
      self.sleeping = true;
      parked.offer(self);
      if ((c = findWork(self)) != null || shutdown) {
        if (!parked.remove(self)) {
          wakeOne(); // someone woke us meanwhile: pass the wake-up on
        }
        self.sleeping = false;
        if (c != null) {
          return c;
        }
      } else {
        while (self.sleeping && !shutdown) {
          LockSupport.park(this);
        }
        if ((c = findWork(self)) != null) {
          return c;
        }
      }
      if (shutdown) {
        return null;
      }
    }
  }

  /** Stops the workers once they are idle and waits for them to end. */
  void shutdownAndJoin() throws InterruptedException {
    startLock.lock();
    try {
      shutdown = true;
    } finally {
      startLock.unlock();
    }
    for (Worker w : workers) {
      LockSupport.unpark(w);
    }
    if (started) {
      for (Worker w : workers) {
        w.join();
      }
    }
  }

  private static final VarHandle NEXT;

  static {
    try {
      NEXT = MethodHandles.lookup().findVarHandle(Worker.class, "next", ActorCell.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
