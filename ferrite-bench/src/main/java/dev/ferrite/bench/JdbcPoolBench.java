package dev.ferrite.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ferrite.jdbc.PooledDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code SELECT 1} through a pooled {@link DataSource}, in microseconds per query per thread
 * (lower is better): Ferrite's {@link PooledDataSource} against HikariCP, on a real PostgreSQL
 * server. Each invocation leases a connection, runs the query, reads the row and returns the
 * connection; both pools hold {@code poolSize} connections, all opened in setup, and validate
 * connections idle for more than 500 ms (HikariCP's default bypass window, Ferrite's default).
 *
 * <p>Needs a server: the JDBC URL comes from the system property {@code ferrite.bench.pgUrl} or
 * the environment variable {@code FERRITE_PG_URL} (forks inherit the environment), e.g.
 * <pre>{@code
 * source .ci/postgres.sh    # a throwaway cluster on loopback; exports FERRITE_PG_URL
 * java -jar ferrite-bench/target/benchmarks.jar JdbcPoolBench
 * }</pre>
 * The database round trip dominates; the comparison shows what each pool adds to it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class JdbcPoolBench {
  @Param({"ferrite", "hikaricp"})
  public String impl;

  @Param({"4"})
  public int poolSize;

  DataSource ds;
  AutoCloseable closer;

  static String url() {
    String url = System.getProperty("ferrite.bench.pgUrl");
    if (url == null || url.isBlank()) {
      url = System.getenv("FERRITE_PG_URL");
    }
    if (url == null || url.isBlank()) {
      throw new IllegalStateException("JdbcPoolBench needs a PostgreSQL server: set FERRITE_PG_URL"
          + " (source .ci/postgres.sh starts one) or -Dferrite.bench.pgUrl=jdbc:postgresql://...");
    }
    return url;
  }

  @Setup(Level.Trial)
  public void setup() throws SQLException {
    open(impl, url(), poolSize);
  }

  void open(String impl, String url, int size) throws SQLException {
    switch (impl) {
      case "ferrite" -> {
        PooledDataSource p = PooledDataSource.builder(url).name("bench").maxSize(size)
            .minIdle(size).build();
        ds = p;
        closer = p;
      }
      case "hikaricp" -> {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setMaximumPoolSize(size);
        cfg.setMinimumIdle(size);
        cfg.setPoolName("bench");
        HikariDataSource h = new HikariDataSource(cfg);
        ds = h;
        closer = h;
      }
      default -> throw new IllegalArgumentException("unknown impl " + impl
          + "; one of ferrite, hikaricp");
    }
    List<Connection> all = new ArrayList<>();
    try {
      for (int i = 0; i < size; i++) {
        all.add(ds.getConnection());
      }
    } finally {
      for (Connection c : all) {
        c.close();
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    closer.close();
  }

  int selectOne() throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Benchmark
  @Threads(1)
  public int selectOne1() throws SQLException {
    return selectOne();
  }

  @Benchmark
  @Threads(4)
  public int selectOne4() throws SQLException {
    return selectOne();
  }
}
