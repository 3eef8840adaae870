package dev.ferrite.http.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.channel.Receiver;
import dev.ferrite.channel.RecvClosed;
import dev.ferrite.http.Cancelled;
import dev.ferrite.http.Completion;
import dev.ferrite.http.ConnectFailed;
import dev.ferrite.http.FetchBatch;
import dev.ferrite.http.FetchEvent;
import dev.ferrite.http.FetchFailure;
import dev.ferrite.http.FetchListener;
import dev.ferrite.http.FetchRequest;
import dev.ferrite.http.FetchRequest.Target;
import dev.ferrite.http.FetchResult;
import dev.ferrite.http.Fetched;
import dev.ferrite.http.Fetcher;
import dev.ferrite.http.HttpError;
import dev.ferrite.http.InvalidUrl;
import dev.ferrite.http.TimedOut;
import dev.ferrite.http.TooLarge;
import dev.ferrite.http.TransferFailed;
import dev.ferrite.http.UnknownHost;
import dev.ferrite.test.Seeds;
import dev.ferrite.test.TestThreads;
import dev.ferrite.test.Timeouts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against loopback servers: order, limits, deadlines, retries, sizes, cancellation. */
class FetcherTest {
  /** A per-attempt deadline for requests that should succeed: the hang guard. */
  private static final Duration GENEROUS = Timeouts.LONG;
  /** A per-attempt deadline that faulty servers are expected to hit: short, not scaled. */
  private static final Duration EXPECTED_TIMEOUT = Duration.ofMillis(300);

  @TempDir Path dir;

  private static Fetcher.Builder fetcher() {
    return Fetcher.builder().timeout(GENEROUS).backoff(Duration.ofMillis(1), Duration.ofMillis(5));
  }

  private static List<FetchResult> fetch(Fetcher f, List<FetchRequest> requests)
      throws Exception {
    try (FetchBatch b = f.start(requests)) {
      return b.future().get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Test
  void resultsComeInInputOrderWhateverOrderTheyFinishIn() throws Exception {
    try (LoopbackServer server = new LoopbackServer();
        Fetcher f = fetcher().maxConcurrency(8).maxPerHost(8).build()) {
      Seeds.run(Seeds.seed(), rnd -> {
        List<String> urls = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          int size = rnd.nextInt(5000);
          sizes.add(size);
          urls.add(switch (i % 10) {
            case 3 -> "not a url";
            case 7 -> server.url("/status/404");
            default -> server.url("/bytes/" + size + "?delay=" + rnd.nextInt(15) + "&i=" + i);
          });
        }
        List<FetchResult> results = f.fetchAll(urls);

        assertThat(results).hasSize(urls.size());
        for (int i = 0; i < urls.size(); i++) {
          FetchResult r = results.get(i);
          int size = sizes.get(i);
          assertThat(r.url()).isEqualTo(urls.get(i));
          switch (i % 10) {
            case 3 -> assertThat(r).isInstanceOf(InvalidUrl.class);
            case 7 -> assertThat(r).isInstanceOfSatisfying(HttpError.class,
                e -> assertThat(e.status()).isEqualTo(404));
            default -> assertThat(r).isInstanceOfSatisfying(Fetched.class, ok -> {
              assertThat(ok.status()).isEqualTo(200);
              assertThat(ok.body()).isEqualTo(LoopbackServer.body(size));
              assertThat(ok.bytes()).isEqualTo(size);
              assertThat(ok.attempts()).isEqualTo(1);
            });
          }
        }
      });
    }
  }

  @Test
  void globalAndPerHostLimitsAreNeverExceeded() throws Exception {
    AtomicInteger shared = new AtomicInteger();
    AtomicInteger sharedMax = new AtomicInteger();
    List<LoopbackServer> servers = new ArrayList<>();
    try {
      for (int s = 0; s < 3; s++) {
        servers.add(new LoopbackServer(shared, sharedMax));
      }
      try (Fetcher f = fetcher().maxConcurrency(5).maxPerHost(2).build()) {
        Seeds.run(Seeds.seed(), rnd -> {
          List<String> urls = new ArrayList<>();
          for (int i = 0; i < 90; i++) {
            urls.add(servers.get(rnd.nextInt(3)).url("/bytes/100?delay=" + (2 + rnd.nextInt(8))));
          }
          List<FetchResult> results = f.fetchAll(urls);
          assertThat(results).allMatch(FetchResult::isSuccess);
          assertThat(f.peakConcurrency()).isBetween(2, 5);
          for (LoopbackServer s : servers) {
            assertThat(s.maxConcurrency()).as("per host").isBetween(1, 2);
          }
          assertThat(sharedMax.get()).as("global").isBetween(2, 5);
        });
      }
    } finally {
      for (LoopbackServer s : servers) {
        s.close();
      }
    }
  }

  @Test
  void batchesRunningAtOnceShareTheLimits() throws Exception {
    try (LoopbackServer server = new LoopbackServer();
        Fetcher f = fetcher().maxConcurrency(3).maxPerHost(3).build()) {
      List<FetchRequest> requests = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        requests.add(FetchRequest.get(server.url("/bytes/50?delay=3")));
      }
      try (FetchBatch a = f.start(requests); FetchBatch b = f.start(requests);
          FetchBatch c = f.start(requests)) {
        for (FetchBatch batch : List.of(a, b, c)) {
          assertThat(batch.await()).hasSize(20).allMatch(FetchResult::isSuccess);
        }
      }
      assertThat(server.maxConcurrency()).isBetween(1, 3);
      assertThat(f.peakConcurrency()).isBetween(1, 3);
      assertThat(server.requests()).isEqualTo(60);
    }
  }

