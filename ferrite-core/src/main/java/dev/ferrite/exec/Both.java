package dev.ferrite.exec;

/**
 * The two results of {@link WorkStealingPool#join}: Rust's {@code (ra, rb)} tuple from
 * {@code rayon::join}. Either may be null if its task returned null.
 *
 * <pre>{@code
 * Both<Long, Long> halves = pool.join(() -> sum(left), () -> sum(right));
 * long total = halves.first() + halves.second();
 * }</pre>
 *
 * @param first what the first task returned
 * @param second what the second task returned
 * @param <A> the first task's result type
 * @param <B> the second task's result type
 */
public record Both<A, B>(A first, B second) {}
