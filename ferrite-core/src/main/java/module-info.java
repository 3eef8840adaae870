/**
 * Ferrite: the concurrency patterns Rust programmers rely on, for Java 21+.
 *
 * <p>The module depends on {@code java.base} alone and exports API packages only; the
 * implementation lives in non-exported packages.
 *
 * <ul>
 *   <li>{@link dev.ferrite.channel} &mdash; bounded, unbounded and rendezvous channels with close
 *       and disconnect semantics, {@code select}, and a {@link java.util.concurrent.BlockingQueue}
 *       view.
 *   <li>{@link dev.ferrite.exec} &mdash; a worker pool fed by a channel, with clean, reported
 *       shutdown; a work-stealing pool with fork-join ({@code join}, {@code scope}).
 *   <li>{@link dev.ferrite.scope} &mdash; scoped threads: structured tasks that never outlive
 *       their scope, with fail-fast, collect-all and first-success policies, a deadline, and a
 *       chunked parallel search.
 *   <li>{@link dev.ferrite.actor} &mdash; typed actors: mailboxes with overflow policies, tell and
 *       ask, supervision with back-off, dead letters, many actors on a small pool.
 *   <li>{@link dev.ferrite.sync} &mdash; {@code Mutex} and {@code RwLock} that own their data, and
 *       the atomic and striped counters.
 *   <li>{@link dev.ferrite.cache} &mdash; a concurrent cache with lock-free reads, single-flight
 *       loads, W-TinyLFU eviction, expiry and a {@link java.util.concurrent.ConcurrentMap} view.
 *   <li>{@link dev.ferrite.par} &mdash; parallel iterators (rayon's {@code par_iter}) on the
 *       work-stealing pool, with adaptive splitting.
 *   <li>{@link dev.ferrite.pool} &mdash; a resource pool (database connections and the like) with
 *       leases, validation, lifetimes, leak detection, fail-fast creation and reported shutdown.
 * </ul>
 */
module dev.ferrite {
  exports dev.ferrite.actor;
  exports dev.ferrite.channel;
  exports dev.ferrite.exec;
  exports dev.ferrite.par;
  exports dev.ferrite.scope;
  exports dev.ferrite.sync;
  exports dev.ferrite.cache;
  exports dev.ferrite.pool;
}
