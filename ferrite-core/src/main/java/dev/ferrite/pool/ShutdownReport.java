package dev.ferrite.pool;

import java.util.List;

/**
 * What {@link ResourcePool#shutdown(java.time.Duration)} could and could not reclaim.
 *
 * @param destroyed resources destroyed by the pool over its life, when the report was made
 * @param forced leases still held at the deadline: their resources were destroyed under their
 *     holders (each described like a leak, with where it was acquired if leak detection is on)
 * @param abandonedTasks creations and destructions still running at the deadline (a factory
 *     call that stalls); their resources are destroyed when they finish
 * @param clean true if everything was reclaimed before the deadline
 */
public record ShutdownReport(long destroyed, List<LeakReport> forced, int abandonedTasks,
    boolean clean) {
  /** Copies {@code forced}. */
  public ShutdownReport {
    forced = List.copyOf(forced);
  }
}
