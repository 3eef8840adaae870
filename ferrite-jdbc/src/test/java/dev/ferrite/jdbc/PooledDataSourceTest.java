package dev.ferrite.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link PooledDataSource} against an in-memory H2 database. */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // hang guard
class PooledDataSourceTest {
  String url;
  PooledDataSource ds;

  @BeforeEach
  void setUp() throws SQLException {
    url = "jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    ds = PooledDataSource.builder(url).user("sa").password("").maxSize(2)
        .connectionTimeout(Duration.ofSeconds(30)).shutdownTimeout(Duration.ofSeconds(5)).build();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
      s.execute("CREATE SCHEMA other");
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    assertThat(ds.shutdown(Duration.ofSeconds(5)).clean()).isTrue();
    try (Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }

  static int count(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void connectionIsReturnedAndReused() throws SQLException {
    Connection physical;
    try (Connection c = ds.getConnection()) {
      physical = c.unwrap(Connection.class);
      assertThat(physical).isNotSameAs(c);
      assertThat(c.isWrapperFor(Connection.class)).isTrue();
      assertThat(ds.metrics().inUse()).isEqualTo(1);
    }
    assertThat(ds.metrics().inUse()).isZero();
    try (Connection c = ds.getConnection()) {
      assertThat(c.unwrap(org.h2.jdbc.JdbcConnection.class)).isSameAs(physical);
    }
    assertThat(ds.metrics().created()).isEqualTo(1);
  }

  @Test
  void openTransactionIsRolledBackAndAutoCommitRestored() throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("INSERT INTO t VALUES (1)");
      // no commit
    }
    assertThat(count(ds)).isZero();
    try (Connection c = ds.getConnection()) {
      assertThat(c.getAutoCommit()).isTrue();
    }
  }

