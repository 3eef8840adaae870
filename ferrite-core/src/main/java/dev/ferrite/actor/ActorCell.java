package dev.ferrite.actor;

import dev.ferrite.internal.Spin;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One actor: its mailbox, its scheduling state, its behaviour instance and its lifecycle, in one
 * object that is also its {@link ActorRef}, its {@link ActorContext} and the task the pool runs.
 */
final class ActorCell<M> implements ActorRef<M>, ActorContext<M> {
  /*
   * Implementation overview.
   *
   * Mailbox. The default mailbox is Dmitry Vyukov's non-intrusive multi-producer single-consumer
   * queue ("Non-intrusive MPSC node-based queue", 1024cores.net), the structure behind Akka's and
   * Pekko's AbstractNodeQueue too: a singly linked list with a stub node. A producer swaps itself
   * in as the tail with one atomic exchange and then links the previous tail to it (a release
   * store: the exchange already is the fence the scheduling handshake below needs); the consumer
   * (only ever the thread running the actor's turn) follows `next` from its private `head`. A
   * tell therefore takes no lock and never waits for another producer or for the consumer; the
   * exchange orders all producers, so each producer's messages stay in its sending order. A
   * producer preempted between its exchange and its link leaves a gap: the consumer sees no
   * `next` yet and treats the mailbox as momentarily empty, but `tail != head` tells it a message
   * is on its way, so it reschedules the actor instead of going idle. An empty mailbox is one
   * 24-byte stub node; a message costs one node while it waits. A turn keeps the consumer's
   * `head` in a local and stores it back once, when the turn ends: the cell is one small object,
   * so `head` shares a cache line with `tail` and `state`, which every tell touches, and a store
   * per message would pull that line to the consumer's core each time (fan-in: +13%). There is no array, so an idle
   * actor costs the cell (about 72 bytes), the stub and its behaviour object.
   *
   * Bounds. A bounded mailbox also counts reservations in `count`: a producer adds one before it
   * enqueues and takes it back if the result exceeds the capacity (then the overflow policy
   * decides). The consumer gives the room back at the end of its turn, in one subtraction for the
   * whole batch, so the counter's cache line moves once per turn, not once per message. An
   * unbounded mailbox skips the counter entirely. BLOCK senders wait on a lazily created
   * lock/condition pair; a Dekker pair (the sender increments `waiting` and re-reads `count`
   * under the lock; the consumer subtracts from `count` and then reads `waiting`) guarantees a
   * waiting sender is signalled. DROP_OLDEST needs a producer to remove the oldest message, which
   * the single-consumer queue forbids, so such a mailbox is a ConcurrentLinkedQueue instead
   * (Michael and Scott's queue), which any thread may poll.
   *
   * Scheduling. `state` holds the SCHEDULED bit and the lifecycle bits. A producer that has
   * enqueued reads `state`; only if SCHEDULED is clear does it CAS it on and submit the cell to
   * the pool, so the actor is submitted once per idle -> scheduled transition, not once per
   * message (Akka's Mailbox does the same). Whoever sets SCHEDULED owns the consumer side until
   * it clears it. A turn handles at most `throughput` messages, then clears SCHEDULED and
   * re-reads the tail: the producer writes the tail and then reads `state`, the turn writes
   * `state` and then reads the tail (both volatile), so at least one of them sees the other and
   * no message is left behind in an unscheduled mailbox. The pool (ActorPool) queues the cell
   * itself, so scheduling allocates nothing but the queue's node; an idle actor costs no thread.
   *
   * Lifecycle. stop() sets STOPPING: later tells go to the dead letters, and the turn that finds
   * the mailbox empty terminates. stopNow() also sets STOP_NOW, checked after every message.
   * Termination runs on the actor's turn: post-stop hook, remaining messages to dead letters,
   * TERMINATED, the termination future, and the system's registry. A message that slipped in
   * after (it passed the STOPPING check just before) makes the producer schedule the cell once
   * more, and that turn hands it to the dead letters, so nothing is lost silently. A failure
   * with a restart decision keeps SCHEDULED set and sets SUSPENDED while the system's timer
   * counts the back-off; whoever clears SUSPENDED (the timer, or stopNow) resubmits the cell.
   */

