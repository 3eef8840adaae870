package dev.ferrite.http;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/** One URL of a batch: its attempts, its slot, and its outcome, decided exactly once. */
final class Exchange {
  /*
   * Implementation overview
   *
   * The outcome is decided by one CAS on `result` (null -> outcome). Four parties race for it:
   * the attempt's completion (the HTTP client's thread), the attempt's deadline (the fetcher's
   * timer), the batch's deadline (the timer) and cancellation (any thread). Whoever wins aborts
   * the current attempt, frees the slot and records the outcome in the batch; the losers see a
   * non-null `result` and do nothing. A successful download to a file first CASes in the DECIDING
   * sentinel, so that the rename and the outcome are one decision: a file is never renamed into
   * place for a URL whose outcome is "timed out".
   *
   * Starting an attempt vs deciding: launch() publishes `current` (volatile) and then reads
   * `result`; a decider CASes `result` and then reads `current`. One of them sees the other
   * (a Dekker pair), so an attempt started at the moment of a cancel is aborted by one side.
   *
   * Aborting an attempt (Attempt.abort) is idempotent and covers every stage: the attempt's timer
   * is cancelled; before the headers, the future of sendAsync is cancelled (the JDK client then
   * aborts the exchange and closes its connection); after the headers, the body subscription is
   * cancelled (which closes the HTTP/1.1 connection, or resets the HTTP/2 stream) and the body
   * future fails, so the client's future completes too. That is also how the per-request deadline
   * covers the body: HttpRequest.timeout() bounds only the wait for the headers, so we do not
   * use it; our timer bounds the whole exchange. The body subscriber counts
   * bytes as they arrive, so the size limit holds even when Content-Length is absent or lies.
   *
   * The slot is freed early on the common path: when the body subscriber sees the whole body,
   * on one of the client's threads, the connection is back in the client's pool, so the attempt
   * cancels its deadline and frees its slot there (Attempt.bodyReceived), and the next request
   * starts on that thread. The JDK client runs the dependents of sendAsync's future on the
   * common pool, so waiting for the future to free the slot put every launch on that pool, one
   * thread on a 2-core machine.
   *
   * Retries: a retryable failure (connection failure, 429, 503) of an idempotent request with
   * attempts left frees its slot, waits on the timer (exponential back-off with "equal jitter",
   * after Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog 2015; at least the
   * server's Retry-After, RFC 9110 10.2.3) and queues again at the head of its host's queue.
   */

  private static final VarHandle RESULT;

