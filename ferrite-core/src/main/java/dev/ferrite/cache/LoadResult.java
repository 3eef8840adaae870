package dev.ferrite.cache;

/**
 * The outcome of {@link ConcurrentCache#get(Object, java.util.function.Function,
 * java.time.Duration)}: {@link Loaded}, {@link LoadFailed} or {@link LoadTimedOut}. A {@code
 * switch} over it is exhaustive:
 *
 * <pre>{@code
 * switch (users.get(id, this::fetchUser, Duration.ofSeconds(2))) {
 *   case Loaded<User>(User u) -> show(u);
 *   case LoadFailed<User>(Throwable why) -> error(why);
 *   case LoadTimedOut<User> t -> showSpinner();   // the load goes on; its value will be cached
 * }
 * }</pre>
 *
 * @param <V> the value type
 */
public sealed interface LoadResult<V> permits Loaded, LoadFailed, LoadTimedOut {}
