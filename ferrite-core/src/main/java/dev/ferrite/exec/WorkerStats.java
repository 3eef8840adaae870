package dev.ferrite.exec;

/**
 * The counters of one {@link WorkStealingPool} worker, read at some moment while the pool runs
 * ({@link WorkStealingPool#stats()}). Each counter only grows and is written by its worker alone;
 * a snapshot of several workers is not atomic. Once the pool has terminated the counts are final.
 *
 * @param worker the worker's index, from 0; its thread is named {@code <pool name>-worker-<index>}
 * @param tasksRun the tasks it ran: jobs, spawned tasks and the second halves of joins (whether
 *     it forked them itself or stole them); a join's first half runs in the joining task and is
 *     not counted separately
 * @param steals the tasks it took from another worker's deque or inbox
 * @param failedSteals the steal attempts that came back empty-handed although the victim's deque
 *     looked non-empty: another thread took the task first (contention, not idleness)
 * @param parks how many times it parked: idle with nothing to do, or waiting for a join, scope or
 *     job that another worker was still running
 */
public record WorkerStats(int worker, long tasksRun, long steals, long failedSteals, long parks) {}
