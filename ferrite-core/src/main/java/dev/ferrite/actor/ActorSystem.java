package dev.ferrite.actor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Owns a set of actors and the small pool of threads that runs them, and shuts them down in
 * order.
 *
 * <pre>{@code
 * try (ActorSystem system = ActorSystem.create("app")) {        // one thread per CPU
 *   ActorRef<CounterMsg> counter = system.spawn("counter", Counter::new);
 *   counter.tell(new Increment());
 *   System.out.println(counter.ask(Get::new, Duration.ofSeconds(1)));   // Replied[value=1]
 * }                                 // every actor drains its mailbox and stops, then the pool
 * }</pre>
 *
 * <p><b>Threads.</b> The actors share {@link Builder#threads} pool threads (daemon threads named
 * {@code <name>-worker-<n>}, started when the first actor has work; idle ones spin briefly, then
 * park) and a timer thread
 * ({@code <name>-timer}, started when first needed, for restart back-offs and {@link
 * ActorRef#askAsync} timeouts). An actor takes a pool thread only while it has messages; one turn
 * handles at most {@link Builder#throughput} of them before the thread moves on to other actors.
 * An idle actor costs no thread and a few hundred bytes of heap at most.
 *
 * <p><b>Shutdown.</b> {@link #close()} and {@link #shutdown(Duration)} refuse new spawns, stop every
 * actor after it has handled the messages already in its mailbox (messages sent meanwhile go to
 * the dead letters), wait until every actor has terminated (post-stop hooks included), and only
 * then stop the timer and the pool and wait for their threads to end. No thread of the system is
 * left running when they return.
 *
 * <p><b>Failures and dead letters.</b> Every failure of a behaviour is reported to the failure
 * handler ({@link Builder#onFailure}; by default logged with {@link System.Logger} at WARNING),
 * every message that no actor will handle to the dead-letter handler ({@link
 * Builder#onDeadLetter}; by default only counted, see {@link #deadLetterCount()}). Handlers run
 * on the thread that found the failure or dead letter (a pool thread or a sender), must be quick
 * and must not throw (what they throw is logged and dropped).
 */
public final class ActorSystem implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ActorSystem.class.getName());

  private final String name;
  private final int threads;
  private final int throughput;
  private final Consumer<? super DeadLetter> deadLetterHandler;
  private final Consumer<? super ActorFailure> failureHandler;
  private final ActorPool pool;
  private final ScheduledThreadPoolExecutor timer;
  private final AtomicLong deadLetters = new AtomicLong();
  /** Every thread the system started and that may still run, joined by the shutdown. */
  private final Set<Thread> started = ConcurrentHashMap.newKeySet();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition allStopped = lock.newCondition();
  /** Registry of live actors: a doubly linked list through the cells (guarded by lock). */
  private ActorCell<?> first;
  private int live;
  private boolean closing;
  private volatile boolean terminated;

  private ActorSystem(Builder b) {
    this.name = b.name;
    this.threads = b.threads;
    this.throughput = b.throughput;
    this.deadLetterHandler = b.deadLetterHandler;
    this.failureHandler = b.failureHandler;
    this.pool = new ActorPool(name, threads);
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name + "-timer");
      t.setDaemon(true);
      track(t);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  private void track(Thread t) {
    started.removeIf(old -> old.getState() == Thread.State.TERMINATED);
    started.add(t);
  }

  /**
   * {@return a new running system named {@code name} with the default settings (see {@link
   * Builder})} Its threads start when the first actor has work.
   *
   * @param name the name of the system, also the prefix of its threads' names
   * @throws NullPointerException if {@code name} is null
   */
  public static ActorSystem create(String name) {
    return builder().name(name).build();
  }

  /** {@return a builder of a system} */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a system; every setting has a default. */
  public static final class Builder {
    private String name = "actors";
    private int threads = Runtime.getRuntime().availableProcessors();
    private int throughput = 64;
    private Consumer<? super DeadLetter> deadLetterHandler = d -> {};
    private Consumer<? super ActorFailure> failureHandler = f -> LOG.log(System.Logger.Level.WARNING,
        () -> f.actor().name() + " failed (" + f.decision() + ") on " + f.message(), f.error());

    private Builder() {}

    /**
     * Names the system and its threads (default {@code actors}).
     *
     * @param name the name, also the prefix of the names of the system's threads
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets the number of pool threads (default: one per available processor).
     *
     * @param threads the number of threads that run the actors, in [1, 32767]
     * @return this builder
     * @throws IllegalArgumentException if {@code threads} is not in [1, 32767]
     */
    public Builder threads(int threads) {
      if (threads < 1 || threads > 32767) {
        throw new IllegalArgumentException("threads not in [1, 32767]: " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * Sets the default throughput: how many messages an actor handles in one turn before its
     * thread moves on to other actors (default 64). Higher values amortise scheduling; lower
     * values are fairer. A spawner may override it per actor.
     *
     * @param throughput the most messages per turn, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code throughput} is less than 1
     */
    public Builder throughput(int throughput) {
      if (throughput < 1) {
        throw new IllegalArgumentException("throughput < 1: " + throughput);
      }
      this.throughput = throughput;
      return this;
    }

    /**
     * Sets the handler of dead letters (default: none; they are always counted). It runs on the
     * thread that found the dead letter, must be quick, and what it throws is logged and dropped.
     *
     * @param handler told of every message that no actor will handle
     * @return this builder
     * @throws NullPointerException if {@code handler} is null
     */
    public Builder onDeadLetter(Consumer<? super DeadLetter> handler) {
      this.deadLetterHandler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Sets the handler of actor failures (default: log at WARNING with System.Logger). It runs on
     * the thread that found the failure, must be quick, and what it throws is logged and dropped.
     *
     * @param handler told of every failure of a behaviour, with the supervision decision
     * @return this builder
     * @throws NullPointerException if {@code handler} is null
     */
    public Builder onFailure(Consumer<? super ActorFailure> handler) {
      this.failureHandler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** {@return a new running system; its threads start when the first actor has work} */
    public ActorSystem build() {
      return new ActorSystem(this);
    }
  }

  /**
   * Spawns settings for actors created by {@code factory}: mailbox, supervision, throughput and
   * name, each with a default, then {@link #spawn()} as many actors as wanted. The settings in
   * force at a spawn apply to that actor.
   *
   * @param <M> the message type
   */
  public final class Spawner<M> {
    private final Supplier<? extends Actor<M>> factory;
    private String actorName;
    private Mailbox mailbox = Mailbox.defaults();
    private Supervision supervision = Supervision.stop();
    private int actorThroughput = throughput;
    private Spec<M> spec;

    private Spawner(Supplier<? extends Actor<M>> factory) {
      this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Names the actors spawned next (default: {@code actor@<hash>}).
     *
     * @param name the name, or null for the default
     * @return this spawner
     */
    public Spawner<M> name(String name) {
      this.actorName = name;
      return this;
    }

    /**
     * Sets the mailbox of the actors spawned next (default {@link Mailbox#defaults()}: bounded,
     * senders block).
     *
     * @param mailbox the mailbox settings
     * @return this spawner
     * @throws NullPointerException if {@code mailbox} is null
     */
    public Spawner<M> mailbox(Mailbox mailbox) {
      this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
      spec = null;
      return this;
    }

    /**
     * Sets what happens when the behaviour of an actor spawned next throws (default {@link
     * Supervision#stop()}).
     *
     * @param supervision the supervision strategy
     * @return this spawner
     * @throws NullPointerException if {@code supervision} is null
     */
    public Spawner<M> supervision(Supervision supervision) {
      this.supervision = Objects.requireNonNull(supervision, "supervision");
      spec = null;
      return this;
    }

    /**
     * Overrides the system's throughput (messages per turn) for the actors spawned next.
     *
     * @param throughput the most messages per turn, at least 1
     * @return this spawner
     * @throws IllegalArgumentException if {@code throughput} is less than 1
     */
    public Spawner<M> throughput(int throughput) {
      if (throughput < 1) {
        throw new IllegalArgumentException("throughput < 1: " + throughput);
      }
      this.actorThroughput = throughput;
      spec = null;
      return this;
    }

    /**
     * Creates the behaviour with the factory (on the calling thread) and starts the actor.
     *
     * @return the new actor's reference
     * @throws IllegalStateException if the system is shutting down
     * @throws RuntimeException what the factory throws (no actor is created)
     */
    public ActorRef<M> spawn() {
      Spec<M> s = spec;
      if (s == null) {
        s = spec = new Spec<>(factory, mailbox, supervision, actorThroughput);
      }
      ActorCell<M> cell = new ActorCell<>(ActorSystem.this, s, actorName);
      register(cell);
      return cell;
    }
  }

  /**
   * {@return settings for spawning actors whose behaviour {@code factory} creates} The factory is
   * called once per spawn and again for each restart, so that a restarted actor starts with fresh
   * state. Nothing is spawned until {@link Spawner#spawn()}.
   *
   * @param <M> the message type
   * @param factory creates the behaviour of each actor, and again at each restart; must not
   *     return null
   * @throws NullPointerException if {@code factory} is null
   */
  public <M> Spawner<M> actor(Supplier<? extends Actor<M>> factory) {
    return new Spawner<>(factory);
  }

  /**
   * Spawns an actor with the default settings: bounded mailbox with blocking senders, stop on
   * failure, the system's throughput. The factory is called once on the calling thread before
   * this returns, and again for each restart.
   *
   * @param <M> the message type
   * @param name the actor's name, or null for the default {@code actor@<hash>}
   * @param factory creates the actor's behaviour; must not return null
   * @return the new actor's reference
   * @throws IllegalStateException if the system is shutting down
   * @throws NullPointerException if {@code factory} is null or returns null
   * @throws RuntimeException what the factory throws (no actor is created)
   */
  public <M> ActorRef<M> spawn(String name, Supplier<? extends Actor<M>> factory) {
    return actor(factory).name(name).spawn();
  }

  /** {@return the system's name} */
  public String name() {
    return name;
  }

  /** {@return the number of pool threads} */
  public int threads() {
    return threads;
  }

  /** {@return the number of actors spawned and not yet terminated} */
  public int actorCount() {
    lock.lock();
    try {
      return live;
    } finally {
      lock.unlock();
    }
  }

  /** {@return how many dead letters the system has seen} */
  public long deadLetterCount() {
    return deadLetters.get();
  }

  /** {@return whether a shutdown has completed: every actor and thread of the system ended} */
  public boolean isTerminated() {
    return terminated;
  }

  /**
   * Shuts the system down in order and waits: stops every actor after it drains its mailbox;
   * waits up to {@code grace} for all to terminate; then stops the rest at once (their queued
   * messages go to the dead letters) and waits for them, without limit (a behaviour that never
   * returns keeps it waiting); finally stops the timer and the pool and waits for their threads.
   * Idempotent; concurrent calls all wait.
   *
   * @param grace how long actors may take to drain their mailboxes
   * @return true if every actor drained its mailbox within the grace period
   * @throws InterruptedException if interrupted while waiting; the shutdown continues in the
   *     background (call again to wait for it)
   * @throws IllegalStateException if called from one of the system's own pool threads (an
   *     actor), which would wait for itself
   */
  public boolean shutdown(Duration grace) throws InterruptedException {
    beginShutdown();
    boolean graceful = awaitActors(System.nanoTime() + grace.toNanos(), true);
    if (!graceful) {
      forEachLive(ActorCell::stopNow);
      awaitActors(0L, false);
    }
    stopThreads();
    return graceful;
  }

  /**
   * Shuts down in order, like {@link #shutdown(Duration)} with an unlimited grace period: every
   * actor drains its mailbox. If the calling thread is interrupted while it waits, the remaining
   * actors are stopped at once instead, the wait goes on, and the interrupt status is set again
   * before returning.
   *
   * @throws IllegalStateException if called from one of the system's own pool threads (an
   *     actor), which would wait for itself
   */
  @Override
  public void close() {
    boolean interrupted = false;
    beginShutdown();
    for (;;) {
      try {
        awaitActors(0L, false);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
        forEachLive(ActorCell::stopNow);
      }
    }
    for (;;) {
      try {
        stopThreads();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- internals

  private void beginShutdown() {
    if (pool.isWorkerThread()) {
      throw new IllegalStateException("an actor cannot shut down its own system (it would wait"
          + " for itself); stop it, or shut the system down from another thread");
    }
    boolean first;
    lock.lock();
    try {
      first = !closing;
      closing = true;
    } finally {
      lock.unlock();
    }
    if (first) {
      forEachLive(ActorCell::stop);
    }
  }

  private void forEachLive(Consumer<ActorCell<?>> action) {
    List<ActorCell<?>> cells = new ArrayList<>();
    lock.lock();
    try {
      for (ActorCell<?> c = first; c != null; c = c.next) {
        cells.add(c);
      }
    } finally {
      lock.unlock();
    }
    cells.forEach(action);
  }

  private boolean awaitActors(long deadline, boolean timed) throws InterruptedException {
    lock.lock();
    try {
      while (live > 0) {
        if (timed) {
          long left = deadline - System.nanoTime();
          if (left <= 0L) {
            return false;
          }
          allStopped.awaitNanos(left);
        } else {
          allStopped.await();
        }
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void stopThreads() throws InterruptedException {
    timer.shutdownNow();
    while (!timer.awaitTermination(1, TimeUnit.DAYS)) {
      // wait on
    }
    for (Thread t : started) {
      t.join(); // a terminated executor's thread may still be on its way out
    }
    pool.shutdownAndJoin();
    terminated = true;
  }

  void register(ActorCell<?> cell) {
    lock.lock();
    try {
      if (closing) {
        throw new IllegalStateException("actor system " + name + " is shutting down");
      }
      cell.next = first;
      if (first != null) {
        first.prev = cell;
      }
      first = cell;
      live++;
    } finally {
      lock.unlock();
    }
  }

  void unregister(ActorCell<?> cell) {
    lock.lock();
    try {
      if (cell.prev != null) {
        cell.prev.next = cell.next;
      } else if (first == cell) {
        first = cell.next;
      }
      if (cell.next != null) {
        cell.next.prev = cell.prev;
      }
      cell.prev = null;
      cell.next = null;
      if (--live == 0) {
        allStopped.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Runs a turn of {@code cell} on the pool, or here if the pool has shut down. */
  void execute(ActorCell<?> cell) {
    try {
      pool.execute(cell);
    } catch (RejectedExecutionException e) {
      cell.turn(); // only terminated cells remain after the pool: this drains to dead letters
    }
  }

  /** Runs {@code task} after {@code nanos} on the timer, or now if the timer has shut down. */
  ScheduledFuture<?> schedule(Runnable task, long nanos) {
    try {
      return timer.schedule(task, nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      task.run();
      return null;
    }
  }

  void deadLetter(DeadLetter letter) {
    deadLetters.incrementAndGet();
    try {
      deadLetterHandler.accept(letter);
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.WARNING, "dead-letter handler failed", t);
    }
  }

  void reportFailure(ActorFailure failure) {
    try {
      failureHandler.accept(failure);
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.WARNING, "failure handler failed", t);
    }
  }

  @Override
  public String toString() {
    return "ActorSystem[" + name + ", threads=" + threads + "]";
  }
}
