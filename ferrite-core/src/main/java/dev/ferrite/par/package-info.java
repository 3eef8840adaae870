/**
 * Parallel iterators: rayon's {@code par_iter()} for Java, on a
 * {@link dev.ferrite.exec.WorkStealingPool}.
 *
 * <p>The article's data-parallel pattern is a word count: split the documents into words, fold
 * each worker's share into its own map, merge the maps at the end, with no coordination in the
 * parallel phase. {@link dev.ferrite.par.ParIter} gives Java the same:
 *
 * <pre>{@code
 * Map<String, Long> counts = ParIter.lines(path)
 *     .flatMap(line -> List.of(line.toLowerCase(Locale.ROOT).split("\\s+")))
 *     .fold(HashMap<String, Long>::new, (m, w) -> { m.merge(w, 1L, Long::sum); return m; })
 *     .reduce(HashMap::new, (a, b) -> { b.forEach((w, n) -> a.merge(w, n, Long::sum)); return a; });
 * }</pre>
 *
 * <table class="striped">
 *   <caption>Operations of {@code ParIter}</caption>
 *   <thead><tr><th>kind</th><th>operations</th><th>order</th></tr></thead>
 *   <tbody>
 *   <tr><td>sources</td><td>{@code range(int, int)}, {@code range(long, long)},
 *       {@code of(T...)}, {@code of(Collection)}, {@code lines(Path)}, {@code chunks(Path)}</td>
 *       <td>ordered (collections: their encounter order)</td></tr>
 *   <tr><td>configuration</td><td>{@code on(pool)}, {@code minLen(n)}</td><td></td></tr>
 *   <tr><td>adapters</td><td>{@code map}, {@code filter}, {@code flatMap}, {@code mapMulti}</td>
 *       <td>keep the order</td></tr>
 *   <tr><td>folding</td><td>{@code fold(identity, op).reduce(identity, combine)},
 *       {@code reduce}, {@code count}, {@code sum}, {@code min}, {@code max}</td>
 *       <td>combined in source order</td></tr>
 *   <tr><td>collecting</td><td>{@code toList}, {@code toMap(key, value, merge)},
 *       {@code collect(Collector)}</td><td>source order</td></tr>
 *   <tr><td>side effects</td><td>{@code forEach}</td><td>unordered, concurrent</td></tr>
 *   <tr><td>short-circuiting</td><td>{@code anyMatch}, {@code allMatch}, {@code findAny}</td>
 *       <td>unordered; stop at the first answer</td></tr>
 *   <tr><td></td><td>{@code findFirst}</td><td>the first match in source order; work after a
 *       match stops</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>A function that throws stops the evaluation, and the terminal rethrows it. No function of an
 * evaluation runs after its terminal returns. See {@code docs/par.md} for the splitting design.
 */
package dev.ferrite.par;
