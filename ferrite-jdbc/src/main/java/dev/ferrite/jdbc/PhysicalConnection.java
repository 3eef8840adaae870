package dev.ferrite.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A pooled physical connection and the session state it had when it was opened, which every
 * return to the pool restores.
 */
final class PhysicalConnection {
  final Connection raw;
  final boolean autoCommit;
  final int isolation;
  final boolean readOnly;
  final String catalog;
  final String schema;

  PhysicalConnection(Connection raw) throws SQLException {
    this.raw = raw;
    this.autoCommit = raw.getAutoCommit();
    this.isolation = raw.getTransactionIsolation();
    this.readOnly = raw.isReadOnly();
    this.catalog = raw.getCatalog();
    this.schema = schemaOf(raw);
  }

  static String schemaOf(Connection c) {
    try {
      return c.getSchema();
    } catch (SQLException | AbstractMethodError | UnsupportedOperationException e) {
      return null; // a driver without schemas
    }
  }

  @Override
  public String toString() {
    return "PhysicalConnection[" + raw + "]";
  }
}
