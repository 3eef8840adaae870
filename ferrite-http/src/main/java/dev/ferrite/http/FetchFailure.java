package dev.ferrite.http;

/**
 * A URL that could not be fetched, as one record per cause. {@link #reason()} is a short,
 * human-readable line (no stack trace) such as {@code "connection refused"} or {@code "HTTP 503"}.
 */
public sealed interface FetchFailure extends FetchResult
    permits InvalidUrl, UnknownHost, ConnectFailed, TimedOut, TooLarge, HttpError, TransferFailed,
        Cancelled {
  /** {@return a one-line description of the failure, for people} */
  String reason();
}