  /** A queued message. */
  static class Node {
    volatile Node next;
    Object message;

    Node(Object message) {
      this.message = message;
    }
  }

  /** A queued question: the message of an ask, with the reply to complete if it is not handled. */
  static final class Question extends Node {
    Reply<?> reply;

    Question(Object message, Reply<?> reply) {
      super(message);
      this.reply = reply;
    }
  }

  /** The one-shot reply of an ask. */
  static final class Reply<R> extends CompletableFuture<AskResult<R>> implements ReplyTo<R> {
    @Override
    public boolean reply(R value) {
      return complete(new Replied<>(value));
    }
  }

  /** The lock and condition BLOCK senders wait on, created when a sender first waits. */
  static final class Blocked {
    final ReentrantLock lock = new ReentrantLock();
    final Condition room = lock.newCondition();
    final AtomicInteger waiting = new AtomicInteger();

    void signalAll() {
      lock.lock();
      try {
        room.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  static final int SCHEDULED = 1;
  static final int STOPPING = 2;
  static final int STOP_NOW = 4;
  static final int TERMINATED = 8;
  static final int SUSPENDED = 16;

  // offer() outcomes
  static final int DELIVERED = 0;
  static final int REJECTED = 1;
  static final int STOPPED = 2;
  static final int TIMED_OUT = 3;
  static final int INTERRUPTED = 4;

  final ActorSystem system;
  final Spec<M> spec;
  private final String name;
  /** The consumer's end of the MPSC queue (owner of the turn only). */
  private Node head;
  private volatile Node tail;
  /** The mailbox of a DROP_OLDEST actor instead of head/tail; null otherwise. */
  private final ConcurrentLinkedQueue<Node> multi;
  private volatile int state;
  private volatile int count;
  private Actor<M> instance;
  private int failures;
  private volatile Blocked blocked;
  private volatile CompletableFuture<Void> termination;
  /** The system's registry of live actors (guarded by the system's lock). */
  ActorCell<?> prev;
  ActorCell<?> next;

  ActorCell(ActorSystem system, Spec<M> spec, String name) {
    this.system = system;
    this.spec = spec;
    this.name = name;
    if (spec.overflow == Overflow.DROP_OLDEST && spec.capacity != Integer.MAX_VALUE) {
      multi = new ConcurrentLinkedQueue<>();
    } else {
      multi = null;
      Node stub = new Node(null);
      head = stub;
      tail = stub;
    }
    Actor<M> a = spec.factory.get();
    instance = Objects.requireNonNull(a, "the actor factory returned null");
    state = 0; // volatile write: publishes the fields to whoever schedules the first turn
  }

  // ---------------------------------------------------------------- ActorRef

  @Override
  public String name() {
    return name != null ? name : "actor@" + Integer.toHexString(System.identityHashCode(this));
  }

  @Override
  public TellResult tell(M message) {
    Objects.requireNonNull(message, "message");
    return switch (offer(new Node(message), false, 0L)) {
      case DELIVERED -> Delivered.instance();
      case STOPPED -> Stopped.instance();
      case INTERRUPTED -> {
        Thread.currentThread().interrupt();
        yield Rejected.instance();
      }
      default -> Rejected.instance();
    };
  }

  @Override
  public <R> AskResult<R> ask(Function<? super ReplyTo<R>, ? extends M> question, Duration timeout)
      throws InterruptedException {
    long nanos = timeout.toNanos();
    long deadline = System.nanoTime() + nanos;
    Reply<R> reply = new Reply<>();
    M message = Objects.requireNonNull(question.apply(reply), "message");
    switch (offer(new Question(message, reply), true, deadline)) {
      case DELIVERED -> {}
      case STOPPED -> {
        return Stopped.instance();
      }
      case REJECTED -> {
        return Rejected.instance();
      }
      case TIMED_OUT -> {
        reply.complete(TimedOut.instance());
        return reply.getNow(TimedOut.instance());
      }
      default -> {
        reply.complete(TimedOut.instance());
        throw new InterruptedException("interrupted while waiting for room in " + name());
      }
    }
    // A reply usually comes within microseconds: spin briefly before parking in get().
    long spinEnd = System.nanoTime() + Math.min(Spin.budget(Spin.SHORT), Math.max(nanos, 0L));
    for (int i = 0; !reply.isDone() && Spin.pause(i, spinEnd); i++) {
      // spin
    }
    try {
      long left = deadline - System.nanoTime();
      return reply.isDone() ? reply.getNow(null) : reply.get(Math.max(left, 0L), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      reply.complete(TimedOut.instance());
      return reply.getNow(TimedOut.instance());
    } catch (InterruptedException e) {
      reply.complete(TimedOut.instance());
      throw e;
    } catch (ExecutionException e) {
      throw new IllegalStateException("a reply never completes exceptionally", e);
    }
  }

  @Override
  public <R> CompletableFuture<AskResult<R>> askAsync(
      Function<? super ReplyTo<R>, ? extends M> question, Duration timeout) {
    long nanos = timeout.toNanos();
    Reply<R> reply = new Reply<>();
    M message = Objects.requireNonNull(question.apply(reply), "message");
    switch (offer(new Question(message, reply), false, 0L)) {
      case DELIVERED -> {
        if (!reply.isDone()) {
          ScheduledFuture<?> timer =
              system.schedule(() -> reply.complete(TimedOut.instance()), nanos);
          if (timer != null) {
            reply.whenComplete((r, e) -> timer.cancel(false));
          }
        }
      }
      case STOPPED -> reply.complete(Stopped.instance());
      case INTERRUPTED -> {
        Thread.currentThread().interrupt();
        reply.complete(Rejected.instance());
      }
      default -> reply.complete(Rejected.instance());
    }
    return reply;
  }

  @Override
  public void stop() {
    if (setBits(STOPPING)) {
      trySchedule();
    }
  }

  @Override
  public void stopNow() {
    if (setBits(STOPPING | STOP_NOW)) {
      if (!resume()) {
        trySchedule();
      }
    }
  }

  @Override
  public boolean isTerminated() {
    return (state & TERMINATED) != 0;
  }

  @Override
  public CompletableFuture<Void> whenTerminated() {
    return termination().copy();
  }

  CompletableFuture<Void> termination() {
    CompletableFuture<Void> f = termination;
    if (f == null) {
      f = new CompletableFuture<>();
      if (!TERMINATION.compareAndSet(this, null, f)) {
        f = termination;
      }
    }
    if ((state & TERMINATED) != 0) {
      f.complete(null);
    }
    return f;
  }

  // ---------------------------------------------------------------- ActorContext

  @Override
  public ActorRef<M> self() {
    return this;
  }

  @Override
  public ActorSystem system() {
    return system;
  }

  @Override
  public void watch(ActorRef<?> other, M notice) {
    Objects.requireNonNull(notice, "notice");
    ((ActorCell<?>) Objects.requireNonNull(other, "other")).termination()
        .thenRun(() -> tell(notice));
  }

  // ---------------------------------------------------------------- sending

  /** Queues a node, applying the overflow policy; returns one of the offer outcomes. */
  private int offer(Node n, boolean timed, long deadline) {
    if ((state & STOPPING) != 0) {
      deadLetter(n, DeadLetter.Reason.STOPPED);
      return STOPPED;
    }
    if (spec.capacity != Integer.MAX_VALUE && !reserve()) {
      switch (spec.overflow) {
        case FAIL_FAST -> {
          return REJECTED;
        }
        case DROP_NEWEST -> {
          deadLetter(n, DeadLetter.Reason.DROPPED);
          return REJECTED;
        }
        case DROP_OLDEST -> evictUntilRoom();
        case BLOCK -> {
          int r = awaitRoom(timed, deadline);
          if (r == STOPPED) {
            deadLetter(n, DeadLetter.Reason.STOPPED);
          }
          if (r != DELIVERED) {
            return r;
          }
        }
      }
    }
    if (multi != null) {
      multi.offer(n);
    } else {
      Node prev = (Node) TAIL.getAndSet(this, n);
      // a release store (see the essay): a volatile one would add a second fence, which waits
      // for the previous node's cache line, often another producer's, to arrive
      LINK.setRelease(prev, n);
    }
    if ((state & SCHEDULED) == 0) {
      trySchedule();
    }
    return DELIVERED;
  }

  private boolean reserve() {
    int c = (int) COUNT.getAndAdd(this, 1);
    if (c < spec.capacity) {
      return true;
    }
    release(1);
    return false;
  }

  /** Gives back {@code k} reservations and signals waiting BLOCK senders. */
  private void release(int k) {
    if (k == 0 || spec.capacity == Integer.MAX_VALUE) {
      return;
    }
    COUNT.getAndAdd(this, -k);
    Blocked b = blocked;
    if (b != null && b.waiting.get() > 0) {
      b.signalAll();
    }
  }

  private void evictUntilRoom() {
    for (int i = 0; ; i++) {
      Node old = multi.poll();
      if (old != null) {
        release(1);
        deadLetter(old, DeadLetter.Reason.DROPPED);
      } else {
        Spin.snooze(i); // a reservation whose message is a few instructions from the queue
      }
      if (reserve()) {
        return;
      }
    }
  }

  private int awaitRoom(boolean timed, long deadline) {
    Blocked b = blocked;
    if (b == null) {
      b = new Blocked();
      if (!BLOCKED.compareAndSet(this, null, b)) {
        b = blocked;
      }
    }
    b.waiting.incrementAndGet();
    b.lock.lock();
    try {
      for (;;) {
        if ((state & STOPPING) != 0) {
          return STOPPED;
        }
        if (reserve()) {
          return DELIVERED;
        }
        if (timed) {
          long left = deadline - System.nanoTime();
          if (left <= 0L) {
            return TIMED_OUT;
          }
          b.room.awaitNanos(left);
        } else {
          b.room.await();
        }
      }
    } catch (InterruptedException e) {
      return INTERRUPTED;
    } finally {
      b.lock.unlock();
      b.waiting.decrementAndGet();
    }
  }

  private void deadLetter(Node n, DeadLetter.Reason reason) {
    if (n instanceof Question q && q.reply != null) {
      q.reply.complete(reason == DeadLetter.Reason.STOPPED ? Stopped.instance()
          : Rejected.instance());
    }
    system.deadLetter(new DeadLetter(this, n.message, reason));
  }

  // ---------------------------------------------------------------- scheduling

  private void trySchedule() {
    for (;;) {
      int s = state;
      if ((s & SCHEDULED) != 0) {
        return;
      }
      if (STATE.compareAndSet(this, s, s | SCHEDULED)) {
        system.execute(this);
        return;
      }
    }
  }

  /** Sets bits; returns false if they were all set already. */
  private boolean setBits(int bits) {
    for (;;) {
      int s = state;
      if ((s & bits) == bits) {
        return false;
      }
      if (STATE.compareAndSet(this, s, s | bits)) {
        return true;
      }
    }
  }

  /** Ends a restart back-off early or on time: the winner of SUSPENDED resubmits the cell. */
  boolean resume() {
    for (;;) {
      int s = state;
      if ((s & SUSPENDED) == 0) {
        return false;
      }
      if (STATE.compareAndSet(this, s, s & ~SUSPENDED)) {
        system.execute(this);
        return true;
      }
    }
  }

  /** One turn: up to {@code throughput} messages. Runs with SCHEDULED set, by its owner only. */
  @SuppressWarnings("unchecked")
  void turn() {
    int s = state;
    if ((s & TERMINATED) != 0) {
      release(drainToDeadLetters());
      idle();
      return;
    }
    if ((s & STOP_NOW) != 0) {
      terminate();
      return;
    }
    Actor<M> a = instance;
    if (a == null) {
      try {
        a = Objects.requireNonNull(spec.factory.get(), "the actor factory returned null");
        instance = a;
      } catch (Throwable t) {
        fail(null, t);
        return;
      }
    }
    int limit = spec.throughput;
    int taken = 0;
    ConcurrentLinkedQueue<Node> mq = multi;
    // The consumer's head stays in a local during the turn and is stored back on every way out:
    // the field shares a cache line with `tail` and `state`, which every tell touches, so a
    // store per message would pull that line away from the producers each time.
    Node h = head;
    for (int done = 0; done < limit; done++) {
      Node n = mq != null ? mq.poll() : h.next;
      if (n == null) {
        if ((state & STOPPING) != 0) {
          head = h;
          release(taken);
          terminate();
          return;
        }
        break;
      }
      if (mq != null) {
        release(1);
      } else {
        h = n;
        taken++;
      }
      Object message = n.message;
      n.message = null;
      if (n instanceof Question q) {
        q.reply = null;
      }
      try {
        a.receive((M) message, this);
        if (failures != 0) {
          failures = 0;
        }
      } catch (Throwable t) {
        head = h;
        release(taken);
        fail(message, t);
        return;
      }
      if ((state & STOP_NOW) != 0) {
        head = h;
        release(taken);
        terminate();
        return;
      }
    }
    head = h;
    release(taken);
    idle();
  }

  /** Ends a turn: clears SCHEDULED, then reschedules if work arrived meanwhile. */
  private void idle() {
    Node h = head;
    int s = (int) STATE.getAndAdd(this, -SCHEDULED) - SCHEDULED;
    boolean pending = multi != null ? !multi.isEmpty() : tail != h;
    if (pending || (s & (STOPPING | TERMINATED)) == STOPPING) {
      trySchedule();
    }
  }

  private Node poll() {
    if (multi != null) {
      return multi.poll();
    }
    Node n = head.next;
    if (n != null) {
      head = n;
    }
    return n;
  }

  private int drainToDeadLetters() {
    int taken = 0;
    for (Node n; (n = poll()) != null; ) {
      if (multi == null) {
        taken++;
      } else {
        release(1);
      }
      deadLetter(n, DeadLetter.Reason.STOPPED);
      n.message = null;
      if (n instanceof Question q) {
        q.reply = null;
      }
    }
    return taken;
  }

  private void fail(Object message, Throwable error) {
    int n = ++failures;
    boolean restart = spec.supervision instanceof Supervision.Restart r
        && n <= r.maxRestarts() && (state & STOP_NOW) == 0;
    system.reportFailure(new ActorFailure(this, message, error,
        restart ? ActorFailure.Decision.RESTART : ActorFailure.Decision.STOP, n));
    if (!restart) {
      terminate();
      return;
    }
    instance = null;
    long delay = ((Supervision.Restart) spec.supervision).backoffNanos(n);
    setBits(SUSPENDED);
    if ((state & STOP_NOW) != 0) {
      resume(); // stopNow() may have missed the suspension
    } else {
      system.schedule(this::resume, delay);
    }
  }

  private void terminate() {
    setBits(STOPPING | STOP_NOW);
    Actor<M> a = instance;
    instance = null;
    if (a != null) {
      try {
        a.postStop();
      } catch (Throwable t) {
        system.reportFailure(new ActorFailure(this, null, t, ActorFailure.Decision.STOP,
            failures + 1));
      }
    }
    release(drainToDeadLetters());
    setBits(TERMINATED);
    Blocked b = blocked;
    if (b != null) {
      b.signalAll();
    }
    CompletableFuture<Void> f = termination;
    if (f != null) {
      f.complete(null);
    }
    system.unregister(this);
    idle();
  }

  @Override
  public String toString() {
    return "ActorRef[" + name() + "]";
  }

  private static final VarHandle LINK;
  private static final VarHandle STATE;
  private static final VarHandle COUNT;
  private static final VarHandle TAIL;
  private static final VarHandle BLOCKED;
  private static final VarHandle TERMINATION;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      LINK = l.findVarHandle(Node.class, "next", Node.class);
      STATE = l.findVarHandle(ActorCell.class, "state", int.class);
      COUNT = l.findVarHandle(ActorCell.class, "count", int.class);
      TAIL = l.findVarHandle(ActorCell.class, "tail", Node.class);
      BLOCKED = l.findVarHandle(ActorCell.class, "blocked", Blocked.class);
      TERMINATION = l.findVarHandle(ActorCell.class, "termination", CompletableFuture.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
