/**
 * JMH benchmarks of Ferrite against its peers, built into
 * {@code ferrite-bench/target/benchmarks.jar} by {@code ./mvnw verify} (no benchmark runs during
 * the build).
 *
 * <ul>
 *   <li>{@link dev.ferrite.bench.ChannelBench}: message throughput between threads;
 *       {@code buffered} (capacity 1, 100, 1024), {@code rendezvous} (capacity 0) and
 *       {@code select} (a {@code Select} over 4 channels vs one plain receive).
 *   <li>{@link dev.ferrite.bench.WorkerPoolBench}: many tiny jobs through {@code WorkerPool} vs
 *       {@code ThreadPoolExecutor}, both with 2 workers.
 *   <li>{@link dev.ferrite.bench.ScopeBench}: {@code spawnJoin}, the cost of a scope of k = 1,
 *       10, 100 trivial tasks against raw virtual and platform threads, the virtual-thread
 *       executor and the JDK's preview {@code StructuredTaskScope} (which needs
 *       {@code -jvmArgsAppend --enable-preview}); {@code cancelLatency}, from a failure to every
 *       sibling stopped (mode {@code SampleTime}).
 * </ul>
 *
 * <p>Run everything with the defaults in the annotations:
 * <pre>{@code
 * java -jar ferrite-bench/target/benchmarks.jar -rf json -rff results/bench.json
 * }</pre>
 * Narrow a run with a method regex and {@code -p}, for example:
 * <pre>{@code
 * java -jar ferrite-bench/target/benchmarks.jar 'ChannelBench.buffered' -p capacity=1024 -p producers=1
 * }</pre>
 * {@code -lp} lists each method's parameters. Scores are nanoseconds per message or per job.
 *
 * <p>{@link dev.ferrite.bench.Ratios} runs only the cases behind the project's target ratios and
 * prints them as a Markdown table:
 * {@code java -cp ferrite-bench/target/benchmarks.jar dev.ferrite.bench.Ratios}.
 */
package dev.ferrite.bench;
