package dev.ferrite.pool;

import java.time.Duration;

/**
 * A snapshot of a pool's gauges and counters ({@link ResourcePool#metrics()}). Gauges are read
 * one after another without stopping the pool, so they may be mutually inconsistent by the
 * operations in flight; counters only grow.
 *
 * <p>Once a pool has shut down completely, {@code created == destroyed} (every resource is
 * destroyed exactly once); before that, {@code created == destroyed + inUse + idle + resources
 * being destroyed}.
 *
 * @param inUse resources leased now
 * @param idle resources idle in the pool now
 * @param waiting threads waiting in acquire now
 * @param creating creations in progress now
 * @param peakInUse the most resources seen leased at once: sampled by every acquire that takes
 *     the slow path (its thread's last resource was not free), by every housekeeping pass and by
 *     this snapshot; a peak reached and left only through the fast path between samples is missed
 * @param created resources created
 * @param destroyed resources destroyed (including those whose destroy threw)
 * @param destroyFailures calls of {@link ResourceFactory#destroy} that threw
 * @param creationFailures failed creations
 * @param invalidated resources destroyed because validation failed, or released as broken
 * @param expired resources retired for their maximum lifetime or idle timeout
 * @param timedOut timed acquires that timed out
 * @param waits acquires that had to wait (the fast and the idle-scan paths do not count)
 * @param waitTime total time spent waiting by those acquires
 * @param maxWaitTime the longest wait of one acquire
 * @param leaks leases reported as suspected leaks
 */
public record PoolMetrics(
    int inUse,
    int idle,
    int waiting,
    int creating,
    int peakInUse,
    long created,
    long destroyed,
    long destroyFailures,
    long creationFailures,
    long invalidated,
    long expired,
    long timedOut,
    long waits,
    Duration waitTime,
    Duration maxWaitTime,
    long leaks) {}