  @Test
  void aSlowHostCannotTakeEverySlot() throws Exception {
    try (LoopbackServer slow = new LoopbackServer();
        LoopbackServer fast = new LoopbackServer();
        Fetcher f = fetcher().maxConcurrency(4).maxPerHost(3).build()) {
      List<FetchRequest> requests = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        requests.add(FetchRequest.get(slow.url("/hold/10")));
      }
      for (int i = 0; i < 10; i++) {
        requests.add(FetchRequest.get(fast.url("/bytes/10")));
      }
      CountDownLatch fastDone = new CountDownLatch(10);
      AtomicInteger slowDone = new AtomicInteger();
      try (FetchBatch batch = f.start(requests, e -> {
        if (e instanceof FetchEvent.Finished fin) {
          if (fin.index() >= 20) {
            fastDone.countDown();
          } else {
            slowDone.incrementAndGet();
          }
        }
      })) {
        // every fast URL finishes while the slow host still holds its 3 slots
        assertThat(fastDone.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(slowDone.get()).isZero();
        assertThat(slow.holding.get()).isEqualTo(3);
        slow.release();
        List<FetchResult> results = batch.await();
        assertThat(results).allMatch(FetchResult::isSuccess);
      }
      assertThat(slow.maxConcurrency()).isEqualTo(3);
      // round-robin dealt the fast host up to 2 of the 4 slots at first; never over its 3
      assertThat(fast.maxConcurrency()).isBetween(1, 3);
    }
  }

  @Test
  void slowHeadersTimeOut() throws Exception {
    try (FaultServer server = new FaultServer(FaultServer.Fault.SILENT);
        Fetcher f = fetcher().timeout(EXPECTED_TIMEOUT).build()) {
      long start = System.nanoTime();
      FetchResult r = f.fetchAll(List.of(server.url("/"))).get(0);
      assertThat(r).isInstanceOfSatisfying(TimedOut.class, t -> {
        assertThat(t.wholeBatch()).isFalse();
        assertThat(t.attempts()).isEqualTo(1);
        assertThat(t.after()).isEqualTo(EXPECTED_TIMEOUT);
      });
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(EXPECTED_TIMEOUT);
      assertThat(server.hungUp.tryAcquire(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS))
          .as("the client closed the connection").isTrue();
    }
  }

