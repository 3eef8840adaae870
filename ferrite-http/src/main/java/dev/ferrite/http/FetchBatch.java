package dev.ferrite.http;

import dev.ferrite.channel.Channel;
import dev.ferrite.channel.Receiver;
import dev.ferrite.channel.Sender;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running fetch of a list of URLs (the article's {@code join_all} over downloads): one
 * {@link FetchResult} per URL, in input order, whatever order they finish in.
 *
 * <pre>{@code
 * try (Fetcher fetcher = Fetcher.builder().maxConcurrency(8).maxPerHost(2).build();
 *      FetchBatch batch = fetcher.start(FetchRequest.getAll(urls), progress)) {
 *   List<FetchResult> results = batch.await();   // results.get(i) is the outcome of urls.get(i)
 * }                                              // close(): cancels whatever is still running
 * }</pre>
 *
 * <h2>Life cycle</h2>
 * {@link Fetcher#start} parses every URL (an unparsable one is decided at once as
 * {@link InvalidUrl}) and queues the rest for slots; requests then run as slots allow. The batch
 * is done when every URL's outcome is decided. {@link #cancel()} decides every undecided URL as
 * {@link Cancelled} and aborts its request in flight (its connection is closed, a partial file
 * deleted), so that no request of a cancelled batch keeps running; {@link #close()} cancels and
 * waits until the batch is done. The batch's deadline ({@link Fetcher.Builder#batchTimeout})
 * does the same with {@link TimedOut} outcomes ({@code wholeBatch() == true}).
 *
 * <h2>Thread safety and memory consistency</h2>
 * All methods may be called from any thread. Everything done to obtain a URL's outcome (the body
 * read, the file renamed) <i>happens-before</i> {@link #await()} returns it, the future completes,
 * and the listener sees its {@code Finished} event.
 */
public final class FetchBatch implements AutoCloseable {
  /*
   * Implementation overview
   *
   * The batch is the join_all of the article: a fixed array of exchanges, a same-sized array of
   * outcomes, and a countdown. Each exchange records its outcome exactly once (its own CAS decides
   * it, see Exchange) by writing its slot of `results` and then decrementing `remaining`; the
   * exchange that brings it to 0 completes the future and opens the latch, so the reader of the
   * list synchronizes with every writer (the decrements form one release sequence). Waiting parks
   * in a CountDownLatch (AQS: no monitor, so virtual threads do not pin).
   *
   * Unlike join_all, which polls every future in one task, the exchanges here are driven by the
   * JDK client's own threads (sendAsync); the batch never needs a thread of its own. The deadline
   * is a task on the fetcher's timer thread.
   *
   * Outcomes are also sent, as they are decided, into an unbounded Ferrite channel (Rust's
   * FuturesUnordered next to join_all): its sends never block, and the batch closes the sender
   * after the last outcome, so a receiver's iteration ends there (close, then drain, as with
   * Rust's mpsc). The batch keeps one receiver open itself, so completions decided before anyone
   * asked are buffered, not lost; completions() hands out clones of it.
   */

  final Fetcher fetcher;
  private final FetchListener listener;
  /** False for {@link FetchListener#NONE}: the hot paths then skip making events. */
  final boolean listening;
  private final List<FetchRequest> requests;
  private final Exchange[] exchanges;
  private final FetchResult[] results;
  private final AtomicInteger remaining;
  private final CountDownLatch done = new CountDownLatch(1);
  private final CompletableFuture<List<FetchResult>> future = new CompletableFuture<>();
  private final long deadlineNanos;
  private final boolean hasDeadline;
  private volatile ScheduledFuture<?> deadline;
  /** Outcomes in completion order; the sender is closed when the batch is done. */
  private final Sender<Completion> completed;
  private final Receiver<Completion> completions;
  /** Set before a cancel or the deadline decides the URLs: the dispatcher starts none of them. */
  private volatile boolean stopping;

  FetchBatch(Fetcher fetcher, List<FetchRequest> requests, FetchListener listener) {
    this.fetcher = fetcher;
    this.listener = listener;
    this.listening = listener != FetchListener.NONE;
    this.requests = List.copyOf(requests);
    int n = this.requests.size();
    this.exchanges = new Exchange[n];
    this.results = new FetchResult[n];
    this.remaining = new AtomicInteger(n);
    Duration bt = fetcher.batchTimeout;
    this.hasDeadline = bt != null;
    this.deadlineNanos = hasDeadline ? System.nanoTime() + bt.toNanos() : 0;
    Channel<Completion> channel = Channel.unbounded();
    this.completed = channel.sender();
    this.completions = channel.receiver();
  }

  /** Parses, queues, arms the deadline; called once by the fetcher. */
  void start() {
    List<Exchange> queued = new ArrayList<>();
    List<InvalidUrl> invalid = new ArrayList<>();
    int[] invalidAt = new int[requests.size()];
    for (int i = 0; i < exchanges.length; i++) {
      FetchRequest r = requests.get(i);
      String why = null;
      URI uri = null;
      try {
        uri = new URI(r.url());
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null) {
          why = "no scheme (expected http:// or https://)";
        } else if (!scheme.equals("http") && !scheme.equals("https")) {
          why = "unsupported scheme " + uri.getScheme();
        } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
          why = "no host";
        }
      } catch (URISyntaxException e) {
        why = e.getReason() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "");
      }
      if (why != null) {
        invalidAt[invalid.size()] = i;
        invalid.add(new InvalidUrl(r.url(), why));
      } else {
        exchanges[i] = new Exchange(this, i, r, uri);
        queued.add(exchanges[i]);
      }
    }
    if (requests.isEmpty()) {
      complete();
      return;
    }
    for (int k = 0; k < invalid.size(); k++) {
      record(invalidAt[k], invalid.get(k));
    }
    if (hasDeadline && !queued.isEmpty()) {
      try {
        Duration bt = fetcher.batchTimeout;
        deadline = fetcher.timer.schedule(() -> expire(bt),
            Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (RuntimeException e) { // the fetcher is closing
        cancel();
        return;
      }
    }
    fetcher.dispatcher.enqueue(queued);
  }

  /** {@return how many of the exchanges still reference an attempt} (white-box tests) */
  int exchangesHoldingAttempts() {
    int n = 0;
    for (Exchange x : exchanges) {
      if (x != null && x.holdsAttempt()) {
        n++;
      }
    }
    return n;
  }

  boolean isStopping() {
    return stopping;
  }

  private void expire(Duration after) {
    stopping = true;
    for (Exchange x : exchanges) {
      if (x != null) {
        x.expireBatch(after);
      }
    }
  }

  /** {@return whether a wait of {@code delay} from now ends before the batch's deadline} */
  boolean hasTimeFor(Duration delay) {
    return !hasDeadline || System.nanoTime() + delay.toNanos() - deadlineNanos < 0;
  }

  void emit(FetchEvent e) {
    Fetcher previous = fetcher.enterCallback();
    try {
      listener.on(e);
    } catch (RuntimeException ignored) {
      // documented: a listener's exceptions are ignored
    } finally {
      Fetcher.exitCallback(previous);
    }
  }

  /** Records the outcome of URL {@code i}; called exactly once per URL. */
  void record(int i, FetchResult r) {
    results[i] = r;
    completed.trySend(new Completion(i, r)); // unbounded and never closed before the last one
    if (listening) {
      emit(new FetchEvent.Finished(i, r));
    }
    if (remaining.decrementAndGet() == 0) {
      complete();
    }
  }

  private void complete() {
    ScheduledFuture<?> d = deadline;
    if (d != null) {
      d.cancel(false);
    }
    fetcher.forget(this);
    completed.close();
    done.countDown();
    Fetcher previous = fetcher.enterCallback(); // the future's dependents run here
    try {
      future.complete(Collections.unmodifiableList(Arrays.asList(results.clone())));
    } finally {
      Fetcher.exitCallback(previous);
    }
  }

  /** {@return the number of URLs in the batch} */
  public int size() {
    return results.length;
  }

  /** {@return how many URLs have their outcome decided (never decreases)} */
  public int completed() {
    return results.length - Math.max(0, remaining.get());
  }

  /** {@return whether every URL's outcome is decided} */
  public boolean isDone() {
    return done.getCount() == 0;
  }

  /**
   * Waits until every URL's outcome is decided and returns them in input order.
   *
   * <p>Interrupting the waiting thread cancels the batch (every undecided URL becomes
   * {@link Cancelled}, its request is aborted) and throws: no request outlives a wait that was
   * given up.
   *
   * @return an unmodifiable list, {@code get(i)} the outcome of the {@code i}-th request
   * @throws InterruptedException if interrupted while waiting (the batch is then cancelled; the
   *     interrupt status is cleared, as usual)
   */
  public List<FetchResult> await() throws InterruptedException {
    try {
      done.await();
    } catch (InterruptedException e) {
      cancel();
      throw e;
    }
    return future.join();
  }

  /**
   * {@return the outcomes as they are decided, in completion order, through a Ferrite channel}
   * Every URL's {@link Completion} is sent exactly once, including those decided before this
   * call; the channel closes once the batch is done, so iterating the receiver ends after the
   * last one:
   *
   * <pre>{@code
   * try (Receiver<Completion> done = batch.completions()) {
   *   for (Completion c : done) {               // as each URL finishes, not in input order
   *     show(c.index(), c.result());
   *   }
   * }
   * }</pre>
   *
   * Each call returns a new receiver handle of the same channel: receivers compete, each
   * completion goes to one of them. Close the handle when done with it.
   *
   * <p>Memory consistency effects: everything done to obtain an outcome <i>happens-before</i> its
   * completion is received.
   */
  public Receiver<Completion> completions() {
    return completions.clone();
  }

  /**
   * {@return a future of the outcomes in input order, completed when the batch is done; it never
   * completes exceptionally. Cancelling the returned future does not cancel the batch: call
   * {@link #cancel()}}
   */
  public CompletableFuture<List<FetchResult>> future() {
    return future.copy();
  }

  /**
   * Cancels the batch: every URL whose outcome is not decided yet becomes {@link Cancelled}, and
   * its request in flight (if any) is aborted at once, freeing its slots and closing its
   * connection. Returns without waiting; idempotent.
   *
   * @return true if this call decided at least one outcome
   */
  public boolean cancel() {
    stopping = true;
    boolean any = false;
    for (Exchange x : exchanges) {
      if (x != null && x.cancel()) {
        any = true;
      }
    }
    return any;
  }

  /**
   * Cancels whatever is still running ({@link #cancel()}) and waits until the batch is done
   * (which follows at once). Idempotent. If the thread is interrupted meanwhile, it still waits,
   * and sets the interrupt status again before returning.
   *
   * <p><b>From a callback.</b> Called from a {@link FetchListener} or a completion callback of
   * this fetcher's batches, it cancels and returns without waiting: the outcome the listener is
   * being told about is recorded only when the listener returns, so waiting there would wait for
   * the calling thread itself. The batch is done as soon as the callback returns; another thread
   * that must know it is done calls {@code close()} again or waits on {@link #await()}.
   */
  @Override
  public void close() {
    cancel();
    if (fetcher.inCallback()) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "FetchBatch[" + completed() + "/" + size() + " done]";
  }
}
