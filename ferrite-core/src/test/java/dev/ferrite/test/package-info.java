/**
 * The test harness shared by every Ferrite test, after the discipline of JSR 166's TCK.
 *
 * <table class="striped">
 *   <caption>Harness pieces</caption>
 *   <thead><tr><th>piece</th><th>what it gives</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@link dev.ferrite.test.Timeouts}</td>
 *       <td>one scaled hang guard ({@code LONG}), a tiny expected-timeout wait ({@code SHORT})</td></tr>
 *   <tr><td>{@link dev.ferrite.test.TestThreads}</td>
 *       <td>start platform or virtual threads, capture their failures, join them all with the
 *       hang guard and rethrow; wait until a thread is parked ({@code awaitBlocked})</td></tr>
 *   <tr><td>{@link dev.ferrite.test.ThreadLeakChecker}</td>
 *       <td>fails every test that leaves a thread alive (registered for the whole module)</td></tr>
 *   <tr><td>{@link dev.ferrite.test.Seeds}</td>
 *       <td>seeds for randomized runs; a failure names its seed and how to repeat it</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Rules the harness supports: join every thread a test starts; order events with latches,
 * barriers and {@code awaitBlocked}, never with sleeps; use timeouts only as hang guards.
 */
package dev.ferrite.test;
