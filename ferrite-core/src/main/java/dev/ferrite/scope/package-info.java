/**
 * Scoped threads: structured concurrency on Java 21 without preview features.
 *
 * <p>A {@link dev.ferrite.scope.Scope} is Rust's {@code std::thread::scope}: tasks spawned in it
 * run in threads of their own, may read the caller's data, and never outlive the scope; leaving
 * it, normally or by an exception, waits for every one of them. A {@link dev.ferrite.scope.Policy}
 * says how the scope ends: fail-fast (the first failure cancels the rest), collect-all, or
 * first-success. A deadline for the whole scope and a bound on how many tasks run at once are
 * optional. {@link dev.ferrite.scope.ParallelSearch} is the article's use of scoped threads: a
 * chunked parallel search.
 *
 * <pre>{@code
 * try (var scope = Scope.open()) {                    // fail-fast, virtual threads
 *   Task<User> user = scope.spawn(() -> findUser(id));
 *   Task<List<Order>> orders = scope.spawn(() -> findOrders(id));
 *   scope.join();                                    // the first failure is thrown here
 *   return new Page(user.get(), orders.get());
 * }                                                  // no thread of the scope is left running
 * }</pre>
 *
 * <h2>Operations</h2>
 * Outcomes follow the error model of {@link dev.ferrite.channel}: a task ends as
 * {@link dev.ferrite.scope.Success}, {@link dev.ferrite.scope.Failure} or
 * {@link dev.ferrite.scope.Cancelled}; a scope also as {@link dev.ferrite.scope.TimedOut}. The
 * blocking forms throw for the unhappy outcomes; the value forms return them, so a
 * {@code switch} is exhaustive.
 * <table class="striped">
 *   <caption>Scope operations (owner thread only, except cancel)</caption>
 *   <thead><tr><th>operation</th><th>blocks?</th><th>success</th><th>not ready / failed</th>
 *       <th>timed out</th><th>cancelled</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code spawn(task)}</td><td>while {@code maxConcurrency} tasks run</td>
 *       <td>{@code Task}</td><td>waits for a slot</td><td>a cancelled {@code Task}</td>
 *       <td>a cancelled {@code Task}</td></tr>
 *   <tr><td>{@code trySpawn(task)}</td><td>never</td><td>{@code Spawned(task)}</td>
 *       <td>{@code AtCapacity(callable)}</td><td>{@code Spawned} (cancelled)</td>
 *       <td>{@code Spawned} (cancelled)</td></tr>
 *   <tr><td>{@code join()}</td><td>until the tasks are done</td><td>the policy's result</td>
 *       <td>{@code TaskFailedException}</td><td>{@code ScopeTimedOutException}</td>
 *       <td>{@code CancellationException}</td></tr>
 *   <tr><td>{@code await()}</td><td>until the tasks are done</td><td>{@code Success(r)}</td>
 *       <td>{@code Failure(e)}</td><td>{@code TimedOut}</td><td>{@code Cancelled}</td></tr>
 *   <tr><td>{@code cancel()} (any thread)</td><td>never</td><td colspan="4">cancels every
 *       unfinished task; true if this call ended the scope</td></tr>
 *   <tr><td>{@code close()}</td><td>until every thread has ended</td><td colspan="4">cancels the
 *       unfinished tasks (none after a join), waits for every thread</td></tr>
 *   </tbody>
 * </table>
 *
 * <table class="striped">
 *   <caption>Task operations (any thread)</caption>
 *   <thead><tr><th>operation</th><th>blocks?</th><th>succeeded</th><th>failed</th>
 *       <th>cancelled</th><th>not done</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code join()}</td><td>until done</td><td>the value</td>
 *       <td>{@code TaskFailedException}</td><td>{@code CancellationException}</td>
 *       <td>waits</td></tr>
 *   <tr><td>{@code outcome()}</td><td>never</td><td>{@code Success(v)}</td>
 *       <td>{@code Failure(e)}</td>
 *       <td>{@code Cancelled}</td><td>{@code IllegalStateException}</td></tr>
 *   <tr><td>{@code get()}</td><td>never</td><td>the value</td><td colspan="3">
 *       {@code IllegalStateException}</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>Cancellation</h2>
 * Cancelling a task interrupts its thread: a task blocked in {@code Thread.sleep}, a
 * {@code java.util.concurrent} lock or queue, or a Ferrite channel wakes with
 * {@link java.lang.InterruptedException}. A task spinning in pure computation should check
 * {@link java.lang.Thread#isInterrupted()} now and then, as {@code ParallelSearch} does.
 */
package dev.ferrite.scope;
