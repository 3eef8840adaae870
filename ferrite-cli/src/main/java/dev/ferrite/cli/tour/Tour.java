package dev.ferrite.cli.tour;

import java.util.List;

/** The registry of tour sections, in the order {@code ferrite tour} runs them. */
public final class Tour {
  private Tour() {}

  /** {@return every tour section, in running order} */
  public static List<TourSection> sections() {
    return List.of(new ChannelsSection(), new WorkerPoolSection(), new ScopedThreadsSection(),
        new WorkStealingSection(), new ParallelIteratorsSection(), new ActorsSection(),
        new CacheSection(), new CounterSection(), new ResourcePoolSection(), new FanOutSection());
  }
}
