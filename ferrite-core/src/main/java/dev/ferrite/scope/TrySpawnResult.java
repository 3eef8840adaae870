package dev.ferrite.scope;

/**
 * The outcome of {@link Scope#trySpawn}: {@link Spawned} or {@link AtCapacity}. As with a
 * worker pool's {@code trySubmit}, a task that was not taken is handed back, and a {@code switch}
 * over the outcome is exhaustive:
 *
 * <pre>{@code
 * switch (scope.trySpawn(() -> resize(image))) {
 *   case Spawned<Image>(Task<Image> task) -> pending.add(task);
 *   case AtCapacity<Image>(var task) -> later.add(image);     // maxConcurrency tasks are running
 * }
 * }</pre>
 *
 * @param <T> the task's result type
 */
public sealed interface TrySpawnResult<T> permits Spawned, AtCapacity {}
