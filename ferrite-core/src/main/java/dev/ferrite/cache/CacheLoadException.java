package dev.ferrite.cache;

/**
 * Thrown by {@link ConcurrentCache#get(Object, java.util.function.Function)} when the load failed
 * (the cause is the loader's exception) or timed out (the cause is a
 * {@link java.util.concurrent.TimeoutException}).
 */
public final class CacheLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause why
   */
  public CacheLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
