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

/**
 * Actors: message throughput of ping-pong and fan-in, and ask round trips, for Ferrite's actors
 * and Pekko's typed actors ({@code org.apache.pekko:pekko-actor-typed_2.13:1.7.0}). Both run on
 * a pool of {@code threads} threads (Pekko: the default dispatcher's fork-join executor with
 * parallelism min = max = {@code threads}) with the same per-turn {@code throughput}; workloads
 * in {@link ActorRigs}.
 *
 * <ul>
 *   <li>{@link #pingPong}: {@value #PAIRS} pairs of actors each bounce a ball {@value #HOPS}
 *       times (each hop a new message to the partner). Score: messages per second.
 *   <li>{@link #fanIn}: {@value #SENDERS} sender actors each tell {@value #PER_SENDER} messages to
 *       one sink actor (unbounded mailbox). Score: messages per second into the sink.
 *   <li>{@link #ask}: the benchmark thread asks an echo actor and blocks for the reply. Score:
 *       round trips per second.
 * </ul>
 * The target: ferrite >= 1.5x pekko in pingPong and fanIn. The memory per idle actor is
 * measured by {@link ActorMemory}, not here.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class ActorBench {
  static final int PAIRS = 4;
  static final int HOPS = 10_000;
  static final int SENDERS = 8;
  static final int PER_SENDER = 5_000;

  /**
   * {@code ferrite}: default (bounded, blocking) mailboxes for the players and the echo actor;
   * {@code ferrite-unbounded}: unbounded ones, like Pekko's default; {@code pekko}.
   */
  @Param({"ferrite", "ferrite-unbounded", "pekko"})
  public String impl;

  /** Pool threads, for both implementations. */
  @Param({"2"})
  public int threads;

  /** Messages per actor turn, for both implementations (Pekko's default is 5, Ferrite's 64). */
  @Param({"64"})
  public int throughput;

  ActorRigs.Rig rig;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    rig = ActorRigs.rig(impl,
        new ActorRigs.Shape(threads, throughput, PAIRS, HOPS, SENDERS, PER_SENDER));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    rig.close();
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS * HOPS)
  public void pingPong() throws Exception {
    rig.pingPong();
  }

  @Benchmark
  @OperationsPerInvocation(SENDERS * PER_SENDER)
  public void fanIn() throws Exception {
    rig.fanIn();
  }

  @Benchmark
  public int ask() throws Exception {
    return rig.ask();
  }
}
