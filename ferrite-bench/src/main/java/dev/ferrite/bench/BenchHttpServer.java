package dev.ferrite.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The loopback HTTP/1.1 server of {@link FetchBench}: one virtual thread per connection, keep-
 * alive, every request answered {@code 200} with the same {@value #BODY}-byte body after
 * {@code delayMs} milliseconds ({@code Thread.sleep} on the connection's virtual thread, so
 * delayed requests cost no platform thread). Deliberately minimal (no parsing beyond the end of
 * the request head, one pre-built response) so that the server is not the bottleneck: the JDK's
 * {@code com.sun.net.httpserver} dispatches every exchange through one selector thread.
 */
final class BenchHttpServer implements AutoCloseable {
  static final int BODY = 100;

  private final ServerSocket socket;
  private final int delayMs;
  private final byte[] response;
  private final Thread acceptor;
  private final Queue<Socket> connections = new ConcurrentLinkedQueue<>();
  private final Queue<Thread> handlers = new ConcurrentLinkedQueue<>();

  BenchHttpServer(int delayMs) throws IOException {
    this.delayMs = delayMs;
    byte[] head = ("HTTP/1.1 200 OK\r\nContent-Length: " + BODY
        + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    response = new byte[head.length + BODY];
    System.arraycopy(head, 0, response, 0, head.length);
    for (int i = head.length; i < response.length; i++) {
      response[i] = 'x';
    }
    socket = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofPlatform().daemon().name("bench-http-accept").start(this::accept);
  }

  /** {@return the URL of the one resource} */
  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort() + "/page";
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        s.setTcpNoDelay(true);
        connections.add(s);
        handlers.add(Thread.ofVirtual().name("bench-http-conn").start(() -> serve(s)));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream(), 4096);
      OutputStream out = s.getOutputStream();
      while (skipHead(in)) {
        if (delayMs > 0) {
          Thread.sleep(delayMs);
        }
        out.write(response);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the client or close() ended the connection
    } finally {
      connections.remove(s);
    }
  }

  /** Reads up to the end of a request head (no body expected); false at end of stream. */
  private static boolean skipHead(InputStream in) throws IOException {
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        return false;
      }
      state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
          ? state + 1 : c == '\r' ? 1 : 0;
    }
    return true;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    socket.close();
    for (Socket s : connections) {
      s.close();
    }
    acceptor.join();
    for (Thread t : handlers) {
      t.join();
    }
  }
}
