/**
 * Ferrite HTTP: the Rust article's async fan-out ({@code join_all} over downloads), bounded,
 * fair, deadline-checked, retried and cancellable, on the JDK's {@link java.net.http.HttpClient}.
 *
 * <ul>
 *   <li>{@link dev.ferrite.http} &mdash; {@link dev.ferrite.http.Fetcher} (global and per-host
 *       limits, deadlines, retries, size limits), {@link dev.ferrite.http.FetchBatch} (results in
 *       input order, progress, cancellation) and the sealed outcome types.
 * </ul>
 */
module dev.ferrite.http {
  requires transitive java.net.http;
  requires transitive dev.ferrite;

  exports dev.ferrite.http;
}
