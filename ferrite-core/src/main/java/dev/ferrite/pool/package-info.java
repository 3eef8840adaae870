/**
 * Resource pools: the article's {@code Mutex<Vec<T>>} + {@code Condvar} pool of database
 * connections, made production-grade.
 *
 * <p>A {@link dev.ferrite.pool.ResourcePool} is built from a {@link
 * dev.ferrite.pool.ResourceFactory} (create, validate, destroy) and hands out {@link
 * dev.ferrite.pool.Lease}s, which return the resource when closed.
 *
 * <table class="striped">
 *   <caption>Operations and outcomes</caption>
 *   <thead>
 *   <tr><th>operation</th><th>success</th><th>none idle</th><th>timed out</th>
 *       <th>creation failed</th><th>shut down</th></tr>
 *   </thead>
 *   <tbody>
 *   <tr><td>{@code acquire()} (blocks)</td><td>{@link dev.ferrite.pool.Lease}</td><td>waits</td>
 *       <td>&mdash;</td><td>{@link dev.ferrite.pool.ResourceCreationException}</td>
 *       <td>{@link dev.ferrite.pool.PoolClosedException}</td></tr>
 *   <tr><td>{@code acquire(timeout)}</td><td>{@link dev.ferrite.pool.Acquired}</td><td>waits</td>
 *       <td>{@link dev.ferrite.pool.TimedOut}</td><td>{@link dev.ferrite.pool.CreationFailed}</td>
 *       <td>{@link dev.ferrite.pool.Closed}</td></tr>
 *   <tr><td>{@code tryAcquire()}</td><td>{@link dev.ferrite.pool.Acquired}</td>
 *       <td>{@link dev.ferrite.pool.Exhausted}</td><td>&mdash;</td>
 *       <td>{@link dev.ferrite.pool.Exhausted}</td><td>{@link dev.ferrite.pool.Closed}</td></tr>
 *   <tr><td>{@code lease.close()} / {@code release()}</td><td colspan="5">returns the resource
 *       (destroyed instead if the pool has shut down); idempotent</td></tr>
 *   <tr><td>{@code lease.releaseBroken()}</td><td colspan="5">destroys the resource; a
 *       replacement is created when needed</td></tr>
 *   <tr><td>{@code shutdown(deadline)}</td><td colspan="5">{@link
 *       dev.ferrite.pool.ShutdownReport}: what was reclaimed, what was forced</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>No operation holds a monitor: thousands of virtual threads can wait on one pool without
 * pinning their carriers. Waiters are served roughly in arrival order (see {@link
 * dev.ferrite.pool.ResourcePool}).
 *
 * <h2>Memory consistency</h2>
 * Actions in a thread before it releases a lease <i>happen-before</i> actions after the acquire
 * that next leases the same resource, in whichever thread.
 */
package dev.ferrite.pool;
