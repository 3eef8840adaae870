/**
 * A concurrent in-memory cache: the Rust article's {@code RwLock<HashMap>} cache, made
 * production-grade.
 *
 * <p>{@link dev.ferrite.cache.ConcurrentCache} keeps the article's three operations (get, insert,
 * remove) and adds single-flight loading, a size or weight bound with W-TinyLFU eviction, expiry
 * with an injectable {@link dev.ferrite.cache.Ticker}, a {@link dev.ferrite.cache.RemovalListener}
 * told the {@link dev.ferrite.cache.RemovalCause}, {@link dev.ferrite.cache.CacheStats}, and a
 * {@link java.util.concurrent.ConcurrentMap} view. Reads never take a lock. The design (read and
 * write buffers after BP-Wrapper and Caffeine, W-TinyLFU after Einziger, Friedman and Manes) is
 * described in the implementation essay of the package-private {@code LocalCache} and in
 * {@code docs/cache.md}.
 *
 * <table class="striped">
 *   <caption>ConcurrentCache operations</caption>
 *   <thead><tr><th>operation</th><th>blocks?</th><th>present</th><th>absent</th>
 *       <th>load failed</th><th>timed out</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code get(key)}</td><td>never</td><td>value</td><td>null</td><td>&mdash;</td>
 *       <td>&mdash;</td></tr>
 *   <tr><td>{@code insert(key, value)}</td><td>briefly, on the key's bin</td>
 *       <td>old value (REPLACED)</td><td>null</td><td>&mdash;</td><td>&mdash;</td></tr>
 *   <tr><td>{@code remove(key)}</td><td>briefly, on the key's bin</td>
 *       <td>old value (REMOVED)</td><td>null</td><td>&mdash;</td><td>&mdash;</td></tr>
 *   <tr><td>{@code get(key, loader)}</td><td>for the load</td><td>value</td>
 *       <td>loaded value</td><td>{@code CacheLoadException}</td>
 *       <td>{@code CacheLoadException} (with a load timeout)</td></tr>
 *   <tr><td>{@code get(key, loader, timeout)}</td><td>up to timeout</td>
 *       <td>{@code Loaded(v)}</td><td>{@code Loaded(v)}</td><td>{@code LoadFailed(cause)}</td>
 *       <td>{@code LoadTimedOut}</td></tr>
 *   </tbody>
 * </table>
 */
package dev.ferrite.cache;
