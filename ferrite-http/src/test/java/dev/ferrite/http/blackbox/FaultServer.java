package dev.ferrite.http.blackbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw loopback server for faults a real HTTP server will not produce: it accepts connections,
 * reads one request head, and then misbehaves as told. It counts open connections, and notices
 * when the client closes one (a read returns end of stream or fails).
 */
final class FaultServer implements AutoCloseable {
  enum Fault {
    /** Never answers: headers never come. */
    SILENT,
    /** Sends headers (Content-Length 1000) and 10 bytes, then stalls. */
    STALL_BODY,
    /** Resets the connection after reading the request. */
    RESET,
    /** Declares Content-Length 100, sends 50 bytes, closes. */
    SHORT_BODY,
    /** A correct response of 10 bytes; the connection is then kept open. */
    OK
  }

  private final ServerSocket socket;
  private final Fault fault;
  private final Thread acceptor;
  private final Queue<Socket> open = new ConcurrentLinkedQueue<>();
  private final Queue<Thread> threads = new ConcurrentLinkedQueue<>();
  final AtomicInteger accepted = new AtomicInteger();
  final AtomicInteger closedByClient = new AtomicInteger();
  /** One permit per connection whose request head was read (and misbehaviour begun). */
  final Semaphore engaged = new Semaphore(0);
  /** One permit per connection the client closed. */
  final Semaphore hungUp = new Semaphore(0);

  FaultServer(Fault fault) throws IOException {
    this.fault = fault;
    this.socket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofPlatform().daemon().name("fault-server-accept").start(this::acceptLoop);
  }

  String url(String path) {
    return "http://127.0.0.1:" + socket.getLocalPort() + path;
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        accepted.incrementAndGet();
        open.add(s);
        threads.add(Thread.ofVirtual().name("fault-server-conn").start(() -> serve(s)));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      readHead(in);
      OutputStream out = s.getOutputStream();
      switch (fault) {
        case SILENT -> {}
        case STALL_BODY -> {
          out.write(("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(LoopbackServer.body(10));
          out.flush();
        }
        case RESET -> {
          s.setSoLinger(true, 0);
          engaged.release();
          return; // closing with linger 0 sends RST
        }
        case SHORT_BODY -> {
          out.write(("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(LoopbackServer.body(50));
          out.flush();
          engaged.release();
          return;
        }
        case OK -> {
          out.write(("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(LoopbackServer.body(10));
          out.flush();
        }
      }
      engaged.release();
      // wait for the client to hang up: end of stream, or a reset
      while (in.read() >= 0) {
        // a keep-alive client would send its next request here; we only care about the close
      }
      closedByClient.incrementAndGet();
      hungUp.release();
    } catch (SocketException e) {
      if (!socket.isClosed()) {
        closedByClient.incrementAndGet();
        hungUp.release();
      }
    } catch (IOException e) {
      // test over
    }
  }

  private static void readHead(InputStream in) throws IOException {
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("eof in head");
      }
      state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
          ? state + 1 : 0;
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    socket.close();
    for (Socket s : open) {
      s.close();
    }
    acceptor.join();
    for (Thread t : threads) {
      t.join();
    }
  }
}
