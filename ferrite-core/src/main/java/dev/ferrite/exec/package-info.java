/**
 * Executors: the channel-fed worker pool and the work-stealing pool.
 *
 * <p>{@link dev.ferrite.exec.WorkerPool} is the Rust article's {@code worker_pool}: N threads
 * take jobs from one shared channel; closing the channel's intake lets them drain it and exit;
 * the caller joins them. It is also a complete {@link java.util.concurrent.ExecutorService}.
 * Each submission returns a {@link dev.ferrite.exec.Job}, a {@link java.util.concurrent.Future}
 * with the job's state, result or failure.
 *
 * <pre>{@code
 * WorkerPool pool = WorkerPool.builder().workers(4).queueCapacity(64).name("jobs").build();
 * for (int i = 0; i < 20; i++) {
 *   int n = i;
 *   pool.execute(() -> System.out.println(Thread.currentThread().getName() + " ran job " + n));
 * }
 * pool.closeIntake(); // like drop(tx) in Rust: workers drain the intake, then exit
 * pool.join();        // like joining the handles
 * }</pre>
 *
 * <h2>Operations</h2>
 * The outcomes follow the error model of {@link dev.ferrite.channel}: not ready (full), timed
 * out and closed are distinct; the try form returns them as values and hands the task back.
 * <table class="striped">
 *   <caption>WorkerPool operations</caption>
 *   <thead><tr><th>operation</th><th>blocks?</th><th>success</th><th>intake full</th>
 *       <th>timed out</th><th>intake closed</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code submit(task)}, {@code execute(task)}</td><td>while full</td>
 *       <td>{@code Job} (none for execute)</td><td>waits</td><td>&mdash;</td>
 *       <td>{@code RejectedExecutionException}</td></tr>
 *   <tr><td>{@code trySubmit(task)}</td><td>never</td><td>{@code Submitted(job)}</td>
 *       <td>{@code Saturated(task)}</td><td>&mdash;</td><td>{@code Rejected(task)}</td></tr>
 *   <tr><td>{@code invokeAll(tasks[, timeout])}</td><td>until all done</td>
 *       <td>the jobs, all done</td><td>waits</td><td>returns, the unfinished cancelled</td>
 *       <td>{@code RejectedExecutionException}</td></tr>
 *   <tr><td>{@code invokeAny(tasks[, timeout])}</td><td>until one succeeds</td>
 *       <td>its result; the rest cancelled</td><td>waits</td><td>{@code TimeoutException}</td>
 *       <td>{@code RejectedExecutionException}</td></tr>
 *   </tbody>
 * </table>
 *
 * <table class="striped">
 *   <caption>Closing a WorkerPool</caption>
 *   <thead><tr><th>operation</th><th>blocks?</th><th>queued jobs</th><th>running jobs</th>
 *       <th>returns</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code closeIntake()} = {@code shutdown()}</td><td>no</td><td>run</td><td>finish</td>
 *       <td>&mdash;</td></tr>
 *   <tr><td>{@code shutdownNow()}</td><td>no</td><td>cancelled, returned</td>
 *       <td>interrupted</td><td>the never-started tasks</td></tr>
 *   <tr><td>{@code shutdown(grace)}</td><td>up to {@code grace}</td>
 *       <td>run until {@code grace} ends, then cancelled</td>
 *       <td>finish, or cancelled and interrupted when {@code grace} ends</td>
 *       <td>{@link dev.ferrite.exec.ShutdownReport}: abandoned jobs and counts</td></tr>
 *   <tr><td>{@code join()}, {@code join(timeout)}, {@code awaitTermination}</td>
 *       <td>until terminated (or timeout)</td><td>&mdash;</td><td>&mdash;</td>
 *       <td>whether terminated</td></tr>
 *   <tr><td>{@code close()}</td><td>until terminated</td><td>run</td><td>finish</td>
 *       <td>&mdash;</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>The work-stealing pool</h2>
 * {@link dev.ferrite.exec.WorkStealingPool} is the article's {@code WorkStealingPool}, finished:
 * one deque per worker (Chase&ndash;Lev), a shared injector for submissions from outside,
 * randomized stealing, spin-then-park idling without lost wake-ups, and rayon's fork-join on
 * top. It is also a complete {@link java.util.concurrent.ExecutorService} whose jobs are
 * {@link dev.ferrite.exec.Job}s too.
 *
 * <pre>{@code
 * try (WorkStealingPool pool = WorkStealingPool.fixed(4)) {
 *   Both<Long, Long> halves = pool.join(() -> sum(left), () -> sum(right)); // rayon::join
 *   pool.scope(s -> {                                                      // rayon::scope
 *     for (Node root : roots) s.spawn(() -> visit(root));
 *   });                                                                     // all spawns done
 * }
 * }</pre>
 *
 * <table class="striped">
 *   <caption>WorkStealingPool operations</caption>
 *   <thead><tr><th>operation</th><th>from a worker of the pool</th><th>from outside</th>
 *       <th>after shutdown</th><th>failures</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code join(a, b)}</td><td>pushes b, runs a, runs or waits for b (helping)</td>
 *       <td>runs the join as one task and waits</td>
 *       <td>works inside, {@code RejectedExecutionException} outside</td>
 *       <td>first failure thrown, the other suppressed</td></tr>
 *   <tr><td>{@code scope(body)}, {@code Scope.spawn(task)}</td>
 *       <td>spawns go on the worker's deque; waits (helping) for all</td>
 *       <td>runs the scope as one task and waits</td>
 *       <td>works inside, {@code RejectedExecutionException} outside</td>
 *       <td>first failure thrown, the others suppressed</td></tr>
 *   <tr><td>{@code submit}, {@code execute}</td><td>onto the worker's own deque</td>
 *       <td>onto the injector</td><td>{@code RejectedExecutionException}</td>
 *       <td>in the {@code Job}; {@code execute}: uncaught-exception handler</td></tr>
 *   <tr><td>{@code submit(hint, task)}</td><td colspan="2">onto worker {@code hint}'s inbox
 *       (its own deque if it is the caller)</td><td>{@code RejectedExecutionException}</td>
 *       <td>in the {@code Job}</td></tr>
 *   <tr><td>{@code Job.get()}, {@code invokeAll/Any}</td><td>helps while waiting</td>
 *       <td>parks</td><td>&mdash;</td><td>{@code ExecutionException}</td></tr>
 *   <tr><td>{@code shutdown()}, {@code close()}</td><td colspan="4">queued tasks run; workers
 *       exit once nothing is queued or running; {@code close()} waits</td></tr>
 *   <tr><td>{@code shutdownNow()}</td><td colspan="4">queued jobs cancelled and returned,
 *       forked halves and spawns cancelled (their join or scope throws
 *       {@code CancellationException}), workers interrupted</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>Failures</h2>
 * A task that throws never kills its worker. Its {@link dev.ferrite.exec.Job} ends
 * {@link java.util.concurrent.Future.State#FAILED FAILED} holding the exception,
 * {@link dev.ferrite.exec.WorkerPool#failedCount()} counts it, and an optional handler set with
 * {@link dev.ferrite.exec.WorkerPool.Builder#onFailure} hears of it; failures of
 * {@code execute}d tasks, which nobody can observe otherwise, go to the worker's
 * uncaught-exception handler when no handler is set.
 */
package dev.ferrite.exec;
