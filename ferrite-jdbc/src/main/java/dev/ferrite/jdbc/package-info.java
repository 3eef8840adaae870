/**
 * JDBC on Ferrite's resource pool: {@link dev.ferrite.jdbc.PooledDataSource}, a {@link
 * javax.sql.DataSource} whose connections are leased from a {@link dev.ferrite.pool.ResourcePool}
 * and returned, reset, when closed.
 *
 * <table class="striped">
 *   <caption>Operations and outcomes</caption>
 *   <thead><tr><th>operation</th><th>outcome</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code getConnection()}</td><td>a pooled connection proxy; {@code
 *       SQLTransientConnectionException} after the connection timeout or when the database
 *       cannot be reached (driver's exception as cause); {@code SQLException} when closed or
 *       interrupted</td></tr>
 *   <tr><td>{@code connection.close()}</td><td>rolls back, restores session settings, closes
 *       the proxy's statements, returns the connection; a connection error retires it</td></tr>
 *   <tr><td>{@code close()} / {@code shutdown(deadline)}</td><td>closes the pool (see {@link
 *       dev.ferrite.pool.ResourcePool#shutdown})</td></tr>
 *   </tbody>
 * </table>
 */
package dev.ferrite.jdbc;
