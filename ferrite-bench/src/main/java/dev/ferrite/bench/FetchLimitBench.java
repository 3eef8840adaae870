package dev.ferrite.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ceiling of {@link FetchBench}: how many requests per second {@link BenchHttpServer} serves
 * on this machine to the smallest client there is, with {@code inFlight} requests in flight.
 *
 * <p>The client ({@link Sockets}) is no HTTP library: {@code inFlight} virtual threads, each with
 * its own keep-alive connection, write a pre-built request and read the response with blocking
 * socket I/O, {@value FetchBench#ROUNDS} times per operation, so it is the same batch as
 * {@code FetchBench}'s ({@value FetchBench#ROUNDS} &times; {@code inFlight} requests), read the
 * same way (secondary result {@code requests}, per second). It has no pool, parser, executor or
 * deadline, so no HTTP client can beat it against this server; at {@code delayMs=10} its
 * {@code requests} over {@code inFlight / 10 ms} is the fraction of {@code FetchBench}'s 10 ms
 * target that the server, the kernel and the virtual-thread scheduler leave to any client.
 * Not a comparison benchmark: there is no {@code impl}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2) // little code to compile, unlike FetchBench's clients
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class FetchLimitBench {
  @Param({"10"})
  int delayMs;

  @Param({"8", "64", "256"})
  int inFlight;

  private BenchHttpServer server;
  private Sockets sockets;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = new BenchHttpServer(delayMs);
    sockets = new Sockets(server.url(), inFlight, FetchBench.ROUNDS);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    sockets.close();
    server.close();
  }

  @Benchmark
  public int fetch(FetchBench.Requests counter) throws Exception {
    int ok = sockets.run();
    counter.requests += ok;
    return ok;
  }

  /**
   * {@code k} keep-alive connections to one URL of {@link BenchHttpServer}, each driven by a
   * virtual thread per batch; a batch sends {@code rounds} requests on every connection, one
   * after the other.
   */
  static final class Sockets implements FetchBench.Runner {
    private final Socket[] sockets;
    private final int rounds;
    private final byte[] request;

    Sockets(String url, int k, int rounds) throws IOException {
      URI uri = URI.create(url);
      this.rounds = rounds;
      this.request = ("GET " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
          + uri.getPort() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      this.sockets = new Socket[k];
      try {
        for (int i = 0; i < k; i++) {
          sockets[i] = new Socket(uri.getHost(), uri.getPort());
          sockets[i].setTcpNoDelay(true);
        }
      } catch (IOException e) {
        close();
        throw e;
      }
    }

    /** Runs one batch; returns the number of responses, or throws if any connection failed. */
    @Override
    public int run() throws Exception {
      List<Future<Integer>> done = new ArrayList<>(sockets.length);
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (Socket s : sockets) {
          done.add(threads.submit(() -> {
            byte[] buffer = new byte[512];
            for (int r = 0; r < rounds; r++) {
              s.getOutputStream().write(request);
              readResponse(s.getInputStream(), buffer);
            }
            return rounds;
          }));
        }
      }
      int ok = 0;
      for (Future<Integer> f : done) {
        ok += f.get();
      }
      return ok;
    }

    /** Reads one response of {@link BenchHttpServer}: its head, then its fixed-size body. */
    private static void readResponse(InputStream in, byte[] buffer) throws IOException {
      int got = 0;
      int bodyStart = -1;
      while (bodyStart < 0 || got < bodyStart + BenchHttpServer.BODY) {
        int n = in.read(buffer, got, buffer.length - got);
        if (n < 0) {
          throw new EOFException("connection closed after " + got + " bytes of a response");
        }
        for (int i = Math.max(3, got); i < got + n && bodyStart < 0; i++) {
          if (buffer[i - 3] == '\r' && buffer[i - 2] == '\n' && buffer[i - 1] == '\r'
              && buffer[i] == '\n') {
            bodyStart = i + 1;
          }
        }
        got += n;
      }
    }

    @Override
    public void close() {
      for (Socket s : sockets) {
        try {
          if (s != null) {
            s.close();
          }
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }
}
