package dev.ferrite.http;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches lists of URLs concurrently: the Rust article's {@code concurrent_download} (every
 * request started with {@code join_all}, one {@code Result} per URL, in order), with the limits a
 * real fan-out needs.
 *
 * <pre>{@code
 * try (Fetcher fetcher = Fetcher.builder()
 *     .maxConcurrency(8).maxPerHost(2)            // never more in flight, globally and per host
 *     .timeout(Duration.ofSeconds(10))            // per attempt: connect + headers + whole body
 *     .maxAttempts(3)                             // connect failures, 429, 503: back off, retry
 *     .build()) {
 *   List<FetchResult> results = fetcher.fetchAll(urls);   // results.get(i) belongs to urls.get(i)
 *   for (FetchResult r : results) {
 *     switch (r) {
 *       case Fetched f -> System.out.println(f.url() + ": " + f.bytes() + " bytes");
 *       case FetchFailure f -> System.out.println(f.url() + ": " + f.reason());
 *     }
 *   }
 * }
 * }</pre>
 *
 * <h2>What a fetcher guarantees</h2>
 * <ul>
 *   <li><b>Order</b>: one outcome per URL, in input order ({@link FetchBatch#await()}).
 *   <li><b>Bounded concurrency</b>: at most {@link Builder#maxConcurrency} requests of this
 *       fetcher (all its batches together) are in flight at any moment, and at most
 *       {@link Builder#maxPerHost} to one host (scheme, host and port). Free slots go round-robin
 *       to the hosts that wait for one, so a slow host holds at most its per-host share and
 *       cannot starve the others. A request holds its slots from its start until the last byte
 *       of its body has arrived (the client has its connection back), its outcome is decided, or
 *       it waits to be retried, whichever comes first.
 *   <li><b>Deadlines</b>: {@link Builder#timeout} bounds each attempt from its start to the last
 *       byte of the body (connecting, the headers, and a body that stalls halfway: all of it);
 *       {@link Builder#batchTimeout} optionally bounds a whole batch.
 *   <li><b>Retries</b>: an idempotent request (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) whose
 *       connection fails, or that is answered 429 or 503, is sent again after an exponential
 *       back-off with jitter, but never sooner than the server's {@code Retry-After} (seconds or
 *       an HTTP-date), up to {@link Builder#maxAttempts} attempts in all. A {@code Retry-After}
 *       longer than {@link Builder#maxRetryAfter}, or a wait that would outlast the batch's
 *       deadline, ends the URL with the failure at hand instead.
 *   <li><b>Size</b>: a body longer than {@link Builder#maxBodyBytes} ends as {@link TooLarge},
 *       whether its {@code Content-Length} says so or the bytes just keep coming.
 *   <li><b>Cancellation</b>: {@link FetchBatch#cancel()} and {@link #close()} abort every request
 *       in flight (connections closed, partial files deleted).
 * </ul>
 * Outcomes other than {@link Fetched} are values, never exceptions: see {@link FetchFailure}.
 *
 * <p>A fetcher is thread-safe; batches may run concurrently and share its limits. It uses the
 * JDK's {@link HttpClient} through {@code sendAsync}: no thread is blocked per request. Unless a
 * client is supplied ({@link Builder#client}), the fetcher creates one (following redirects,
 * running its callbacks on virtual threads) and closes it on {@link #close()}. Its timer is one
 * daemon platform thread, {@code ferrite-http-timer-N}, started on first use.
 */
public final class Fetcher implements AutoCloseable {
  private static final AtomicInteger NUMBER = new AtomicInteger();

  /**
   * The fetcher whose listener or completion callback the current thread is running (the
   * innermost, if callbacks nest), so that {@link #close()} called from one does not wait for its
   * own thread, nor for the batch whose outcome that callback holds up.
   */
  private static final ThreadLocal<Fetcher> IN_CALLBACK = new ThreadLocal<>();

  final HttpClient client;
  private final boolean ownsClient;
  private final ExecutorService ownedExecutor;
  final ScheduledThreadPoolExecutor timer;
  final Dispatcher dispatcher;
  final int maxConcurrency;
  final int maxPerHost;
  final int maxAttempts;
  final Duration timeout;
  final Duration batchTimeout;
  final Duration backoffBase;
  final Duration backoffMax;
  final Duration maxRetryAfter;
  final long maxBodyBytes;
  private final Set<FetchBatch> running = ConcurrentHashMap.newKeySet();
  private final int number;
  private volatile boolean closed;
  /** Set when a close from a callback has started the closer thread (one is enough). */
  private final AtomicBoolean closerStarted = new AtomicBoolean();

  private Fetcher(Builder b) {
    this.maxConcurrency = b.maxConcurrency;
    this.maxPerHost = Math.min(b.maxPerHost, b.maxConcurrency);
    this.maxAttempts = b.maxAttempts;
    this.timeout = b.timeout;
    this.batchTimeout = b.batchTimeout;
    this.backoffBase = b.backoffBase;
    this.backoffMax = b.backoffMax;
    this.maxRetryAfter = b.maxRetryAfter;
    this.maxBodyBytes = b.maxBodyBytes;
    int n = NUMBER.incrementAndGet();
    this.number = n;
    this.timer = new ScheduledThreadPoolExecutor(1,
        Thread.ofPlatform().daemon(true).name("ferrite-http-timer-" + n).factory());
    timer.setRemoveOnCancelPolicy(true);
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    if (b.client != null) {
      this.client = b.client;
      this.ownsClient = false;
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = Executors.newThreadPerTaskExecutor(
          Thread.ofVirtual().name("ferrite-http-" + n + "-", 0).factory());
      this.client = HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL)
          .executor(ownedExecutor)
          .build();
      this.ownsClient = true;
    }
    this.dispatcher = new Dispatcher(maxConcurrency, maxPerHost, client.executor().orElse(null));
  }

  /** {@return a fetcher with the default settings (see {@link Builder})} */
  public static Fetcher create() {
    return builder().build();
  }

  /** {@return a builder with the default settings} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts fetching {@code requests} and returns at once; see {@link FetchBatch}.
   *
   * @param requests the requests, in the order their outcomes are reported
   * @param listener receives the batch's progress events (see {@link FetchListener})
   * @return the running batch
   * @throws IllegalStateException if the fetcher is closed
   * @throws NullPointerException if an argument or a request is null
   */
  public FetchBatch start(List<FetchRequest> requests, FetchListener listener) {
    Objects.requireNonNull(listener, "listener");
    for (FetchRequest r : Objects.requireNonNull(requests, "requests")) {
      Objects.requireNonNull(r, "request");
    }
    if (closed) {
      throw new IllegalStateException("fetcher closed");
    }
    FetchBatch batch = new FetchBatch(this, requests, listener);
    running.add(batch);
    if (closed) {
      running.remove(batch);
      throw new IllegalStateException("fetcher closed");
    }
    batch.start();
    return batch;
  }

  /**
   * {@link #start(List, FetchListener)} without a listener.
   *
   * @param requests the requests, in the order their outcomes are reported
   * @return the running batch
   * @throws IllegalStateException if the fetcher is closed
   * @throws NullPointerException if {@code requests} or a request is null
   */
  public FetchBatch start(List<FetchRequest> requests) {
    return start(requests, FetchListener.NONE);
  }

  /**
   * Fetches every URL with GET, bodies in memory, and waits for all of them: the article's
   * {@code concurrent_download}.
   *
   * @param urls the URLs
   * @return one outcome per URL, in order
   * @throws InterruptedException if interrupted while waiting; the batch is cancelled first
   * @throws IllegalStateException if the fetcher is closed
   */
  public List<FetchResult> fetchAll(List<String> urls) throws InterruptedException {
    try (FetchBatch batch = start(FetchRequest.getAll(urls))) {
      return batch.await();
    }
  }

  /** {@return the most requests this fetcher ever had in flight at once} */
  public int peakConcurrency() {
    return dispatcher.peak();
  }

  /**
   * {@return the requests holding a slot now (in flight); 0 once every batch is done, since an
   * outcome is recorded only after its slot is freed}
   */
  public int inFlight() {
    return dispatcher.active();
  }

  void forget(FetchBatch batch) {
    running.remove(batch);
  }

  /** Marks the current thread as running a callback of this fetcher; returns the previous mark. */
  Fetcher enterCallback() {
    Fetcher previous = IN_CALLBACK.get();
    IN_CALLBACK.set(this);
    return previous;
  }

  /** {@return whether the current thread is running a callback of this fetcher} */
  boolean inCallback() {
    return IN_CALLBACK.get() == this;
  }

  /** Ends what {@link #enterCallback()} began. */
  static void exitCallback(Fetcher previous) {
    if (previous == null) {
      IN_CALLBACK.remove();
    } else {
      IN_CALLBACK.set(previous);
    }
  }

  /**
   * Cancels every running batch (their undecided URLs become {@link Cancelled}), stops the timer,
   * and, if the fetcher created its HTTP client, shuts the client down and waits (a few seconds
   * at most) for its threads. Later {@code start} calls throw. Idempotent: a later call cancels
   * nothing more and waits again, returning at once if everything has stopped.
   *
   * <p><b>From a callback.</b> Called from a {@link FetchListener} or from a completion callback
   * of a batch's {@linkplain FetchBatch#future() future} (which run on the fetcher's own threads,
   * or hold up their batch), it does not wait, as that would wait for the calling thread itself:
   * it cancels the batches, stops the timer from taking new tasks and returns; a background thread
   * ({@code ferrite-http-closer-N}) finishes the shutdown once the callbacks have returned.
   * Another thread that must know the fetcher's threads are gone calls {@code close()} again.
   * This call does not interrupt the calling thread (only a callback still running seconds later
   * is interrupted, when the background thread forces the shutdown).
   */
  @Override
  public void close() {
    closed = true;
    List<FetchBatch> batches = new ArrayList<>(running);
    for (FetchBatch b : batches) {
      b.cancel();
    }
    if (inCallback()) {
      timer.shutdown(); // drops the delayed tasks; a running one (maybe the caller) ends as usual
      if (closerStarted.compareAndSet(false, true)) {
        Thread.ofPlatform().daemon(true).name("ferrite-http-closer-" + number)
            .start(() -> awaitShutdown(batches, false));
      }
      return;
    }
    awaitShutdown(batches, true);
  }

  /**
   * Waits for the batches, then stops the timer and the owned client and executor, each within
   * a few seconds. {@code now}: interrupt what still runs at once (off a callback, nothing of the
   * caller's runs there), else first let the running callbacks end.
   */
  private void awaitShutdown(List<FetchBatch> batches, boolean now) {
    for (FetchBatch b : batches) {
      b.close();
    }
    if (now) {
      timer.shutdownNow();
    }
    boolean interrupted = false;
    try {
      interrupted |= !awaitQuietly(() -> timer.awaitTermination(5, TimeUnit.SECONDS));
      timer.shutdownNow();
      if (ownsClient) {
        client.shutdownNow();
        interrupted |= !awaitQuietly(() -> client.awaitTermination(Duration.ofSeconds(5)));
        if (!now) {
          ownedExecutor.shutdown();
          interrupted |= !awaitQuietly(() -> ownedExecutor.awaitTermination(5, TimeUnit.SECONDS));
        }
        ownedExecutor.shutdownNow();
        interrupted |= !awaitQuietly(() -> ownedExecutor.awaitTermination(5, TimeUnit.SECONDS));
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private interface Wait {
    boolean await() throws InterruptedException;
  }

  /** {@return false if interrupted} */
  private static boolean awaitQuietly(Wait w) {
    try {
      w.await();
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /** {@return {@code d} as people write it: 250ms, 2s, 1.5s, 3m} */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms % 60_000 == 0) {
      return (ms / 60_000) + "m";
    }
    if (ms % 1000 == 0) {
      return (ms / 1000) + "s";
    }
    return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
  }

  /**
   * Settings of a {@link Fetcher}. Defaults: 16 requests at once, 6 per host, 30 s per attempt,
   * no batch deadline, 3 attempts, back-off from 100 ms up to 10 s, {@code Retry-After} honoured
   * up to 60 s, bodies up to 64 MiB.
   */
  public static final class Builder {
    private HttpClient client;
    private int maxConcurrency = 16;
    private int maxPerHost = 6;
    private int maxAttempts = 3;
    private Duration timeout = Duration.ofSeconds(30);
    private Duration batchTimeout;
    private Duration backoffBase = Duration.ofMillis(100);
    private Duration backoffMax = Duration.ofSeconds(10);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private long maxBodyBytes = 64L << 20;

    private Builder() {}

    /**
     * Uses {@code client} instead of a client of the fetcher's own; the fetcher never closes it.
     * Its redirect policy decides whether redirects are followed, and its executor runs the
     * fetcher's completions and starts the next requests: give it an executor of virtual threads,
     * as the fetcher's own client has ({@code HttpClient.Builder.executor}); the client's default
     * (a cached pool of platform threads, a parked thread woken per callback) served a third as
     * many requests per second with 256 in flight and no server delay on a 2-core machine.
     *
     * @param client the client
     * @return this builder
     */
    public Builder client(HttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * At most {@code n} requests in flight at once, over all batches (default 16).
     *
     * @param n the global limit, {@code >= 1}
     * @return this builder
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public Builder maxConcurrency(int n) {
      this.maxConcurrency = positive(n, "maxConcurrency");
      return this;
    }

    /**
     * At most {@code n} requests in flight to one host (scheme, host, port) at once (default 6;
     * never more than {@code maxConcurrency}). Keep it below {@code maxConcurrency} so that one
     * slow host always leaves slots to the others.
     *
     * @param n the per-host limit, {@code >= 1}
     * @return this builder
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public Builder maxPerHost(int n) {
      this.maxPerHost = positive(n, "maxPerHost");
      return this;
    }

    /**
     * The deadline of one attempt, from its start (before connecting) to the last byte of the
     * body (default 30 s).
     *
     * @param timeout the deadline, positive
     * @return this builder
     * @throws IllegalArgumentException if it is zero or negative
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * A deadline for each batch, from its start (default: none).
     *
     * @param timeout the deadline, positive
     * @return this builder
     * @throws IllegalArgumentException if it is zero or negative
     */
    public Builder batchTimeout(Duration timeout) {
      this.batchTimeout = positive(timeout, "batchTimeout");
      return this;
    }

    /**
     * At most {@code n} attempts per request, retries included (default 3; 1 = no retry).
     *
     * @param n the attempts, {@code >= 1}
     * @return this builder
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public Builder maxAttempts(int n) {
      this.maxAttempts = positive(n, "maxAttempts");
      return this;
    }

    /**
     * The back-off before retry {@code k} is drawn from [c/2, c] with
     * {@code c = min(max, base * 2^(k-1))} (defaults 100 ms and 10 s).
     *
     * @param base the first back-off's ceiling, positive
     * @param max the largest ceiling, at least {@code base}
     * @return this builder
     * @throws IllegalArgumentException if either is not positive or {@code max < base}
     */
    public Builder backoff(Duration base, Duration max) {
      this.backoffBase = positive(base, "base");
      this.backoffMax = positive(max, "max");
      if (max.compareTo(base) < 0) {
        throw new IllegalArgumentException("max " + max + " < base " + base);
      }
      return this;
    }

    /**
     * The longest {@code Retry-After} waited for; a longer one ends the URL with the failure at
     * hand (default 60 s).
     *
     * @param max the longest wait, not negative
     * @return this builder
     * @throws IllegalArgumentException if it is negative
     */
    public Builder maxRetryAfter(Duration max) {
      this.maxRetryAfter = Objects.requireNonNull(max, "max");
      if (max.isNegative()) {
        throw new IllegalArgumentException("negative maxRetryAfter: " + max);
      }
      return this;
    }

    /**
     * The largest body accepted, in bytes (default 64 MiB); {@code Long.MAX_VALUE} for none.
     *
     * @param n the limit, not negative
     * @return this builder
     * @throws IllegalArgumentException if it is negative
     */
    public Builder maxBodyBytes(long n) {
      if (n < 0) {
        throw new IllegalArgumentException("negative maxBodyBytes: " + n);
      }
      this.maxBodyBytes = n;
      return this;
    }

    /** {@return a new fetcher with these settings} */
    public Fetcher build() {
      return new Fetcher(this);
    }

    private static int positive(int n, String what) {
      if (n <= 0) {
        throw new IllegalArgumentException(what + " must be positive: " + n);
      }
      return n;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + d);
      }
      return d;
    }
  }
}
