package dev.ferrite.cli.tour;

import dev.ferrite.jdbc.PooledDataSource;
import dev.ferrite.pool.PoolMetrics;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The article's condvar resource pool, as a database connection pool: 16 tasks share a
 * {@code PooledDataSource} of 4 connections to an in-memory H2 database, each runs a query; the
 * pool's metrics show that it opened 4 connections, leased all 4 at once and made the other tasks
 * wait.
 */
final class ResourcePoolSection implements TourSection {
  static final int TASKS = 16;
  static final int CONNECTIONS = 4;
  static final int CUSTOMERS = 8;

  @Override
  public String name() {
    return "resource-pool";
  }

  @Override
  public String title() {
    return TASKS + " tasks share a pool of " + CONNECTIONS
        + " database connections (H2 in memory); the rest wait their turn";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    String url = "jdbc:h2:mem:ferrite-tour-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    try (PooledDataSource ds = PooledDataSource.builder(url).user("sa").name("tour")
        .maxSize(CONNECTIONS).connectionTimeout(Duration.ofSeconds(30))
        .leakDetection(Duration.ofSeconds(10), null).build()) {
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE orders (id INT PRIMARY KEY, customer INT, amount INT)");
        s.execute("INSERT INTO orders SELECT x, MOD(x, " + CUSTOMERS + "), x"
            + " FROM SYSTEM_RANGE(1, 1000)");
      }
      // The first four tasks keep their connection until all four are leased at once, so the
      // pool reaches its maximum and the twelve others must wait for a returned connection.
      CountDownLatch fourHeld = new CountDownLatch(CONNECTIONS);
      AtomicLong total = new AtomicLong();
      Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
      List<Thread> tasks = new ArrayList<>();
      for (int t = 0; t < TASKS; t++) {
        int customer = t % CUSTOMERS;
        tasks.add(Thread.ofVirtual().name("tour-pool-task-" + t).start(() -> {
          try (Connection c = ds.getConnection();
              PreparedStatement ps =
                  c.prepareStatement("SELECT SUM(amount) FROM orders WHERE customer = ?")) {
            ps.setInt(1, customer);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              total.addAndGet(rs.getLong(1));
            }
            fourHeld.countDown();
            fourHeld.await();
          } catch (Throwable e) {
            failures.add(e);
          }
        }));
      }
      for (Thread t : tasks) {
        t.join();
      }
      if (!failures.isEmpty()) {
        throw new IllegalStateException("a task failed: " + failures.peek(), failures.peek());
      }
      long expected = 2L * 1000 * 1001 / 2; // every customer twice: twice the sum of 1..1000
      out.printf("  %d/%d tasks ran their query; total of their sums: %,d (expected %,d)%n",
          TASKS, TASKS, total.get(), expected);
      PoolMetrics m = ds.metrics();
      out.printf("  pool metrics: created %d, max in use %d, waits %d, timed out %d, leaks %d%n",
          m.created(), m.peakInUse(), m.waits(), m.timedOut(), m.leaks());
      out.printf("  longest wait for a connection: %d ms; now %d in use, %d idle%n",
          m.maxWaitTime().toMillis(), m.inUse(), m.idle());
      var report = ds.shutdown(Duration.ofSeconds(10));
      out.printf("resource pool: %s; %d connections closed at shutdown%n",
          report.clean() && total.get() == expected && m.created() == CONNECTIONS
              && m.peakInUse() == CONNECTIONS && m.waits() > 0 && m.leaks() == 0
              ? "4 connections served 16 tasks" : "UNEXPECTED",
          report.destroyed());
    }
  }
}
