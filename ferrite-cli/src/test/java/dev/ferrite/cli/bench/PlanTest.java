package dev.ferrite.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Plans from a JMH {@code -lp} listing, and the progress line that follows JMH's output. */
class PlanTest {
  static final String LISTING = """
      Benchmarks:\s
      dev.ferrite.bench.ActorBench.ask
        param "impl" = {ferrite, ferrite-unbounded, pekko}
        param "threads" = {2}
      dev.ferrite.bench.ChannelBench.buffered
        param "impl" = {ferrite, ArrayBlockingQueue, jox}
        param "capacity" = {1, 100, 1024}
        param "producers" = {1, 2}
      dev.ferrite.bench.ChannelBench.select
        param "impl" = {ferrite-select, ferrite}
        param "capacity" = {1024}
      dev.ferrite.bench.ScopeBench.cancelLatency
        param "impl" = {ferrite}
        param "siblings" = {10, 100}
      dev.ferrite.bench.NoParams.run
      """;

  @Test
  void groupsByClassAndCountsTheCases() {
    Plan p = Plan.of(LISTING, null, false, null);

    assertThat(p.runs()).extracting(Plan.Run::suite)
        .containsExactly("ActorBench", "ChannelBench", "ScopeBench", "NoParams");
    assertThat(p.runs()).extracting(Plan.Run::cases).containsExactly(3, 18 + 2, 2, 1);
    assertThat(p.cases()).isEqualTo(26);
    assertThat(p.jmhOptions()).isEmpty();
    assertThat(p.caseSeconds()).isNaN(); // the annotations decide
    assertThat(p.runs().get(2).arguments(p.jmhOptions()))
        .containsExactly("^(dev\\.ferrite\\.bench\\.ScopeBench\\.cancelLatency)$",
            "-jvmArgsPrepend", "--enable-preview");
  }

  @Test
  void quickLeavesOutParameterValuesAndEstimatesTheTime() {
    Plan p = Plan.of(LISTING, null, true, null);

    assertThat(p.runs().get(1).cases()).isEqualTo(9 + 2); // ChannelBench: producers=1 only
    assertThat(p.runs().get(1).arguments(p.jmhOptions())).endsWith("-p", "producers=1");
    assertThat(p.jmhOptions()).isEqualTo(Plan.QUICK_OPTIONS);
    assertThat(p.caseSeconds())
        .isCloseTo(Plan.QUICK_CASE_SECONDS + Plan.CASE_OVERHEAD_SECONDS, within(1e-9));
    assertThat(p.seconds()).isCloseTo(17 * p.caseSeconds(), within(1e-9));
  }

  @Test
  void onlyAndUserParamsNarrowThePlan() {
    Plan p = Plan.of(LISTING, Pattern.compile("Channel"), false,
        List.of("-f", "2", "-wi", "1", "-w", "1s", "-i", "2", "-r", "250ms", "-p", "capacity=1024"));

    assertThat(p.runs()).singleElement().extracting(Plan.Run::cases).isEqualTo(6 + 2);
    assertThat(p.runs().get(0).include()).isEqualTo(
        "^(dev\\.ferrite\\.bench\\.ChannelBench\\.buffered|dev\\.ferrite\\.bench\\.ChannelBench\\.select)$");
    assertThat(Pattern.compile(p.runs().get(0).include())
        .matcher("dev.ferrite.bench.ChannelBench.buffered").find()).isTrue();
    assertThat(Pattern.compile(p.runs().get(0).include())
        .matcher("dev.ferrite.bench.ChannelBench.bufferedX").find()).isFalse();
    assertThat(p.caseSeconds())
        .isCloseTo(2 * (1 + 0.5 + Plan.CASE_OVERHEAD_SECONDS), within(1e-9));
  }

  @Test
  void readsJmhTimeValues() {
    assertThat(Plan.time("500ms")).isEqualTo(0.5);
    assertThat(Plan.time("2")).isEqualTo(2.0);
    assertThat(Plan.time("1 s")).isEqualTo(1.0);
    assertThat(Plan.time("100us")).isCloseTo(1e-4, within(1e-12));
    assertThat(Plan.time("soon")).isNaN();
  }

  @Test
  void progressFollowsJmhOutput() {
    Plan p = Plan.of(LISTING, null, true, null);
    try (BenchProgress progress = BenchProgress.start(null, p)) {
      assertThat(progress.secondsLeft()).isNaN();
      progress.startRun(0);
      assertThat(progress.line()).startsWith("[........................] 0/17 ~").contains("ActorBench");
      progress.accept("# Benchmark: dev.ferrite.bench.ActorBench.ask");
      progress.accept("# Parameters: (impl = pekko, threads = 2)");
      progress.accept("# Run progress: 66.67% complete, ETA 00:00:03");
      assertThat(progress.started()).isEqualTo(1);
      assertThat(progress.line()).contains("1/17").contains("ActorBench.ask (impl = pekko, threads = 2)");
      // the rest of this class: JMH's 3 s at most, plus overhead for its 2 cases not started
      double left = progress.secondsLeft();
      double later = (11 + 2 + 1) * p.caseSeconds();
      assertThat(left).isLessThanOrEqualTo(3 + 2 * Plan.CASE_OVERHEAD_SECONDS + later + 1e-9);
      progress.startRun(1);
      progress.accept("# Run progress: 0.00% complete, ETA 00:00:30");
      assertThat(progress.started()).isEqualTo(4); // the 3 of ActorBench, then this one
    }
    assertThat(BenchProgress.duration(59.6)).isEqualTo("1m00s");
    assertThat(BenchProgress.duration(3725)).isEqualTo("1h02m");
    assertThat(BenchProgress.duration(12)).isEqualTo("12s");
  }
}
