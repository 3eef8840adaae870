/**
 * Fan-out downloads: the Rust article's async pattern ({@code concurrent_download}: every
 * request started at once, {@code join_all}, one {@code Result} per URL in order), made safe for
 * real use on the JDK's {@link java.net.http.HttpClient}.
 *
 * <pre>{@code
 * try (Fetcher fetcher = Fetcher.builder().maxConcurrency(8).maxPerHost(2).build()) {
 *   List<FetchResult> results = fetcher.fetchAll(urls);        // in the order of urls
 * }
 * }</pre>
 *
 * <h2>Operations</h2>
 * <table class="striped">
 *   <caption>Fetcher and batch operations</caption>
 *   <thead><tr><th>operation</th><th>blocks?</th><th>result</th><th>interrupted</th>
 *       <th>after close</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code Fetcher.start(requests[, listener])}</td><td>never</td>
 *       <td>a running {@link dev.ferrite.http.FetchBatch}</td><td>&mdash;</td>
 *       <td>{@code IllegalStateException}</td></tr>
 *   <tr><td>{@code Fetcher.fetchAll(urls)}</td><td>until every URL is decided</td>
 *       <td>{@code List<FetchResult>}, input order</td>
 *       <td>batch cancelled, {@code InterruptedException}</td>
 *       <td>{@code IllegalStateException}</td></tr>
 *   <tr><td>{@code FetchBatch.await()}</td><td>until every URL is decided</td>
 *       <td>{@code List<FetchResult>}, input order</td>
 *       <td>batch cancelled, {@code InterruptedException}</td><td>the outcomes</td></tr>
 *   <tr><td>{@code FetchBatch.completions()}</td><td>never (its receiver blocks)</td>
 *       <td>a {@code Receiver<Completion>}: outcomes in completion order, closed when done</td>
 *       <td>&mdash;</td><td>&mdash;</td></tr>
 *   <tr><td>{@code FetchBatch.future()}</td><td>never</td>
 *       <td>{@code CompletableFuture<List<FetchResult>>}</td><td>&mdash;</td><td>&mdash;</td></tr>
 *   <tr><td>{@code FetchBatch.cancel()}</td><td>never</td>
 *       <td>undecided URLs become {@code Cancelled}; requests aborted</td><td>&mdash;</td>
 *       <td>no-op</td></tr>
 *   <tr><td>{@code FetchBatch.close()}, {@code Fetcher.close()}</td><td>until aborted</td>
 *       <td>cancels, then waits</td><td>waits, then re-sets the interrupt</td>
 *       <td>no-op</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>Outcomes</h2>
 * Each URL ends as exactly one {@link dev.ferrite.http.FetchResult}, a sealed interface, so a
 * {@code switch} is exhaustive. Following Ferrite's error model (success, failure, timed out,
 * cancelled as values), the failures are records of {@link dev.ferrite.http.FetchFailure}:
 * <table class="striped">
 *   <caption>Outcomes of one URL</caption>
 *   <thead><tr><th>record</th><th>when</th><th>retried?</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link dev.ferrite.http.Fetched}</td><td>status &lt; 400, whole body received</td>
 *       <td>&mdash;</td></tr>
 *   <tr><td>{@link dev.ferrite.http.InvalidUrl}</td><td>not an absolute http(s) URL with a
 *       host</td><td>no (never sent)</td></tr>
 *   <tr><td>{@link dev.ferrite.http.UnknownHost}</td><td>the name does not resolve</td>
 *       <td>no</td></tr>
 *   <tr><td>{@link dev.ferrite.http.ConnectFailed}</td><td>refused, unreachable</td>
 *       <td>yes (idempotent methods)</td></tr>
 *   <tr><td>{@link dev.ferrite.http.TimedOut}</td><td>per-attempt or batch deadline</td>
 *       <td>no</td></tr>
 *   <tr><td>{@link dev.ferrite.http.TooLarge}</td><td>body over the limit</td><td>no</td></tr>
 *   <tr><td>{@link dev.ferrite.http.HttpError}</td><td>status &ge; 400</td>
 *       <td>429 and 503 (idempotent methods), honouring {@code Retry-After}</td></tr>
 *   <tr><td>{@link dev.ferrite.http.TransferFailed}</td><td>reset, truncated body, file not
 *       writable</td><td>no</td></tr>
 *   <tr><td>{@link dev.ferrite.http.Cancelled}</td><td>batch cancelled, fetcher closed</td>
 *       <td>no</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>Progress</h2>
 * A {@link dev.ferrite.http.FetchListener} sees {@link dev.ferrite.http.FetchEvent}s:
 * {@code Started} (per attempt), {@code BytesReceived}, {@code Retrying} and one
 * {@code Finished} per URL.
 */
package dev.ferrite.http;