  @Test
  void committedWorkStays() throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("INSERT INTO t VALUES (1)");
      c.commit();
    }
    assertThat(count(ds)).isEqualTo(1);
  }

  @Test
  void isolationReadOnlyAndSchemaAreRestored() throws SQLException {
    int isolation;
    String schema;
    try (Connection c = ds.getConnection()) {
      isolation = c.getTransactionIsolation();
      schema = c.getSchema();
      c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      c.setReadOnly(true);
      c.setSchema("OTHER");
    }
    try (Connection c = ds.getConnection()) {
      assertThat(ds.metrics().created()).isEqualTo(1); // the same physical connection
      assertThat(c.getTransactionIsolation()).isEqualTo(isolation);
      assertThat(c.isReadOnly()).isFalse();
      assertThat(c.getSchema()).isEqualTo(schema);
    }
  }

  @Test
  void statementsAreClosedOnReturn() throws SQLException {
    Statement leaked;
    try (Connection c = ds.getConnection()) {
      leaked = c.createStatement();
    }
    assertThat(leaked.isClosed()).isTrue();
  }

  @Test
  void closedProxyRefusesUseAndCloseIsIdempotent() throws SQLException {
    Connection c = ds.getConnection();
    c.close();
    c.close();
    assertThat(c.isClosed()).isTrue();
    assertThat(c.isValid(1)).isFalse();
    assertThatThrownBy(c::createStatement).isInstanceOf(SQLException.class)
        .hasMessageContaining("closed");
    assertThat(ds.metrics().inUse()).isZero();
  }

  @Test
  void timesOutWhenAllConnectionsAreLeased() throws SQLException {
    PooledDataSource small = PooledDataSource.builder(url).user("sa").maxSize(1)
        .connectionTimeout(Duration.ofMillis(50)).build();
    try (small; Connection a = small.getConnection()) {
      assertThatThrownBy(small::getConnection)
          .isInstanceOf(SQLTransientConnectionException.class)
          .hasMessageContaining("no connection available");
      assertThat(small.metrics().timedOut()).isEqualTo(1);
    }
  }

  @Test
  void waiterGetsAConnectionWhenOneIsReturned() throws Exception {
    PooledDataSource patient = PooledDataSource.builder(url).user("sa").maxSize(1)
        .connectionTimeout(Duration.ofSeconds(30)).build();
    try (patient) {
      Connection held = patient.getConnection();
      CountDownLatch done = new CountDownLatch(1);
      List<Throwable> failures = new ArrayList<>();
      Thread t = Thread.ofVirtual().start(() -> {
        try (Connection c = patient.getConnection(); Statement s = c.createStatement()) {
          s.execute("SELECT 1");
        } catch (Throwable e) {
          failures.add(e);
        }
        done.countDown();
      });
      while (patient.metrics().waiting() == 0) {
        Thread.onSpinWait(); // until the virtual thread waits (bounded by the class timeout)
      }
      held.close();
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
      t.join();
      assertThat(failures).isEmpty();
    }
  }

  @Test
  void invalidConnectionIsReplacedOnAcquire() throws SQLException {
    PooledDataSource validating = PooledDataSource.builder(url).user("sa").maxSize(1)
        .validation(Duration.ZERO, 1).build();
    try (validating) {
      Connection physical;
      try (Connection c = validating.getConnection()) {
        physical = c.unwrap(Connection.class);
      }
      physical.close(); // the connection dies while idle
      try (Connection c = validating.getConnection(); Statement s = c.createStatement()) {
        assertThat(c.unwrap(Connection.class)).isNotSameAs(physical);
        s.execute("SELECT 1");
      }
      assertThat(validating.metrics().invalidated()).isEqualTo(1);
    }
  }

  @Test
  void connectionClosedUnderTheUserIsRetiredOnReturn() throws SQLException {
    Connection physical;
    try (Connection c = ds.getConnection()) {
      physical = c.unwrap(Connection.class);
      physical.close();
    }
    try (Connection c = ds.getConnection()) {
      assertThat(c.unwrap(Connection.class)).isNotSameAs(physical);
    }
  }

  @Test
  void abortRetiresTheConnection() throws SQLException {
    Connection physical;
    Connection c = ds.getConnection();
    physical = c.unwrap(Connection.class);
    c.abort(Runnable::run);
    c.close();
    try (Connection d = ds.getConnection()) {
      assertThat(d.unwrap(Connection.class)).isNotSameAs(physical);
    }
  }

  @Test
  void unreachableDatabaseFailsFastWithTheDriverCause() {
    PooledDataSource bad = PooledDataSource.builder("jdbc:h2:mem:x;IFEXISTS=TRUE").user("sa")
        .connectionTimeout(Duration.ofSeconds(30)).build();
    try (bad) {
      long t0 = System.nanoTime();
      assertThatThrownBy(bad::getConnection).isInstanceOf(SQLTransientConnectionException.class)
          .hasCauseInstanceOf(SQLException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void otherDataSourceMethods() throws SQLException {
    assertThatThrownBy(() -> ds.getConnection("sa", ""))
        .isInstanceOf(SQLFeatureNotSupportedException.class);
    assertThatThrownBy(ds::getParentLogger).isInstanceOf(SQLFeatureNotSupportedException.class);
    assertThat(ds.getLogWriter()).isNull();
    PrintWriter w = new PrintWriter(new StringWriter());
    ds.setLogWriter(w);
    assertThat(ds.getLogWriter()).isSameAs(w);
    assertThat(ds.getLoginTimeout()).isZero();
    ds.setLoginTimeout(7);
    assertThat(ds.getLoginTimeout()).isEqualTo(7);
    ds.setLoginTimeout(0);
    assertThatThrownBy(() -> ds.setLoginTimeout(-1)).isInstanceOf(SQLException.class);
    assertThat(ds.isWrapperFor(DataSource.class)).isTrue();
    assertThat(ds.unwrap(PooledDataSource.class)).isSameAs(ds);
    assertThat(ds.isWrapperFor(String.class)).isFalse();
    assertThatThrownBy(() -> ds.unwrap(String.class)).isInstanceOf(SQLException.class);
  }

  @Test
  void closedDataSourceRefusesConnections() throws Exception {
    PooledDataSource other = PooledDataSource.builder(url).user("sa").build();
    other.close();
    assertThatThrownBy(other::getConnection).isInstanceOf(SQLException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void poolsAnotherDataSource() throws SQLException {
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL(url);
    h2.setUser("sa");
    try (PooledDataSource wrapped = PooledDataSource.builder(h2).maxSize(1).build()) {
      assertThat(count(wrapped)).isZero();
      assertThat(wrapped.unwrap(org.h2.jdbcx.JdbcDataSource.class)).isSameAs(h2);
    }
  }
}