  static {
    try {
      RESULT = MethodHandles.lookup().findVarHandle(Exchange.class, "result", FetchResult.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Marks an outcome being decided (a download being renamed into place). */
  private static final FetchResult DECIDING = new Cancelled("", 0);

  final FetchBatch batch;
  final Fetcher fetcher;
  final int index;
  final FetchRequest request;
  final URI uri;
  final String hostKey;

  /** Guarded by the dispatcher's lock. */
  boolean holdsSlot;

  private volatile FetchResult result;
  private volatile Attempt current;
  private volatile ScheduledFuture<?> retryTimer;
  private volatile int attempts;
  private volatile long firstStart;

  Exchange(FetchBatch batch, int index, FetchRequest request, URI uri) {
    this.batch = batch;
    this.fetcher = batch.fetcher;
    this.index = index;
    this.request = request;
    this.uri = uri;
    this.hostKey = uri.getScheme().toLowerCase(Locale.ROOT) + "://"
        + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port(uri);
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort()
        : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  boolean isDecided() {
    return result != null;
  }

  int attempts() {
    return attempts;
  }

  /** Sends the next attempt; the caller (the dispatcher) has given this exchange a slot. */
  void launch() {
    if (result != null) {
      return; // decided between pick and launch; the decider freed the slot
    }
    int n = attempts + 1;
    attempts = n;
    if (n == 1) {
      firstStart = System.nanoTime();
    }
    Attempt a = new Attempt(n);
    current = a;
    if (result != null) {
      a.abort();
      if (current == a) {
        current = null; // as settle() does (it may have read the previous attempt)
      }
      return;
    }
    if (batch.listening) {
      batch.emit(new FetchEvent.Started(index, uri, n));
    }
    a.start();
  }

  /** Decides the outcome, unless it is decided already; see the essay. */
  boolean finish(FetchResult r) {
    if (!RESULT.compareAndSet(this, null, r)) {
      return false;
    }
    settle(r);
    return true;
  }

  private void settle(FetchResult r) {
    ScheduledFuture<?> rt = retryTimer;
    if (rt != null) {
      rt.cancel(false);
    }
    Attempt a = current;
    if (a != null) {
      a.abort();
      // The batch keeps its exchanges until it ends; a decided one must not keep its attempt,
      // which reaches the client's whole exchange (response, connection state, timers).
      current = null;
    }
    fetcher.dispatcher.release(this);
    batch.record(index, r);
  }

  /** {@return whether this exchange still references an attempt} (white-box tests) */
  boolean holdsAttempt() {
    return current != null;
  }

  boolean cancel() {
    return !isDecided() && finish(new Cancelled(request.url(), attempts));
  }

  void expireBatch(Duration after) {
    finish(new TimedOut(request.url(), after, true, attempts));
  }

  /** An attempt ended with a failure that may be retried: retry it, or decide. */
  private void failed(Attempt a, FetchFailure failure, boolean retryable, Duration retryAfter) {
    if (current != a || result != null) {
      return;
    }
    Duration delay = null;
    if (retryable && request.idempotent() && a.number < fetcher.maxAttempts) {
      Duration backoff = backoff(a.number, fetcher.backoffBase, fetcher.backoffMax,
          ThreadLocalRandom.current());
      if (retryAfter == null) {
        delay = backoff;
      } else if (retryAfter.compareTo(fetcher.maxRetryAfter) <= 0) {
        delay = retryAfter.compareTo(backoff) >= 0 ? retryAfter : backoff;
      }
      if (delay != null && !batch.hasTimeFor(delay)) {
        delay = null; // the batch would end while we wait: report this failure now
      }
    }
    if (delay == null) {
      finish(failure);
      return;
    }
    a.abort();
    Duration d = delay;
    batch.emit(new FetchEvent.Retrying(index, failure, d));
    fetcher.dispatcher.release(this);
    try {
      retryTimer = fetcher.timer.schedule(() -> {
        if (result == null) {
          fetcher.dispatcher.requeue(this);
        }
      }, d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) { // the fetcher is closing
      finish(new Cancelled(request.url(), attempts));
      return;
    }
    if (result != null) {
      retryTimer.cancel(false);
    }
  }

  private void succeeded(Attempt a, HttpResponse<Body> response) {
    Body body = response.body();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - firstStart);
    if (body.temp == null) {
      finish(new Fetched(request.url(), response.uri(), response.statusCode(), response.headers(),
          body.bytes, null, body.length, a.number, elapsed));
      return;
    }
    if (!RESULT.compareAndSet(this, null, DECIDING)) {
      deleteQuietly(body.temp);
      return;
    }
    Path target = ((FetchRequest.File) request.target()).path();
    FetchResult r;
    try {
      try {
        Files.move(body.temp, target, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(body.temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      r = new Fetched(request.url(), response.uri(), response.statusCode(), response.headers(),
          new byte[0], target, body.length, a.number, elapsed);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(body.temp);
      r = new TransferFailed(request.url(), "cannot write " + target + ": " + describe(e), e,
          a.number);
    }
    result = r;
    settle(r);
  }

  /** {@return the delay before attempt {@code failed + 1}: base * 2^(failed-1), capped, equal jitter} */
  static Duration backoff(int failed, Duration base, Duration max, RandomGenerator random) {
    long b = Math.max(1, base.toNanos());
    int shift = Math.min(failed - 1, 62 - (63 - Long.numberOfLeadingZeros(b)));
    long ceiling = Math.min(max.toNanos(), shift <= 0 ? b : b << shift);
    long half = ceiling / 2;
    return Duration.ofNanos(half + (ceiling - half <= 0 ? 0 : random.nextLong(ceiling - half + 1)));
  }

  /**
   * {@return the wait a {@code Retry-After} header asks for (delta-seconds or an HTTP-date,
   * RFC 9110 10.2.3), null if absent or unparsable}
   */
  static Duration retryAfter(HttpHeaders headers, Instant now) {
    String v = headers.firstValue("Retry-After").orElse(null);
    if (v == null) {
      return null;
    }
    v = v.strip();
    if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException e) {
        return Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L); // absurdly large
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException | RuntimeException e) {
      // nothing more to do: the name is a temporary one
    }
  }

  /** What a body subscriber hands over: the bytes in memory, or the temporary file. */
  static final class Body {
    final byte[] bytes;
    final Path temp;
    final long length;

    Body(byte[] bytes, Path temp, long length) {
      this.bytes = bytes;
      this.temp = temp;
      this.length = length;
    }
  }

  /** The body grew past the limit (never leaves this class). */
  private static final class TooLargeSignal extends IOException {
    private static final long serialVersionUID = 1L;
    final long seen;

    TooLargeSignal(long seen) {
      super("body too large");
      this.seen = seen;
    }
  }

  /** One attempt: a sendAsync, its deadline and its body subscriber. */
  final class Attempt implements HttpResponse.BodyHandler<Body> {
    final int number;
    private volatile boolean aborted;
    private volatile CompletableFuture<HttpResponse<Body>> future;
    private volatile Sink sink;
    private volatile ScheduledFuture<?> deadline;

    Attempt(int number) {
      this.number = number;
    }

    void start() {
      HttpRequest req;
      try {
        // No HttpRequest.timeout(): it bounds only the wait for the headers, and costs a timer
        // registration with the client's selector per request; our deadline covers it all.
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        List<String> h = request.headers();
        for (int i = 0; i < h.size(); i += 2) {
          b.header(h.get(i), h.get(i + 1));
        }
        byte[] rb = request.requestBody();
        b.method(request.method(), rb.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(rb));
        req = b.build();
      } catch (IllegalArgumentException e) {
        finish(new InvalidUrl(request.url(), describe(e)));
        return;
      }
      try {
        deadline = fetcher.timer.schedule(this::expire, fetcher.timeout.toNanos(),
            TimeUnit.NANOSECONDS);
      } catch (RuntimeException e) { // the fetcher is closing
        finish(new Cancelled(request.url(), number));
        return;
      }
      CompletableFuture<HttpResponse<Body>> f;
      try {
        f = fetcher.client.sendAsync(req, this);
      } catch (IllegalArgumentException e) {
        finish(new InvalidUrl(request.url(), describe(e)));
        return;
      } catch (RuntimeException e) {
        finish(new TransferFailed(request.url(), describe(e), e, number));
        return;
      }
      future = f;
      if (aborted) {
        f.cancel(true);
      }
      f.whenComplete(this::completed);
    }

    /**
     * The body has arrived whole, on the client's thread, and the client has already taken the
     * connection back: the request is no longer in flight, so its deadline is cancelled and its
     * slot freed here; the next waiting request starts on a task of the client's executor, once
     * the client has unwound (the Dispatcher's essay). The outcome is still
     * decided by {@link #completed}, which the client runs later on its completion executor (the
     * common pool, one thread on a 2-core machine): launching the next request from there put
     * every launch of every batch on that one thread. A retry of this attempt takes a slot anew.
     */
    void bodyReceived() {
      ScheduledFuture<?> d = deadline;
      if (d != null) {
        d.cancel(false);
      }
      if (current == this && result == null) {
        fetcher.dispatcher.releaseFromClient(Exchange.this);
      }
    }

    private void expire() {
      if (current == this && !aborted) { // not when it already failed and waits to be retried
        finish(new TimedOut(request.url(), fetcher.timeout, false, number));
      }
    }

    /** Idempotent; see the essay. */
    void abort() {
      aborted = true;
      ScheduledFuture<?> d = deadline;
      if (d != null) {
        d.cancel(false);
      }
      Sink s = sink;
      if (s != null) {
        s.abort();
      }
      CompletableFuture<HttpResponse<Body>> f = future;
      if (f != null) {
        f.cancel(true);
      }
    }

    @Override
    public HttpResponse.BodySubscriber<Body> apply(HttpResponse.ResponseInfo info) {
      int status = info.statusCode();
      long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      Sink s = new Sink(this, status < 400 ? request.target() : FetchRequest.Target.discard(),
          status < 400, declared);
      sink = s;
      if (aborted) {
        s.abort();
      }
      return s.subscriber;
    }

    /** Deletes the temporary file of a body that completed but will not be used. */
    private void dropFile() {
      Sink s = sink;
      if (s != null) {
        s.dropFile();
      }
    }

    private void completed(HttpResponse<Body> response, Throwable error) {
      ScheduledFuture<?> d = deadline;
      if (d != null) {
        d.cancel(false);
      }
      if (current != this || result != null) {
        dropFile();
        return;
      }
      String url = request.url();
      if (error == null) {
        int status = response.statusCode();
        if (status < 400) {
          succeeded(this, response);
        } else {
          HttpError e = new HttpError(url, status, response.headers(), number);
          boolean retryable = status == 429 || status == 503;
          failed(this, e, retryable, retryable
              ? retryAfter(response.headers(), Instant.now()) : null);
        }
        return;
      }
      dropFile();
      Throwable c = unwrap(error);
      if (c instanceof TooLargeSignal t) {
        finish(new TooLarge(url, fetcher.maxBodyBytes, t.seen, number));
      } else if (c instanceof CancellationException) {
        finish(new Cancelled(url, number)); // someone cancelled the future itself
      } else if (causedBy(c, UnresolvedAddressException.class)
          || causedBy(c, UnknownHostException.class)) {
        finish(new UnknownHost(url, uri.getHost(), number));
      } else if (c instanceof HttpConnectTimeoutException) {
        failed(this, new ConnectFailed(url, "connect timed out", number), true, null);
      } else if (c instanceof HttpTimeoutException) {
        finish(new TimedOut(url, fetcher.timeout, false, number));
      } else if (c instanceof ConnectException) {
        // The JDK client reports a refused connection as a ConnectException without a message
        // caused by a ClosedChannelException (JDK 21-25); other failures carry a message.
        String m = firstMessage(c);
        boolean refused = m == null ? causedBy(c, ClosedChannelException.class)
            : m.toLowerCase(Locale.ROOT).contains("refused");
        failed(this, new ConnectFailed(url, refused ? "connection refused"
            : m == null ? "connection failed" : "connection failed: " + m, number), true, null);
      } else {
        String m = firstMessage(c);
        finish(new TransferFailed(url, m == null ? c.getClass().getSimpleName()
            : c instanceof IOException ? m : c.getClass().getSimpleName() + ": " + m, c, number));
      }
    }
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof TooLargeSignal) {
        return c;
      }
    }
    return t;
  }

  /** {@return the first non-blank message in the cause chain, first line only; null if none} */
  private static String firstMessage(Throwable t) {
    for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
      String m = t.getMessage();
      if (m != null && !m.isBlank()) {
        return m.lines().findFirst().orElse(m).strip();
      }
    }
    return null;
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Receives one response body: counts it against the limit, reports progress, and keeps it in
   * memory, writes it to a temporary file, or drops it. The client sees it through {@link
   * #subscriber}, not directly: see there.
   */
  private final class Sink implements Flow.Subscriber<List<ByteBuffer>> {
    private final Attempt attempt;
    private final FetchRequest.Target target;
    private final boolean report;
    private final long declared;
    /**
     * What the client is given: this sink wrapped by {@code BodySubscribers.fromSubscriber}. The
     * JDK client calls a body subscriber of its own making at once, but hands the body of any
     * other (like this class) to its executor first, because user code might block there: one
     * more thread hand-off per response, about 6% of the throughput at 256 requests in flight
     * on 2 cores. This sink never blocks the client's thread (file writes are the same as
     * {@code BodySubscribers.ofFile}'s), so it goes through the JDK's adapter, whose result is
     * {@link #finish()} once the body is complete, and whose {@code onError} this sink calls to
     * fail the body when it stops on its own (limit, abort, I/O error).
     */
    final HttpResponse.BodySubscriber<Body> subscriber =
        HttpResponse.BodySubscribers.fromSubscriber(this, Sink::finish);
    /** Orders file writes against an abort from another thread; never held while waiting. */
    private final ReentrantLock lock = new ReentrantLock();
    private Flow.Subscription subscription;
    private boolean aborted;
    private long received;
    private List<byte[]> chunks;
    private FileChannel channel;
    private Path temp;
    /** The whole body, once onComplete has it; null until then, and after a failure. */
    private Body complete;

    Sink(Attempt attempt, FetchRequest.Target target, boolean report, long declared) {
      this.attempt = attempt;
      this.target = target;
      this.report = report;
      this.declared = declared;
    }

    /**
     * The adapter's result, which it asks for after onComplete: the body, or null if the sink
     * failed, when its call to the adapter's onError has already decided the adapter's result.
     */
    private Body finish() {
      lock.lock();
      try {
        return complete;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      lock.lock();
      try {
        if (aborted || subscription != null) {
          s.cancel();
          return;
        }
        subscription = s;
        if (declared > fetcher.maxBodyBytes) {
          fail(new TooLargeSignal(declared));
          return;
        }
        if (target instanceof FetchRequest.File f) {
          Path p = f.path();
          Path name = p.getFileName();
          temp = p.resolveSibling("." + (name == null ? "body" : name) + "."
              + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
          channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE);
        } else if (target instanceof FetchRequest.Memory) {
          chunks = new ArrayList<>();
        }
      } catch (IOException | RuntimeException e) {
        fail(e);
        return;
      } finally {
        lock.unlock();
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      long n = 0;
      lock.lock();
      try {
        if (aborted) {
          return;
        }
        for (ByteBuffer b : buffers) {
          n += b.remaining();
        }
        received += n;
        if (received > fetcher.maxBodyBytes) {
          fail(new TooLargeSignal(received));
          return;
        }
        if (channel != null) {
          for (ByteBuffer b : buffers) {
            while (b.hasRemaining()) {
              channel.write(b);
            }
          }
        } else if (chunks != null) {
          for (ByteBuffer b : buffers) {
            byte[] a = new byte[b.remaining()];
            b.get(a);
            chunks.add(a);
          }
        }
      } catch (IOException | RuntimeException e) {
        fail(e);
        return;
      } finally {
        lock.unlock();
      }
      if (report && n > 0 && batch.listening && result == null) {
        batch.emit(new FetchEvent.BytesReceived(index, n, received));
      }
    }

    @Override
    public void onError(Throwable t) {
      lock.lock();
      try {
        if (!aborted) {
          fail(t);
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onComplete() {
      lock.lock();
      try {
        if (aborted) {
          return;
        }
        if (channel != null) {
          channel.close();
          channel = null;
        }
        byte[] bytes;
        if (chunks == null) {
          bytes = new byte[0];
        } else {
          bytes = new byte[Math.toIntExact(received)];
          int at = 0;
          for (byte[] c : chunks) {
            System.arraycopy(c, 0, bytes, at, c.length);
            at += c.length;
          }
          chunks = null;
        }
        aborted = true; // done: a later abort() has nothing left to undo
        complete = new Body(bytes, temp, received);
      } catch (IOException | RuntimeException e) {
        fail(e);
      } finally {
        lock.unlock();
      }
      attempt.bodyReceived(); // also after a failure here: the connection is done with either way
    }

    /** Deletes the temporary file, if the body completed with one (it will not be renamed). */
    void dropFile() {
      lock.lock();
      try {
        if (temp != null) {
          deleteQuietly(temp);
          temp = null;
        }
      } finally {
        lock.unlock();
      }
    }

    /** Under the lock: stop, clean up, fail the body. */
    private void fail(Throwable t) {
      aborted = true;
      cleanUp();
      subscriber.onError(t); // fails the adapter's body; its call back here is a no-op
    }

    /** From any thread: cancel the subscription, drop the partial body, fail the body. */
    void abort() {
      lock.lock();
      try {
        if (aborted) {
          return;
        }
        fail(new CancellationException("aborted"));
      } finally {
        lock.unlock();
      }
    }

    private void cleanUp() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      chunks = null;
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          // deleting it next
        }
        channel = null;
      }
      if (temp != null) {
        deleteQuietly(temp);
        temp = null;
      }
    }
  }
}
