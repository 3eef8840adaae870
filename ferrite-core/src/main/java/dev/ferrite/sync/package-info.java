/**
 * Synchronization primitives that own their data, and counters: the Rust article's
 * {@code RwLock}-protected state and its atomic counter.
 *
 * <p>In Rust a lock owns what it protects, so the data cannot be touched without the lock.
 * {@link dev.ferrite.sync.Mutex} and {@link dev.ferrite.sync.RwLock} do the same for Java: the
 * value is reachable only inside a function run under the lock, or through a guard that stops
 * working once closed.
 *
 * <pre>{@code
 * RwLock<Map<String, String>> cache = RwLock.of(new HashMap<>());
 * cache.write(m -> m.put("k", "v"));
 * String v = cache.read(m -> m.get("k"));
 * }</pre>
 *
 * <table class="striped">
 *   <caption>Lock operations (Mutex: {@code lock}; RwLock: {@code read} / {@code write})</caption>
 *   <thead><tr><th>form</th><th>blocks?</th><th>acquired</th><th>not free</th>
 *       <th>timed out</th><th>interrupted</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code lock(fn)}, {@code read(fn)}, {@code write(fn)}, {@code update(op)}</td>
 *       <td>until acquired</td><td>fn's result</td><td>waits</td><td>&mdash;</td>
 *       <td>{@code InterruptedException}</td></tr>
 *   <tr><td>{@code tryLock(fn)}, {@code tryRead(fn)}, {@code tryWrite(fn)}</td><td>never</td>
 *       <td>{@code Locked(result)}</td><td>{@code Busy}</td><td>&mdash;</td><td>&mdash;</td></tr>
 *   <tr><td>{@code lock(timeout, fn)}, {@code read(timeout, fn)}, {@code write(timeout, fn)}</td>
 *       <td>up to timeout</td><td>{@code Locked(result)}</td><td>waits</td>
 *       <td>{@code LockTimedOut}</td><td>{@code InterruptedException}</td></tr>
 *   <tr><td>{@code lock()}, {@code readLock()}, {@code writeLock()}</td><td>until acquired</td>
 *       <td>a guard (close it)</td><td>waits</td><td>&mdash;</td>
 *       <td>{@code InterruptedException}</td></tr>
 *   <tr><td>{@code tryLock()}</td><td>never</td><td>{@code Locked(guard)}</td><td>{@code Busy}</td>
 *       <td>&mdash;</td><td>&mdash;</td></tr>
 *   <tr><td>{@code tryLock(timeout)}, {@code tryReadLock(timeout)},
 *       {@code tryWriteLock(timeout)}</td><td>up to timeout</td><td>{@code Locked(guard)}</td>
 *       <td>waits</td><td>{@code LockTimedOut}</td><td>{@code InterruptedException}</td></tr>
 *   </tbody>
 * </table>
 *
 * <table class="striped">
 *   <caption>Counters</caption>
 *   <thead><tr><th>counter</th><th>updates</th><th>reads</th><th>use when</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link dev.ferrite.sync.AtomicCounter}</td><td>{@code increment}, {@code decrement},
 *       {@code getAndAdd}, {@code compareAndSwap} (returns the previous value)</td>
 *       <td>{@code get}: exact, atomic</td><td>reads are frequent or CAS is needed</td></tr>
 *   <tr><td>{@link dev.ferrite.sync.StripedCounter}</td><td>{@code increment}, {@code add}</td>
 *       <td>{@code sum} (exact when quiescent), {@code sumThenReset}</td>
 *       <td>many threads update, few read</td></tr>
 *   </tbody>
 * </table>
 */
package dev.ferrite.sync;
