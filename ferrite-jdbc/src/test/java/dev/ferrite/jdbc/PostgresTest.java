package dev.ferrite.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PooledDataSource} against a real PostgreSQL server on loopback. Runs when the
 * environment variable (or system property) {@code FERRITE_PG_URL} gives a JDBC URL; the fault
 * test also needs {@code FERRITE_PG_CTL}, a command taking {@code stop} or {@code start}.
 * {@code .ci/postgres.sh} starts a throwaway cluster and sets both; by hand:
 * {@code source .ci/postgres.sh && ./mvnw -pl ferrite-core,ferrite-jdbc verify}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // hang guard for the whole class
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresTest {
  static String url;
  static String ctl;

  @BeforeAll
  static void server() {
    url = setting("FERRITE_PG_URL");
    ctl = setting("FERRITE_PG_CTL");
    assumeTrue(url != null, "FERRITE_PG_URL not set: no PostgreSQL server to test against");
  }

  static String setting(String name) {
    String v = System.getProperty(name);
    if (v == null || v.isBlank()) {
      v = System.getenv(name);
    }
    return v == null || v.isBlank() ? null : v;
  }

  static int selectOne(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  @Order(1)
  void sixteenTasksShareFourConnectionsAndTransactionsAreRolledBack() throws Exception {
    try (PooledDataSource ds = PooledDataSource.builder(url).name("pg").maxSize(4).build()) {
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS ferrite_pool_t");
        s.execute("CREATE TABLE ferrite_pool_t (id INT PRIMARY KEY)");
      }
      Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
      AtomicInteger ok = new AtomicInteger();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int id = i;
        threads.add(Thread.ofVirtual().start(() -> {
          try (Connection c = ds.getConnection();
              PreparedStatement ps = c.prepareStatement("INSERT INTO ferrite_pool_t VALUES (?)")) {
            ps.setInt(1, id);
            ps.executeUpdate();
            assertThat(selectOne(c)).isEqualTo(1);
            ok.incrementAndGet();
          } catch (Throwable e) {
            failures.add(e);
          }
        }));
      }
      for (Thread t : threads) {
        assertThat(t.join(Duration.ofMinutes(1))).isTrue();
      }
      assertThat(failures).isEmpty();
      assertThat(ok.get()).isEqualTo(16);
      assertThat(ds.metrics().created()).isLessThanOrEqualTo(4);
      // an uncommitted insert is rolled back on return
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        s.execute("INSERT INTO ferrite_pool_t VALUES (100)");
      }
      try (Connection c = ds.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM ferrite_pool_t")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(16);
        assertThat(c.getAutoCommit()).isTrue();
        assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
        s.execute("DROP TABLE ferrite_pool_t");
      }
    }
  }

  /** A statement that hangs holds its own connection only; the pool serves everyone else. */
  @Test
  @Order(2)
  void hangingStatementHoldsOnlyItsOwnLease() throws Exception {
    try (PooledDataSource ds = PooledDataSource.builder(url).name("pg-hang").maxSize(2)
        .connectionTimeout(Duration.ofSeconds(20)).build()) {
      Queue<Throwable> outcome = new ConcurrentLinkedQueue<>();
      Thread hanging = Thread.ofVirtual().start(() -> {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
          s.execute("SELECT pg_sleep(120) /* ferrite-hang */");
        } catch (Throwable e) {
          outcome.add(e);
        }
      });
      int pid = -1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (pid < 0) {
        assertThat(System.nanoTime() - deadline).as("the sleeping query to show up").isNegative();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE state = 'active'"
                + " AND query LIKE 'SELECT pg_sleep(120)%'")) {
          if (rs.next()) {
            pid = rs.getInt(1);
          }
        }
      }
      for (int i = 0; i < 50; i++) {
        try (Connection c = ds.getConnection()) {
          assertThat(selectOne(c)).isEqualTo(1);
        }
      }
      assertThat(ds.metrics().inUse()).isEqualTo(1);
      assertThat(ds.metrics().timedOut()).isZero();
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.execute("SELECT pg_cancel_backend(" + pid + ")");
      }
      assertThat(hanging.join(Duration.ofMinutes(1))).isTrue();
      assertThat(outcome).singleElement().isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("57014"); // cancelled
      // the cancelled connection was returned healthy, not retired
      assertThat(ds.metrics().invalidated()).isZero();
      assertThat(ds.metrics().inUse()).isZero();
    }
  }

  /**
   * The server stops while two connections are leased and two idle, then comes back: leased
   * ones fail and are retired on return, idle ones fail validation, getConnection fails fast
   * while the server is down, and the pool recovers by itself once it is back.
   */
  @Test
  @Order(3)
  void serverStopsAndComesBack() throws Exception {
    assumeTrue(ctl != null, "FERRITE_PG_CTL not set: cannot stop the server");
    try (PooledDataSource ds = PooledDataSource.builder(url).name("pg-fault").maxSize(4)
        .validation(Duration.ZERO, 2).connectionTimeout(Duration.ofSeconds(30)).build()) {
      Connection leased1 = ds.getConnection();
      Connection leased2 = ds.getConnection();
      Connection idle1 = ds.getConnection();
      Connection idle2 = ds.getConnection();
      idle1.close();
      idle2.close();
      assertThat(ds.metrics().created()).isEqualTo(4);
      try {
        control("stop");
        assertThatThrownBy(() -> selectOne(leased1)).isInstanceOf(SQLException.class);
        leased1.close();
        leased2.close(); // not used since: retired when validation fails, or on its next use
        long t0 = System.nanoTime();
        assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class)
            .hasCauseInstanceOf(SQLException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
            .as("fails fast, not after the 30 s timeout").isLessThan(Duration.ofSeconds(15));
      } finally {
        control("start");
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (;;) {
        try (Connection c = ds.getConnection()) {
          assertThat(selectOne(c)).isEqualTo(1);
          break;
        } catch (SQLException e) {
          assertThat(System.nanoTime() - deadline).as("recovery, last error " + e).isNegative();
          Thread.sleep(50); // polling a server that is coming back, not synchronizing threads
        }
      }
      List<Connection> all = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        all.add(ds.getConnection());
      }
      for (Connection c : all) {
        assertThat(selectOne(c)).isEqualTo(1);
        c.close();
      }
      assertThat(ds.metrics().created()).isGreaterThanOrEqualTo(5);
      assertThat(ds.metrics().invalidated()).isGreaterThanOrEqualTo(3);
    }
  }

  static void control(String action) throws Exception {
    Process p = new ProcessBuilder(ctl, action).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(ctl + " " + action).isTrue();
    assertThat(p.exitValue()).as(ctl + " " + action).isZero();
  }
}
