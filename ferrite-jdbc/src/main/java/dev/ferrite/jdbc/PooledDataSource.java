package dev.ferrite.jdbc;

import dev.ferrite.pool.AcquireResult;
import dev.ferrite.pool.Acquired;
import dev.ferrite.pool.Closed;
import dev.ferrite.pool.CreationFailed;
import dev.ferrite.pool.LeakReport;
import dev.ferrite.pool.PoolMetrics;
import dev.ferrite.pool.ResourceFactory;
import dev.ferrite.pool.ResourcePool;
import dev.ferrite.pool.ShutdownReport;
import dev.ferrite.pool.TimedOut;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} whose connections come from a Ferrite {@link ResourcePool}: the article's
 * database connection pool, for JDBC.
 *
 * <pre>{@code
 * try (PooledDataSource ds = PooledDataSource.builder("jdbc:postgresql://localhost/app")
 *     .user("app").password(secret).maxSize(8).build()) {
 *   try (Connection c = ds.getConnection();            // leased from the pool
 *       PreparedStatement ps = c.prepareStatement("SELECT name FROM users WHERE id = ?")) {
 *     ps.setLong(1, 42);
 *     ...
 *   }                                                   // close() returns it to the pool
 * }
 * }</pre>
 *
 * <p>{@link #getConnection()} leases a physical connection and wraps it in a proxy. Closing the
 * proxy returns the physical connection: an open transaction is rolled back (auto-commit off),
 * then auto-commit, transaction isolation, read-only, catalog and schema are restored if the
 * user changed them, statements created through the proxy are closed and warnings cleared. A
 * reset that fails, an {@link SQLException} with a connection-error SQL state (class {@code 08})
 * from any call, or {@link Connection#abort} retires the physical connection instead. After
 * {@code close()} the proxy refuses every method but {@code close}, {@code isClosed} and {@code
 * isValid} (which answer as for a closed connection). Objects obtained from the proxy (statements,
 * metadata) refer to the physical connection: do not keep them past {@code close()}.
 *
 * <p>Connections are validated with {@link Connection#isValid} (before leasing, if they have been
 * idle longer than {@link Builder#validateAfterIdle}, 500 ms by default), created lazily up to
 * {@link Builder#maxSize}, and retired by the pool's lifetime, idle and failure rules (see {@link
 * ResourcePool}): when the database is down, {@code getConnection} fails fast with the driver's
 * exception as the cause, and the pool recovers by itself when the database is back.
 *
 * <p>{@code getConnection} waits at most the connection timeout ({@link Builder#connectionTimeout},
 * or {@link #setLoginTimeout} seconds if set), then throws {@link SQLTransientConnectionException}.
 * An interrupt while waiting throws {@link SQLException} with the {@link InterruptedException} as
 * its cause and the interrupt status restored. This class is thread-safe.
 */
public final class PooledDataSource implements DataSource, AutoCloseable {
  private final ResourcePool<PhysicalConnection> pool;
  private final Duration connectionTimeout;
  private final int validationTimeoutSeconds;
  private final DataSource delegate;
  private volatile PrintWriter logWriter;
  private volatile int loginTimeoutSeconds;

  private PooledDataSource(Builder b) {
    this.connectionTimeout = b.connectionTimeout;
    this.validationTimeoutSeconds = b.validationTimeoutSeconds;
    this.delegate = b.dataSource;
    ResourcePool.Builder<PhysicalConnection> pb = ResourcePool.builder(new Factory(b))
        .name(b.name).maxSize(b.maxSize).minIdle(b.minIdle)
        .maxConcurrentCreations(b.maxConcurrentCreations)
        .validateOnAcquire(b.validateAfterIdle)
        .shutdownTimeout(b.shutdownTimeout);
    if (b.maxLifetime != null) {
      pb.maxLifetime(b.maxLifetime, 0.05);
    }
    if (b.idleTimeout != null) {
      pb.idleTimeout(b.idleTimeout);
    }
    if (b.leakThreshold != null) {
      pb.leakDetection(b.leakThreshold, b.leakListener);
    }
    this.pool = pb.build();
  }

  /**
   * {@return a builder for a data source that connects with {@code DriverManager} to {@code url}}
   * The URL is not checked until the first connection is made.
   *
   * @param url the JDBC URL, passed to {@link DriverManager#getConnection(String, Properties)}
   *     with the builder's driver properties
   * @throws NullPointerException if {@code url} is null
   */
  public static Builder builder(String url) {
    return new Builder(Objects.requireNonNull(url, "url"), null);
  }

  /**
   * {@return a builder for a data source that pools the connections of {@code dataSource}} The
   * pool makes each physical connection with {@code dataSource.getConnection()}; the builder's
   * driver properties ({@link Builder#user}, {@link Builder#password}, {@link Builder#property})
   * are not used. {@link #unwrap} and {@link #isWrapperFor} see through to {@code dataSource}.
   *
   * @param dataSource the unpooled data source that makes the physical connections
   * @throws NullPointerException if {@code dataSource} is null
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(null, Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * Leases a connection from the pool.
   *
   * @return a proxy whose {@code close()} returns the connection to the pool
   * @throws SQLTransientConnectionException if none became available within the connection
   *     timeout
   * @throws SQLException if the pool could not create a connection (the driver's exception is
   *     the cause; its SQL state is kept), the data source is closed, or the thread was
   *     interrupted while waiting
   */
  @Override
  public Connection getConnection() throws SQLException {
    int login = loginTimeoutSeconds;
    Duration timeout = login > 0 ? Duration.ofSeconds(login) : connectionTimeout;
    AcquireResult<PhysicalConnection> r;
    try {
      r = pool.acquire(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a connection of pool " + pool.name(),
          "08001", e);
    }
    return switch (r) {
      case Acquired<PhysicalConnection>(var lease) -> {
        PhysicalConnection pc = lease.get();
        ConnectionHandle h = new ConnectionHandle(lease, pc);
        yield (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class}, h);
      }
      case TimedOut<PhysicalConnection> t -> throw new SQLTransientConnectionException(
          "pool " + pool.name() + ": no connection available within " + timeout, "08001");
      case CreationFailed<PhysicalConnection>(Throwable cause) -> {
        String state = cause instanceof SQLException se && se.getSQLState() != null
            ? se.getSQLState() : "08001";
        throw new SQLTransientConnectionException(
            "pool " + pool.name() + " could not connect: " + cause.getMessage(), state, cause);
      }
      case Closed<PhysicalConnection> c -> throw new SQLNonTransientConnectionException(
          "pool " + pool.name() + " is closed", "08003");
    };
  }

  /**
   * Not supported: every pooled connection uses the credentials the data source was built with.
   *
   * @throws SQLFeatureNotSupportedException always
   */
  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "a pooled data source uses its configured credentials; use getConnection()");
  }

  /** {@return the log writer set with {@link #setLogWriter}, initially null} */
  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  /** Sets a log writer; the pool itself logs through {@link System.Logger}. */
  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  /**
   * Sets how long {@link #getConnection()} waits, in seconds; 0 (the initial value) means the
   * builder's connection timeout.
   */
  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    if (seconds < 0) {
      throw new SQLException("negative login timeout: " + seconds);
    }
    this.loginTimeoutSeconds = seconds;
  }

  /** {@return the login timeout in seconds; 0 means the builder's connection timeout applies} */
  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  /**
   * Not supported: the data source does not log through {@code java.util.logging}.
   *
   * @throws SQLFeatureNotSupportedException always
   */
  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("logs through System.Logger");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    if (delegate != null) {
      if (iface.isInstance(delegate)) {
        return iface.cast(delegate);
      }
      return delegate.unwrap(iface);
    }
    throw new SQLException("not a wrapper for " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this)
        || (delegate != null && (iface.isInstance(delegate) || delegate.isWrapperFor(iface)));
  }

  /** {@return the pool's metrics: connections in use, idle, waiting, created, destroyed, ...} */
  public PoolMetrics metrics() {
    return pool.metrics();
  }

  /** {@return the pool behind this data source, for its shutdown and metrics} */
  public ResourcePool<?> pool() {
    return pool;
  }

  /**
   * Closes the pool: see {@link ResourcePool#shutdown(Duration)}. New {@link #getConnection()}
   * calls fail and waiting ones wake with an {@link SQLException}; idle connections are closed at
   * once and leased ones when their proxies are closed; a connection still leased at the
   * deadline is closed under its holder and reported.
   *
   * @param deadline how long to wait for leased connections to come back
   * @return what was and was not reclaimed
   * @throws InterruptedException if interrupted while waiting; the pool stays shut down and
   *     leased connections are closed when returned
   */
  public ShutdownReport shutdown(Duration deadline) throws InterruptedException {
    return pool.shutdown(deadline);
  }

  /** Closes the pool with the builder's shutdown timeout (see {@link ResourcePool#close()}). */
  @Override
  public void close() {
    pool.close();
  }

  int validationTimeoutSeconds() {
    return validationTimeoutSeconds;
  }

  /** Creates, validates and closes physical connections. */
  private static final class Factory implements ResourceFactory<PhysicalConnection> {
    private final String url;
    private final Properties properties;
    private final DataSource dataSource;
    private final int validationTimeoutSeconds;

    Factory(Builder b) {
      this.url = b.url;
      this.properties = new Properties();
      this.properties.putAll(b.properties);
      this.dataSource = b.dataSource;
      this.validationTimeoutSeconds = b.validationTimeoutSeconds;
    }

    @Override
    public PhysicalConnection create() throws SQLException {
      Connection c = dataSource != null ? dataSource.getConnection()
          : DriverManager.getConnection(url, properties);
      try {
        return new PhysicalConnection(c);
      } catch (SQLException | RuntimeException e) {
        try {
          c.close();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }

    @Override
    public boolean validate(PhysicalConnection pc) throws SQLException {
      return pc.raw.isValid(validationTimeoutSeconds);
    }

    @Override
    public void destroy(PhysicalConnection pc) throws SQLException {
      pc.raw.close();
    }
  }

  /**
   * Configures a {@link PooledDataSource}. Defaults: max size 10, min idle 0, connection timeout
   * 30 s, validation after 500 ms idle with a 5 s {@code isValid} timeout, max lifetime 30 min,
   * idle timeout 10 min, no leak detection, shutdown timeout 30 s.
   */
  public static final class Builder {
    final String url;
    final DataSource dataSource;
    final Properties properties = new Properties();
    String name = "jdbc";
    int maxSize = 10;
    int minIdle;
    int maxConcurrentCreations = 2;
    Duration connectionTimeout = Duration.ofSeconds(30);
    Duration validateAfterIdle = Duration.ofMillis(500);
    int validationTimeoutSeconds = 5;
    Duration maxLifetime = Duration.ofMinutes(30);
    Duration idleTimeout = Duration.ofMinutes(10);
    Duration leakThreshold;
    Consumer<LeakReport> leakListener;
    Duration shutdownTimeout = Duration.ofSeconds(30);

    Builder(String url, DataSource dataSource) {
      this.url = url;
      this.dataSource = dataSource;
    }

    /**
     * Sets the user name for {@code DriverManager} (driver property {@code user}); not used with
     * a {@link PooledDataSource#builder(DataSource) DataSource}.
     *
     * @param user the user name
     * @return this builder
     * @throws NullPointerException if {@code user} is null
     */
    public Builder user(String user) {
      properties.setProperty("user", user);
      return this;
    }

    /**
     * Sets the password for {@code DriverManager} (driver property {@code password}); not used
     * with a {@link PooledDataSource#builder(DataSource) DataSource}.
     *
     * @param password the password
     * @return this builder
     * @throws NullPointerException if {@code password} is null
     */
    public Builder password(String password) {
      properties.setProperty("password", password);
      return this;
    }

    /**
     * Sets a driver property for {@code DriverManager}, replacing an earlier value of the same
     * key; not used with a {@link PooledDataSource#builder(DataSource) DataSource}.
     *
     * @param key the property name
     * @param value the property value
     * @return this builder
     * @throws NullPointerException if {@code key} or {@code value} is null
     */
    public Builder property(String key, String value) {
      properties.setProperty(key, value);
      return this;
    }

    /**
     * Sets the pool's name, used for its threads and in messages (default {@code jdbc}).
     *
     * @param name the name
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets the most physical connections open at once (default 10); checked by {@link #build()}.
     *
     * @param maxSize the bound, at least 1
     * @return this builder
     */
    public Builder maxSize(int maxSize) {
      this.maxSize = maxSize;
      return this;
    }

    /**
     * Sets how many idle connections the pool keeps open, opened in the background (default 0);
     * checked by {@link #build()}.
     *
     * @param minIdle the number of idle connections, from 0 to the max size
     * @return this builder
     */
    public Builder minIdle(int minIdle) {
      this.minIdle = minIdle;
      return this;
    }

    /**
     * Sets the most connection attempts in progress at once (default 2); checked by {@link
     * #build()}.
     *
     * @param n the bound, at least 1
     * @return this builder
     */
    public Builder maxConcurrentCreations(int n) {
      this.maxConcurrentCreations = n;
      return this;
    }

    /**
     * Sets how long {@code getConnection()} waits for a connection (default 30 s), unless a login
     * timeout is set ({@link PooledDataSource#setLoginTimeout}); zero or negative waits for
     * nothing.
     *
     * @param timeout the longest wait
     * @return this builder
     * @throws NullPointerException if {@code timeout} is null
     */
    public Builder connectionTimeout(Duration timeout) {
      this.connectionTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Validates a connection with {@code isValid(timeoutSeconds)} before leasing it if it has been
     * idle at least {@code afterIdle} (zero: always). Default: after 500 ms idle, with a 5 s
     * timeout. A connection that fails validation is closed and another one leased or opened.
     *
     * @param afterIdle the idle time from which a connection is validated, zero or more (checked
     *     by {@link #build()})
     * @param timeoutSeconds the {@link Connection#isValid} timeout in seconds, zero or more (zero:
     *     none)
     * @return this builder
     * @throws IllegalArgumentException if {@code timeoutSeconds} is negative
     * @throws NullPointerException if {@code afterIdle} is null
     */
    public Builder validation(Duration afterIdle, int timeoutSeconds) {
      this.validateAfterIdle = Objects.requireNonNull(afterIdle, "afterIdle");
      if (timeoutSeconds < 0) {
        throw new IllegalArgumentException("negative timeout: " + timeoutSeconds);
      }
      this.validationTimeoutSeconds = timeoutSeconds;
      return this;
    }

    /**
     * Retires connections older than this, each shortened at random by up to 5 % of it so that
     * connections do not all retire together (default 30 min).
     *
     * @param maxLifetime the longest lifetime, positive (checked by {@link #build()}), or null for
     *     none
     * @return this builder
     */
    public Builder maxLifetime(Duration maxLifetime) {
      this.maxLifetime = maxLifetime;
      return this;
    }

    /**
     * Retires connections idle longer than this, down to min idle (default 10 min).
     *
     * @param idleTimeout the longest idle time, positive (checked by {@link #build()}), or null
     *     for none
     * @return this builder
     */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    /**
     * Reports connections held longer than {@code threshold} (see {@link
     * ResourcePool.Builder#leakDetection}). Off by default; costs a stack capture per {@code
     * getConnection()} while on.
     *
     * @param threshold how long a connection may be held before it is reported, positive (checked
     *     by {@link #build()}), or null for no leak detection
     * @param listener told of each {@link LeakReport}, or null for a logged warning
     * @return this builder
     */
    public Builder leakDetection(Duration threshold, Consumer<LeakReport> listener) {
      this.leakThreshold = threshold;
      this.leakListener = listener;
      return this;
    }

    /**
     * Sets the deadline that {@link PooledDataSource#close()} uses (default 30 s).
     *
     * @param timeout the deadline, zero or more (checked by {@link #build()})
     * @return this builder
     * @throws NullPointerException if {@code timeout} is null
     */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * {@return the data source; connections are opened lazily, except the min idle ones, which
     * are opened in the background}
     *
     * @throws IllegalArgumentException if a setting is out of range: max size or max concurrent
     *     creations below 1, min idle negative or above max size, a negative validation idle
     *     time or shutdown timeout, or a lifetime, idle timeout or leak threshold that is not
     *     positive
     */
    public PooledDataSource build() {
      return new PooledDataSource(this);
    }
  }
}
