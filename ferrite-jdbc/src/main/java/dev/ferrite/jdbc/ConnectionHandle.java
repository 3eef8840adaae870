package dev.ferrite.jdbc;

import dev.ferrite.pool.Lease;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The behaviour of the connection proxy handed out by {@link PooledDataSource#getConnection()}:
 * forwards to the physical connection, remembers which session settings the user changed and
 * which statements were created, and on {@code close()} resets the connection and returns it.
 *
 * <p>A proxy may be used by several threads as the JDBC driver allows; {@code close()} is
 * idempotent and guarded by a lock (never a monitor: virtual threads must not pin).
 */
final class ConnectionHandle implements InvocationHandler {
  private static final int AUTO_COMMIT = 1;
  private static final int ISOLATION = 2;
  private static final int READ_ONLY = 4;
  private static final int CATALOG = 8;
  private static final int SCHEMA = 16;

  private final Lease<PhysicalConnection> lease;
  private final PhysicalConnection pc;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Statement> statements = new ArrayList<>();
  private volatile boolean closed;
  private volatile boolean broken;
  private int dirty;

  ConnectionHandle(Lease<PhysicalConnection> lease, PhysicalConnection pc) {
    this.lease = lease;
    this.pc = pc;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    int argc = args == null ? 0 : args.length;
    switch (name) {
      case "close" -> {
        if (argc == 0) {
          close();
          return null;
        }
      }
      case "isClosed" -> {
        if (argc == 0) {
          return closed || pc.raw.isClosed();
        }
      }
      case "isValid" -> {
        if (closed) {
          return false;
        }
      }
      case "equals" -> {
        return proxy == args[0];
      }
      case "hashCode" -> {
        return System.identityHashCode(proxy);
      }
      case "toString" -> {
        return "PooledConnection[" + (closed ? "closed" : pc.raw.toString()) + "]";
      }
      case "unwrap" -> {
        Class<?> iface = (Class<?>) args[0];
        checkOpen();
        if (iface.isInstance(pc.raw)) {
          return pc.raw; // the physical connection, as pools usually answer (do not close it)
        }
        return pc.raw.unwrap(iface);
      }
      case "isWrapperFor" -> {
        Class<?> iface = (Class<?>) args[0];
        checkOpen();
        return iface.isInstance(proxy) || iface.isInstance(pc.raw) || pc.raw.isWrapperFor(iface);
      }
      case "abort" -> {
        broken = true;
        if (closed) {
          return null;
        }
      }
      default -> {}
    }
    checkOpen();
    Object result;
    try {
      result = method.invoke(pc.raw, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException se && isConnectionError(se)) {
        broken = true; // the physical connection is gone: retire it on close
      }
      throw cause;
    }
    track(name, result);
    return result;
  }

  private void checkOpen() throws SQLException {
    if (closed) {
      throw new SQLException("connection is closed", "08003");
    }
  }

  private void track(String name, Object result) {
    int bit = switch (name) {
      case "setAutoCommit" -> AUTO_COMMIT;
      case "setTransactionIsolation" -> ISOLATION;
      case "setReadOnly" -> READ_ONLY;
      case "setCatalog" -> CATALOG;
      case "setSchema" -> SCHEMA;
      default -> 0;
    };
    if (bit != 0 || result instanceof Statement || "abort".equals(name)) {
      lock.lock();
      try {
        dirty |= bit;
        if (result instanceof Statement s) {
          statements.add(s);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** SQL state class 08 (connection exception), or a driver's "connection closed" report. */
  static boolean isConnectionError(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if (state != null && (state.startsWith("08") || state.equals("57P01")
            || state.equals("57P02") || state.equals("57P03"))) {
          return true; // 57P0x: PostgreSQL admin shutdown, crash shutdown, cannot connect now
        }
      }
    }
    return false;
  }

  private void close() {
    int d;
    List<Statement> open;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      d = dirty;
      open = new ArrayList<>(statements);
      statements.clear();
    } finally {
      lock.unlock();
    }
    if (broken || !reset(d, open)) {
      lease.releaseBroken();
    } else {
      lease.release();
    }
  }

  /** Restores the session state; false if the connection must be retired instead. */
  private boolean reset(int d, List<Statement> open) {
    Connection c = pc.raw;
    try {
      for (Statement s : open) {
        s.close();
      }
      if (c.isClosed()) {
        return false;
      }
      if (!c.getAutoCommit()) {
        c.rollback(); // an open transaction never leaks into the next lease
      }
      if ((d & AUTO_COMMIT) != 0 && c.getAutoCommit() != pc.autoCommit) {
        c.setAutoCommit(pc.autoCommit);
      }
      if ((d & ISOLATION) != 0 && c.getTransactionIsolation() != pc.isolation) {
        c.setTransactionIsolation(pc.isolation);
      }
      if ((d & READ_ONLY) != 0 && c.isReadOnly() != pc.readOnly) {
        c.setReadOnly(pc.readOnly);
      }
      if ((d & CATALOG) != 0 && pc.catalog != null && !pc.catalog.equals(c.getCatalog())) {
        c.setCatalog(pc.catalog);
      }
      if ((d & SCHEMA) != 0 && pc.schema != null
          && !pc.schema.equals(PhysicalConnection.schemaOf(c))) {
        c.setSchema(pc.schema);
      }
      c.clearWarnings();
      return true;
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }
}
