package dev.ferrite.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Message throughput between threads, in nanoseconds per message (lower is better).
 *
 * <p>Each invocation moves a batch of {@value #BATCH} messages ({@value #RENDEZVOUS_BATCH} in
 * {@link #rendezvous}) from {@code producers} long-lived producer threads (each sends an equal
 * share) to one consumer, the JMH benchmark thread, which receives them all. The producers are
 * started once per trial and released at the start of each invocation (see {@link Producers});
 * the score is the invocation time divided by the batch. The workload is identical for every
 * implementation: only the {@link Pipe} adapter differs.
 *
 * <p>The {@code impl} parameter names the implementation:
 * <ul>
 *   <li>{@code ferrite}: {@code Channel.bounded(capacity)}, blocking {@code send} / {@code recv};
 *       optional extras (pass them with {@code -p impl=...}): {@code ferrite-queue} (its
 *       {@code BlockingQueue} view, {@code put} / {@code take}), {@code ferrite-unbounded} and
 *       {@code ferrite-select} (as in {@link #select}; one producer only);
 *   <li>{@code ArrayBlockingQueue}, {@code LinkedBlockingQueue}: {@code put} / {@code take};
 *   <li>{@code LinkedTransferQueue}: unbounded {@code put} / {@code take} (it ignores the
 *       capacity) in {@link #buffered}; {@code transfer} / {@code take} in {@link #rendezvous};
 *   <li>{@code SynchronousQueue}: {@code put} / {@code take}, rendezvous only;
 *   <li>{@code jctools}: {@code SpscArrayQueue} for one producer, {@code MpscArrayQueue} for two,
 *       both busy-polling (capacity rounded up to a power of two, SPSC at least 4);
 *   <li>{@code jox}: {@code Channel.newBufferedChannel(capacity)} or
 *       {@code newRendezvousChannel()}, {@code send} / {@code receive}.
 * </ul>
 *
 * <p>The three benchmark methods have separate parameter sets, so each runs only the meaningful
 * combinations: {@link #buffered} (capacities 1, 100, 1024), {@link #rendezvous} (capacity 0) and
 * {@link #select} (Ferrite's {@code Select} over 4 channels vs one plain {@code recv}, one
 * producer). JMH applies a {@code -p} option to every method that has the parameter, so narrow a
 * run with a method regex as well, e.g. {@code 'ChannelBench.buffered' -p capacity=1024}. A
 * combination that makes no sense (say {@code -p impl=SynchronousQueue} or
 * {@code -p capacity=1024} reaching {@code rendezvous}) fails in setup with a message naming the
 * right method; JMH reports it and goes on with the next one.
 *
 * <p>Threads: 1 producer + consumer = 2 busy threads, one per core on the 2-core reference
 * machine. With 2 producers there are 3 threads on 2 cores: that case is about contention and
 * blocking; jctools' busy-polling loops yield now and then (see {@link Pipe#YIELD_MASK}) so it
 * still progresses.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChannelBench {

  /** Messages per invocation of {@link #buffered} and {@link #select}; divisible by 1, 2, 4. */
  static final int BATCH = 100_000;

  /**
   * Messages per invocation of {@link #rendezvous}: fewer, because a hand-off that parks costs
   * microseconds here and an invocation should stay well under a second.
   */
  static final int RENDEZVOUS_BATCH = 10_000;

  /** Pre-boxed messages, so that no benchmark measures allocation of the payload. */
  private static final Object[] MESSAGES = new Object[1024];

  static {
    for (int i = 0; i < MESSAGES.length; i++) {
      MESSAGES[i] = i; // autoboxed once here, distinct objects above the Integer cache
    }
  }

  /** Owns one pipe and its producers for a trial. */
  abstract static class Rig {
    private Pipe pipe;
    private Producers producers;
    private int batch;

    final void start(String impl, int capacity, int producerCount, int batchSize) {
      if (producerCount < 1 || batchSize % producerCount != 0) {
        throw new IllegalArgumentException("producers must divide " + batchSize);
      }
      Pipe p = Pipe.create(impl, capacity, producerCount);
      pipe = p;
      batch = batchSize;
      producers =
          new Producers(
              producerCount,
              batchSize / producerCount,
              count -> {
                Object[] ms = MESSAGES;
                for (int i = 0; i < count; i++) {
                  p.send(ms[i & (ms.length - 1)]);
                }
              });
    }

    final void batch(Blackhole bh) throws InterruptedException {
      Pipe p = pipe;
      int n = batch;
      producers.startRound();
      for (int i = 0; i < n; i++) {
        bh.consume(p.recv());
      }
    }

    final void stop() throws InterruptedException {
      try {
        if (producers != null) {
          producers.close();
        }
      } finally {
        if (pipe != null) {
          pipe.close();
        }
      }
    }
  }

  /** Channels with a buffer: capacities 1, 100 and 1024. */
  @State(Scope.Benchmark)
  public static class Buffered extends Rig {
    @Param({"1", "100", "1024"})
    int capacity;

    @Param({"1", "2"})
    int producers;

    @Param({
      "ferrite",
      "ArrayBlockingQueue",
      "LinkedBlockingQueue",
      "LinkedTransferQueue",
      "jctools",
      "jox"
    })
    String impl;

    @Setup(Level.Trial)
    public void setUp() {
      if (capacity <= 0) {
        throw new IllegalArgumentException(
            "ChannelBench.buffered measures capacity > 0; capacity 0 is ChannelBench.rendezvous");
      }
      start(impl, capacity, producers, BATCH);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
      stop();
    }
  }

  /** Rendezvous hand-off: capacity 0, each send meets a receive. */
  @State(Scope.Benchmark)
  public static class Rendezvous extends Rig {
    @Param({"0"})
    int capacity;

    @Param({"1", "2"})
    int producers;

    @Param({"ferrite", "SynchronousQueue", "LinkedTransferQueue", "jox"})
    String impl;

    @Setup(Level.Trial)
    public void setUp() {
      if (capacity != 0) {
        throw new IllegalArgumentException(
            "ChannelBench.rendezvous measures capacity 0 only; with -p capacity=N pick the method,"
                + " e.g. 'ChannelBench.buffered' -p capacity=N");
      }
      start(impl, capacity, producers, RENDEZVOUS_BATCH);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
      stop();
    }
  }

  /**
   * {@code ferrite-select}: one producer feeds 4 channels round-robin, the consumer takes each
   * message with one reused {@code Select} over the 4 receivers. {@code ferrite}: the same producer
   * and consumer over one channel with a plain {@code recv}. Same capacity per channel.
   */
  @State(Scope.Benchmark)
  public static class SelectRig extends Rig {
    @Param({"1024"})
    int capacity;

    @Param({"ferrite-select", "ferrite"})
    String impl;

    @Setup(Level.Trial)
    public void setUp() {
      if (!impl.equals("ferrite-select") && !impl.equals("ferrite")) {
        throw new IllegalArgumentException(
            "ChannelBench.select compares impl=ferrite-select with impl=ferrite, not " + impl);
      }
      start(impl, capacity, 1, BATCH);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
      stop();
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void buffered(Buffered rig, Blackhole bh) throws InterruptedException {
    rig.batch(bh);
  }

  @Benchmark
  @OperationsPerInvocation(RENDEZVOUS_BATCH)
  public void rendezvous(Rendezvous rig, Blackhole bh) throws InterruptedException {
    rig.batch(bh);
  }

  @Fork(3) // a target is quoted from this case: more forks than the class default
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void select(SelectRig rig, Blackhole bh) throws InterruptedException {
    rig.batch(bh);
  }
}
