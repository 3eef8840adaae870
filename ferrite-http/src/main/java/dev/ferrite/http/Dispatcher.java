package dev.ferrite.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands out request slots: at most {@code global} requests in flight, at most {@code perHost} per
 * host, and the free slots dealt round-robin across the hosts that are waiting for one.
 */
final class Dispatcher {
  /*
   * Implementation overview
   *
   * Fair queuing with a quantum of one request, after round-robin / deficit round-robin
   * scheduling (Shreedhar and Varghese, "Efficient Fair Queuing using Deficit Round Robin",
   * SIGCOMM 1995), which every request costs the same in: each host has a FIFO queue of waiting
   * exchanges and a count of the slots it holds; `ready` is a ring of the hosts that have a
   * waiting exchange *and* a free per-host slot. A free global slot goes to the host at the head
   * of the ring, which then moves to the tail (if it still qualifies). So with n hosts waiting,
   * each gets one slot in every n that free up, whatever its queue length or its latency: a slow
   * host holds at most `perHost` slots and never the slots other hosts are waiting for. A host
   * that reaches `perHost` leaves the ring; the release of one of its slots puts it back.
   *
   * All of that state is guarded by one ReentrantLock, held only for O(1) queue operations per
   * slot (never during I/O or a callback), so it parks rather than pins, and it is uncontended at
   * the rates a network allows. Exchanges are started outside the lock by `pump`, a drain loop
   * (the "work-in-progress counter" idiom of reactive-streams libraries): whoever increments
   * `wip` from 0 starts everything that fits and loops while others asked meanwhile, so a
   * request that completes synchronously (and releases its slot from inside `launch`) cannot
   * recurse without bound, and no release is ever lost.
   *
   * An exchange decided while it waits (cancelled, batch deadline) stays in its queue and is
   * skipped when it reaches the head: removal from the middle of an ArrayDeque is O(n).
   * Whether an exchange holds a slot (`holdsSlot`) is read and written under the lock only; the
   * exchange's outcome is set by CAS before `release` takes the lock, so "picked while being
   * decided" resolves one way or the other: pick() sees the outcome and skips it, or release()
   * sees the slot and frees it.
   *
   * A slot freed from inside the HTTP client's own callback (`releaseFromClient`: the body
   * subscriber's `onComplete`, which runs in the middle of the client's read processing for that
   * connection) does not start the next request there: the pump runs as a task of the client's
   * executor (`launcher`), after the client has unwound. Starting it inline sends the next
   * request on the connection the client is still finishing with; with an executor of virtual
   * threads (a hand-off that needs no OS thread switch) the hop measured a few percent more
   * requests per second at 64 in flight and 0 ms (paired against the plain client: a median
   * ratio of 0.97 instead of 0.95) and no loss at 8 or 256 (docs/benchmark-notes.md, session
   * 10). With the client's default executor (`launcher` null: the client does not expose it)
   * the pump stays inline, where a hop would wake a parked platform thread.
   */

  private final int global;
  private final int perHost;
  private final Executor launcher;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Host> hosts = new HashMap<>();
  private final ArrayDeque<Host> ready = new ArrayDeque<>();
  private final AtomicInteger wip = new AtomicInteger();
  private int active;
  private int peak;

  /**
   * @param launcher where a slot freed by {@link #releaseFromClient} starts the next requests, or
   *     null to start them on the releasing thread
   */
  Dispatcher(int global, int perHost, Executor launcher) {
    this.global = global;
    this.perHost = perHost;
    this.launcher = launcher;
  }

  private static final class Host {
    final String key;
    final ArrayDeque<Exchange> queue = new ArrayDeque<>();
    int active;
    boolean inRing;

    Host(String key) {
      this.key = key;
    }
  }

  /** Queues exchanges (in order) for a slot, then starts what fits. */
  void enqueue(List<Exchange> exchanges) {
    lock.lock();
    try {
      for (Exchange x : exchanges) {
        Host h = hosts.computeIfAbsent(x.hostKey, Host::new);
        h.queue.add(x);
        offer(h);
      }
    } finally {
      lock.unlock();
    }
    pump();
  }

  /** Queues one exchange at the head of its host's queue (a retry keeps its turn). */
  void requeue(Exchange x) {
    lock.lock();
    try {
      Host h = hosts.computeIfAbsent(x.hostKey, Host::new);
      h.queue.addFirst(x);
      offer(h);
    } finally {
      lock.unlock();
    }
    pump();
  }

  /** Frees the slots {@code x} holds, if any, and starts what now fits. */
  void release(Exchange x) {
    if (free(x)) {
      pump();
    }
  }

  /**
   * Frees the slots {@code x} holds, if any, from inside the HTTP client's callback; what now
   * fits starts on the launcher (see the essay).
   */
  void releaseFromClient(Exchange x) {
    if (!free(x)) {
      return;
    }
    if (launcher == null) {
      pump();
      return;
    }
    try {
      launcher.execute(this::pump);
    } catch (RejectedExecutionException e) { // the client's executor is shutting down
      pump();
    }
  }

  /** {@return whether {@code x} held a slot, which is now free} */
  private boolean free(Exchange x) {
    lock.lock();
    try {
      if (!x.holdsSlot) {
        return false;
      }
      x.holdsSlot = false;
      active--;
      Host h = hosts.get(x.hostKey);
      h.active--;
      if (h.queue.isEmpty()) {
        if (h.active == 0 && !h.inRing) {
          hosts.remove(h.key);
        }
      } else {
        offer(h);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** {@return the most requests that were ever in flight at once} */
  int peak() {
    lock.lock();
    try {
      return peak;
    } finally {
      lock.unlock();
    }
  }

  /** {@return the requests in flight now} */
  int active() {
    lock.lock();
    try {
      return active;
    } finally {
      lock.unlock();
    }
  }

  private void offer(Host h) {
    if (!h.inRing && h.active < perHost && !h.queue.isEmpty()) {
      h.inRing = true;
      ready.addLast(h);
    }
  }

  /** Under the lock: takes a slot for every exchange that fits now, round-robin by host. */
  private List<Exchange> pick() {
    List<Exchange> out = null;
    while (active < global) {
      Host h = ready.pollFirst();
      if (h == null) {
        break;
      }
      h.inRing = false;
      Exchange x;
      while ((x = h.queue.pollFirst()) != null && (x.isDecided() || x.batch.isStopping())) {
        // decided while it waited, or about to be (its batch is being cancelled): drop it
      }
      if (x != null) {
        x.holdsSlot = true;
        active++;
        h.active++;
        peak = Math.max(peak, active);
        if (out == null) {
          out = new ArrayList<>();
        }
        out.add(x);
        offer(h);
      } else if (h.active == 0) {
        hosts.remove(h.key);
      }
    }
    return out;
  }

  /** Starts every exchange that fits, outside the lock; see the drain loop in the essay. */
  void pump() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    while (true) {
      List<Exchange> go;
      lock.lock();
      try {
        go = pick();
      } finally {
        lock.unlock();
      }
      if (go != null) {
        for (Exchange x : go) {
          x.launch();
        }
        continue; // more may fit now (a launch may have finished at once)
      }
      missed = wip.addAndGet(-missed);
      if (missed == 0) {
        return;
      }
    }
  }
}