  @Test
  void aStalledBodyTimesOutAndItsConnectionIsClosed() throws Exception {
    try (FaultServer server = new FaultServer(FaultServer.Fault.STALL_BODY);
        Fetcher f = fetcher().timeout(EXPECTED_TIMEOUT).build()) {
      AtomicLong bytes = new AtomicLong();
      FetchResult r;
      try (FetchBatch b = f.start(List.of(FetchRequest.get(server.url("/")).to(
          Target.file(dir.resolve("stalled")))), e -> {
            if (e instanceof FetchEvent.BytesReceived br) {
              bytes.addAndGet(br.bytes());
            }
          })) {
        r = b.await().get(0);
      }
      assertThat(r).isInstanceOf(TimedOut.class);
      assertThat(bytes.get()).isEqualTo(10);
      assertThat(server.hungUp.tryAcquire(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS))
          .as("the client closed the connection").isTrue();
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files).as("no partial file is left").isEmpty();
      }
    }
  }

  @Test
  void aResetConnectionIsATransferFailure() throws Exception {
    try (FaultServer server = new FaultServer(FaultServer.Fault.RESET);
        Fetcher f = fetcher().build()) {
      FetchResult r = f.fetchAll(List.of(server.url("/"))).get(0);
      assertThat(r).isInstanceOfSatisfying(TransferFailed.class,
          t -> assertThat(t.reason()).isNotBlank());
    }
  }

  @Test
  void aBodyShorterThanItsContentLengthIsATransferFailure() throws Exception {
    try (FaultServer server = new FaultServer(FaultServer.Fault.SHORT_BODY);
        Fetcher f = fetcher().build()) {
      FetchResult r = f.fetchAll(List.of(server.url("/"))).get(0);
      assertThat(r).isInstanceOf(TransferFailed.class);
    }
  }

  @Test
  void serverErrorsAreNotRetriedExceptFor429And503() throws Exception {
    try (LoopbackServer server = new LoopbackServer();
        Fetcher f = fetcher().maxAttempts(3).build()) {
      List<FetchResult> r = f.fetchAll(List.of(server.url("/status/500"),
          server.url("/flaky/a?status=503&times=9"), server.url("/flaky/b?status=429&times=1"),
          server.url("/flaky/c?status=503&times=2&after=0")));
      assertThat(r.get(0)).isInstanceOfSatisfying(HttpError.class, e -> {
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.reason()).isEqualTo("HTTP 500");
      });
      assertThat(r.get(1)).isInstanceOfSatisfying(HttpError.class, e -> {
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.attempts()).isEqualTo(3);
      });
      assertThat(r.get(2)).isInstanceOfSatisfying(Fetched.class, ok -> {
        assertThat(ok.attempts()).isEqualTo(2);
        assertThat(ok.text()).isEqualTo("attempt 2");
      });
      assertThat(r.get(3)).isInstanceOfSatisfying(Fetched.class,
          ok -> assertThat(ok.text()).isEqualTo("attempt 3"));
      assertThat(server.requests()).isEqualTo(1 + 3 + 2 + 3);
    }
  }

  @Test
  void retryAfterIsHonouredAndAnExcessiveOneEndsTheUrl() throws Exception {
    try (LoopbackServer server = new LoopbackServer();
        Fetcher f = fetcher().maxRetryAfter(Duration.ofSeconds(5)).build()) {
      long start = System.nanoTime();
      List<FetchResult> r = f.fetchAll(List.of(server.url("/flaky/a?status=503&after=1"),
          server.url("/flaky/b?status=503&after=120")));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(r.get(0)).isInstanceOfSatisfying(Fetched.class,
          ok -> assertThat(ok.attempts()).isEqualTo(2));
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(r.get(1)).isInstanceOfSatisfying(HttpError.class, e -> {
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.headers().firstValue("Retry-After")).hasValue("120");
      });
    }
  }

  @Test
  void postIsNotRetried() throws Exception {
    try (LoopbackServer server = new LoopbackServer(); Fetcher f = fetcher().build()) {
      List<FetchResult> r = fetch(f, List.of(FetchRequest.get(server.url("/flaky/p?status=503"))
          .withMethod("POST", "x".getBytes())));
      assertThat(r.get(0)).isInstanceOfSatisfying(HttpError.class,
          e -> assertThat(e.attempts()).isEqualTo(1));
    }
  }

  @Test
  void bodiesOverTheLimitAreRefusedWhateverTheHeadersSay() throws Exception {
    try (LoopbackServer server = new LoopbackServer();
        Fetcher f = fetcher().maxBodyBytes(1000).build()) {
      List<FetchResult> r = fetch(f, List.of(
          FetchRequest.get(server.url("/bytes/1000")),
          FetchRequest.get(server.url("/bytes/1001")),
          FetchRequest.get(server.url("/chunked/100000")).to(Target.file(dir.resolve("big"))),
          FetchRequest.get(server.url("/chunked/1000")).to(Target.file(dir.resolve("ok")))));
      assertThat(r.get(0)).isInstanceOf(Fetched.class);
      assertThat(r.get(1)).isInstanceOfSatisfying(TooLarge.class, t -> {
        assertThat(t.limit()).isEqualTo(1000);
        assertThat(t.seen()).isEqualTo(1001);
      });
      assertThat(r.get(2)).isInstanceOfSatisfying(TooLarge.class,
          t -> assertThat(t.seen()).isGreaterThan(1000));
      assertThat(r.get(3)).isInstanceOfSatisfying(Fetched.class,
          ok -> assertThat(ok.file()).isEqualTo(dir.resolve("ok")));
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files).containsExactly(dir.resolve("ok"));
      }
    }
  }

  @Test
  void unknownHostsAndRefusedPortsFailWithoutAResponse() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (Fetcher f = fetcher().maxAttempts(2).build()) {
      List<FetchResult> r = f.fetchAll(List.of("http://nosuch.invalid/",
          "http://127.0.0.1:" + port + "/", "ftp://example.org/", "http:///nohost", "http://a b/"));
      assertThat(r.get(0)).isInstanceOfSatisfying(UnknownHost.class,
          u -> assertThat(u.host()).isEqualTo("nosuch.invalid"));
      assertThat(r.get(1)).isInstanceOfSatisfying(ConnectFailed.class, c -> {
        assertThat(c.attempts()).isEqualTo(2);
        assertThat(c.reason()).contains("refused");
      });
      assertThat(r.subList(2, 5)).allSatisfy(x -> assertThat(x).isInstanceOf(InvalidUrl.class)
          .extracting(FetchResult::attempts).isEqualTo(0));
    }
  }

  @Test
  void cancellingABatchAbortsEveryRequestInFlight() throws Exception {
    try (FaultServer server = new FaultServer(FaultServer.Fault.STALL_BODY);
        Fetcher f = fetcher().maxConcurrency(4).maxPerHost(4).build()) {
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        urls.add(server.url("/" + i));
      }
      FetchBatch batch = f.start(FetchRequest.getAll(urls));
      assertThat(server.engaged.tryAcquire(4, Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS))
          .isTrue();
      assertThat(batch.cancel()).isTrue();
      List<FetchResult> r = batch.await();
      assertThat(r).hasSize(10).allSatisfy(x -> assertThat(x).isInstanceOf(Cancelled.class));
      assertThat(r.stream().mapToInt(FetchResult::attempts).sum()).isEqualTo(4);
      assertThat(f.inFlight()).isZero();
      assertThat(server.hungUp.tryAcquire(4, Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS))
          .as("every connection was closed").isTrue();
      assertThat(server.accepted.get()).isEqualTo(4);
      assertThat(batch.cancel()).isFalse();
    }
  }

  @Test
  void cancellingAtRandomMomentsNeverLeaksASlot() throws Exception {
    try (LoopbackServer server = new LoopbackServer();
        Fetcher f = fetcher().maxConcurrency(4).maxPerHost(4).build()) {
      for (long seed : Seeds.seeds(5)) {
        Seeds.run(seed, rnd -> {
          List<String> urls = new ArrayList<>();
          for (int i = 0; i < 30; i++) {
            urls.add(server.url("/bytes/" + rnd.nextInt(3000) + "?delay=" + rnd.nextInt(4)));
          }
          int cancelAfter = rnd.nextInt(30);
          CountDownLatch finished = new CountDownLatch(cancelAfter);
          FetchBatch batch = f.start(FetchRequest.getAll(urls), e -> {
            if (e instanceof FetchEvent.Finished) {
              finished.countDown();
            }
          });
          assertThat(finished.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
          batch.cancel();
          List<FetchResult> r = batch.future().get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
          assertThat(r).hasSize(30).allSatisfy(x -> assertThat(x).isInstanceOfAny(
              Fetched.class, Cancelled.class));
          assertThat(r.stream().filter(FetchResult::isSuccess).count())
              .isGreaterThanOrEqualTo(cancelAfter);
          assertThat(f.inFlight()).as("every slot came back").isZero();
          assertThat(f.fetchAll(urls.subList(0, 8))).allMatch(FetchResult::isSuccess);
          assertThat(f.inFlight()).isZero();
        });
      }
      // Only the client's count: a server may go on with an aborted request for a moment (here
      // up to its 3 ms delay) after the client freed the slot, so its own count can pass 4.
      assertThat(f.peakConcurrency()).isLessThanOrEqualTo(4);
    }
  }

  @Test
  void interruptingTheWaiterCancelsTheBatch() throws Exception {
    try (FaultServer server = new FaultServer(FaultServer.Fault.SILENT);
        Fetcher f = fetcher().build();
        TestThreads threads = new TestThreads()) {
      FetchBatch batch = f.start(FetchRequest.getAll(List.of(server.url("/1"), server.url("/2"))));
      Thread waiter = threads.start("waiter", () ->
          assertThatThrownBy(batch::await).isInstanceOf(InterruptedException.class));
      assertThat(server.engaged.tryAcquire(2, Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS))
          .isTrue();
      TestThreads.awaitBlocked(waiter);
      waiter.interrupt();
      threads.joinAll();
      assertThat(batch.future().get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS))
          .allSatisfy(x -> assertThat(x).isInstanceOf(Cancelled.class));
      assertThat(server.hungUp.tryAcquire(2, Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS))
          .isTrue();
    }
  }

  @Test
  void theBatchDeadlineEndsWhatIsLeft() throws Exception {
    try (FaultServer silent = new FaultServer(FaultServer.Fault.SILENT);
        Fetcher f = fetcher().maxConcurrency(1).batchTimeout(EXPECTED_TIMEOUT).build()) {
      long start = System.nanoTime();
      List<FetchResult> r = f.fetchAll(List.of(silent.url("/1"), silent.url("/2")));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(EXPECTED_TIMEOUT);
      assertThat(r.get(0)).isInstanceOfSatisfying(TimedOut.class, t -> {
        assertThat(t.wholeBatch()).isTrue();
        assertThat(t.attempts()).isEqualTo(1);
        assertThat(t.reason()).startsWith("batch timed out after ");
      });
      assertThat(r.get(1)).as("never got a slot").isInstanceOfSatisfying(TimedOut.class, t -> {
        assertThat(t.wholeBatch()).isTrue();
        assertThat(t.attempts()).isZero();
      });
      assertThat(silent.hungUp.tryAcquire(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(silent.accepted.get()).isEqualTo(1);
    }
  }

  @Test
  void filesAppearOnlyWhenCompleteAndReplaceOldOnes() throws Exception {
    Path target = Files.writeString(dir.resolve("page"), "old");
    try (LoopbackServer server = new LoopbackServer(); Fetcher f = fetcher().build()) {
      FetchResult r = fetch(f, List.of(FetchRequest.get(server.url("/bytes/70000"))
          .to(Target.file(target)))).get(0);
      assertThat(r).isInstanceOfSatisfying(Fetched.class, ok -> {
        assertThat(ok.file()).isEqualTo(target);
        assertThat(ok.bytes()).isEqualTo(70000);
        assertThat(ok.body()).isEmpty();
      });
      assertThat(Files.readAllBytes(target)).isEqualTo(LoopbackServer.body(70000));
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files).containsExactly(target);
      }
    }
  }

  @Test
  void progressEventsAddUp() throws Exception {
    try (LoopbackServer server = new LoopbackServer();
        Fetcher f = fetcher().maxConcurrency(3).build()) {
      ConcurrentLinkedQueue<FetchEvent> events = new ConcurrentLinkedQueue<>();
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        urls.add(server.url("/bytes/" + (i * 1000)));
      }
      urls.add(server.url("/flaky/x?status=503&after=0"));
      try (FetchBatch b = f.start(FetchRequest.getAll(urls), e -> {
        events.add(e);
        throw new IllegalStateException("a listener's exception is ignored");
      })) {
        b.await();
      }
      long bytes = events.stream().filter(e -> e instanceof FetchEvent.BytesReceived)
          .mapToLong(e -> ((FetchEvent.BytesReceived) e).bytes()).sum();
      assertThat(bytes).isEqualTo(66_000 + "attempt 2".length());
      assertThat(events).filteredOn(e -> e instanceof FetchEvent.Started).hasSize(14);
      assertThat(events).filteredOn(e -> e instanceof FetchEvent.Retrying).hasSize(1);
      assertThat(events).filteredOn(e -> e instanceof FetchEvent.Finished)
          .extracting(FetchEvent::index).containsExactlyInAnyOrderElementsOf(
              java.util.stream.IntStream.range(0, 13).boxed().toList());
    }
  }

  @Test
  void aClosedFetcherCancelsItsBatchesAndRefusesNewOnes() throws Exception {
    try (FaultServer server = new FaultServer(FaultServer.Fault.SILENT)) {
      Fetcher f = fetcher().build();
      FetchBatch batch = f.start(FetchRequest.getAll(List.of(server.url("/"))));
      assertThat(server.engaged.tryAcquire(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      f.close();
      assertThat(batch.isDone()).isTrue();
      assertThat(batch.await().get(0)).isInstanceOf(Cancelled.class);
      assertThatThrownBy(() -> f.start(List.of())).isInstanceOf(IllegalStateException.class);
      f.close();
    }
  }

  /** Longer than a close that does not wait, shorter than the 5 s it would wait for itself. */
  private static final Duration PROMPT = Duration.ofSeconds(4);

  /**
   * close() from a listener, on one of the fetcher's own threads, while that listener delays the
   * outcome it reports (a Finished event): it must not wait for its own thread nor for that
   * batch, and the fetcher still ends closed with every thread gone (the leak check).
   */
  @Test
  void closeFromAListenerOnTheFetchersThreadDoesNotWaitForItself() throws Exception {
    try (LoopbackServer server = new LoopbackServer()) {
      Fetcher f = fetcher().build();
      CountDownLatch closed = new CountDownLatch(1);
      AtomicLong took = new AtomicLong(-1);
      ConcurrentLinkedQueue<Thread> callers = new ConcurrentLinkedQueue<>();
      FetchListener closing = e -> {
        if (e instanceof FetchEvent.Finished && callers.isEmpty()) {
          callers.add(Thread.currentThread());
          long t0 = System.nanoTime();
          f.close();
          took.set(System.nanoTime() - t0);
          closed.countDown();
        }
      };
      Thread test = Thread.currentThread();
      FetchBatch batch = f.start(FetchRequest.getAll(List.of(server.url("/bytes/100"))), closing);
      assertThat(closed.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS))
          .as("close() from the listener returned").isTrue();
      assertThat(callers.peek()).as("the listener ran on the fetcher's thread").isNotSameAs(test);
      assertThat(Duration.ofNanos(took.get())).isLessThan(PROMPT);
      assertThat(batch.future().get(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS).get(0))
          .isInstanceOf(Fetched.class);
      assertThatThrownBy(() -> f.start(List.of())).isInstanceOf(IllegalStateException.class);
      f.close(); // from another thread: waits until the fetcher's threads are gone
    }
  }

  /**
   * FetchBatch.close() from that batch's own listener, told about one URL while the other is
   * still held by the server: it cancels the other and returns without waiting for the outcome
   * its caller is reporting; the batch is done once the listener returns.
   */
  @Test
  void closingABatchFromItsOwnListenerDoesNotWaitForItself() throws Exception {
    try (LoopbackServer server = new LoopbackServer(); Fetcher f = fetcher().build()) {
      CountDownLatch closed = new CountDownLatch(1);
      AtomicLong took = new AtomicLong(-1);
      AtomicReference<FetchBatch> self = new AtomicReference<>();
      CountDownLatch started = new CountDownLatch(1);
      FetchListener closing = e -> {
        if (e instanceof FetchEvent.Finished fin && fin.index() == 0 && closed.getCount() > 0) {
          try {
            started.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
          }
          long t0 = System.nanoTime();
          self.get().close();
          took.set(System.nanoTime() - t0);
          closed.countDown();
        }
      };
      List<FetchRequest> requests = FetchRequest.getAll(
          List.of(server.url("/bytes/10"), server.url("/hold/10")));
      FetchBatch batch = f.start(requests, closing);
      self.set(batch);
      started.countDown();
      try {
        assertThat(closed.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS))
            .as("close() from the listener returned").isTrue();
        assertThat(Duration.ofNanos(took.get())).isLessThan(PROMPT);
        List<FetchResult> results = batch.future().get(Timeouts.LONG.toMillis(),
            TimeUnit.MILLISECONDS);
        assertThat(results.get(0)).isInstanceOf(Fetched.class);
        assertThat(results.get(1)).isInstanceOf(Cancelled.class);
        batch.close(); // from the test thread: waits, and the batch is already done
        assertThat(batch.isDone()).isTrue();
      } finally {
        server.release();
      }
    }
  }

  /** The same from a completion callback of the batch's future, run by the fetcher's thread. */
  @Test
  void closeFromACompletionCallbackDoesNotWaitForItself() throws Exception {
    try (LoopbackServer server = new LoopbackServer()) {
      Fetcher f = fetcher().build();
      CountDownLatch registered = new CountDownLatch(1);
      CountDownLatch closed = new CountDownLatch(1);
      AtomicLong took = new AtomicLong(-1);
      ConcurrentLinkedQueue<Thread> callers = new ConcurrentLinkedQueue<>();
      FetchListener holdBody = e -> { // the batch cannot complete before the callback is there
        if (e instanceof FetchEvent.BytesReceived) {
          try {
            registered.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
          }
        }
      };
      Thread test = Thread.currentThread();
      FetchBatch batch = f.start(FetchRequest.getAll(List.of(server.url("/bytes/100"))), holdBody);
      AtomicBoolean interrupted = new AtomicBoolean();
      batch.future().thenRun(() -> {
        callers.add(Thread.currentThread());
        long t0 = System.nanoTime();
        f.close();
        took.set(System.nanoTime() - t0);
        interrupted.set(Thread.currentThread().isInterrupted());
        closed.countDown();
      });
      registered.countDown();
      assertThat(closed.await(Timeouts.LONG.toMillis(), TimeUnit.MILLISECONDS))
          .as("close() from the callback returned").isTrue();
      assertThat(callers.peek()).as("the callback ran on the fetcher's thread").isNotSameAs(test);
      assertThat(Duration.ofNanos(took.get())).isLessThan(PROMPT);
      assertThat(interrupted).as("close() interrupted its caller, %s", callers.peek()).isFalse();
      assertThatThrownBy(() -> f.start(List.of())).isInstanceOf(IllegalStateException.class);
      f.close();
    }
  }

  @Test
  void anEmptyBatchIsDoneAtOnce() throws Exception {
    try (Fetcher f = fetcher().build()) {
      assertThat(f.fetchAll(List.of())).isEmpty();
      try (FetchBatch b = f.start(List.of()); Receiver<Completion> c = b.completions()) {
        assertThat(b.isDone()).isTrue();
        assertThat(c.recv(Timeouts.LONG)).isInstanceOf(RecvClosed.class);
      }
    }
  }

  @Test
  void completionsStreamEveryOutcomeOnceInCompletionOrder() throws Exception {
    try (LoopbackServer server = new LoopbackServer();
        Fetcher f = fetcher().maxConcurrency(2).build()) {
      List<String> urls = new ArrayList<>(List.of("bad url"));
      for (int i = 1; i < 12; i++) {
        urls.add(server.url("/bytes/" + i + "?delay=" + (12 - i)));
      }
      try (TestThreads threads = new TestThreads(); FetchBatch batch = f.start(FetchRequest.getAll(urls))) {
        TestThreads.Handle<List<Completion>> reader = threads.call("completions", () -> {
          List<Completion> seen = new ArrayList<>();
          try (Receiver<Completion> done = batch.completions()) {
            for (Completion c : done) {   // ends when the batch is done
              seen.add(c);
            }
          }
          return seen;
        });
        List<FetchResult> results = batch.await();
        threads.joinAll();
        List<Completion> seen = reader.get();
        assertThat(seen).extracting(Completion::index).containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, 12).boxed().toList());
        assertThat(seen.get(0).index()).as("decided at start").isZero();
        for (Completion c : seen) {
          assertThat(c.result()).isSameAs(results.get(c.index()));
        }
      }
    }
  }

  @Test
  void failuresDescribeThemselvesInOneLine() {
    List<FetchFailure> all = List.of(new InvalidUrl("u", "no host"), new UnknownHost("u", "h", 1),
        new ConnectFailed("u", "connection refused", 2),
        new TimedOut("u", Duration.ofMillis(1500), false, 1),
        new TimedOut("u", Duration.ofSeconds(2), true, 1), new TooLarge("u", 10, 11, 1),
        new TransferFailed("u", "reset", new IOException("reset"), 1), new Cancelled("u", 0));
    assertThat(all).extracting(FetchFailure::reason).containsExactly("invalid URL: no host",
        "unknown host h", "connection refused", "timed out after 1.5s",
        "batch timed out after 2s", "too large: more than 10 bytes", "reset", "cancelled");
  }
}
