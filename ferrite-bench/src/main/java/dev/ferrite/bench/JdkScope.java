package dev.ferrite.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;

/**
 * The JDK's {@code java.util.concurrent.StructuredTaskScope}, reached by reflection so that the
 * benchmarks compile with {@code --release 21} and without preview features. It is a preview API
 * (JDK 21 to at least 25), so it is used only when the running JVM has {@code --enable-preview};
 * otherwise {@link #open()} throws an {@link IllegalStateException} that says how to enable it,
 * and JMH reports that parameter combination as failed and goes on with the next.
 *
 * <p>Two shapes of the API are supported: JDK 25's {@code StructuredTaskScope.open()} (whose
 * default joiner fails fast: the first failure cancels the others and {@code join()} throws), and
 * JDK 21-24's {@code new StructuredTaskScope.ShutdownOnFailure()} (same policy; {@code join()}
 * returns and {@code throwIfFailed()} would throw). Both fork virtual threads.
 *
 * <pre>{@code
 * java -jar ferrite-bench/target/benchmarks.jar ScopeBench -jvmArgsAppend --enable-preview
 * }</pre>
 */
final class JdkScope implements AutoCloseable {
  private static final MethodHandle OPEN; // () -> Object
  private static final MethodHandle FORK; // (Object, Callable) -> Object
  private static final MethodHandle JOIN; // (Object) -> Object
  private static final MethodHandle CLOSE; // (Object) -> void
  private static final MethodHandle GET; // (Object) -> Object
  private static final String UNAVAILABLE;

  static {
    MethodHandle open = null;
    MethodHandle fork = null;
    MethodHandle join = null;
    MethodHandle close = null;
    MethodHandle get = null;
    String why = null;
    if (!ManagementFactory.getRuntimeMXBean().getInputArguments().contains("--enable-preview")) {
      why = "impl=structuredTaskScope needs the JDK's StructuredTaskScope, a preview API: run the"
          + " forks with --enable-preview (java -jar benchmarks.jar ... -jvmArgsAppend"
          + " --enable-preview) on JDK 21 or newer";
    } else {
      try {
        MethodHandles.Lookup l = MethodHandles.publicLookup();
        Class<?> sts = Class.forName("java.util.concurrent.StructuredTaskScope");
        Class<?> subtask = Class.forName("java.util.concurrent.StructuredTaskScope$Subtask");
        Method openMethod = findStatic(sts, "open");
        if (openMethod != null) { // JDK 25+
          open = l.unreflect(openMethod);
        } else { // JDK 21-24
          Class<?> sof =
              Class.forName("java.util.concurrent.StructuredTaskScope$ShutdownOnFailure");
          open = l.findConstructor(sof, MethodType.methodType(void.class));
        }
        open = open.asType(MethodType.methodType(Object.class));
        fork = l.unreflect(sts.getMethod("fork", Callable.class))
            .asType(MethodType.methodType(Object.class, Object.class, Callable.class));
        join = l.unreflect(sts.getMethod("join"))
            .asType(MethodType.methodType(Object.class, Object.class));
        close = l.unreflect(sts.getMethod("close"))
            .asType(MethodType.methodType(void.class, Object.class));
        get = l.unreflect(subtask.getMethod("get"))
            .asType(MethodType.methodType(Object.class, Object.class));
      } catch (ReflectiveOperationException | RuntimeException e) {
        why = "impl=structuredTaskScope: this JDK (" + Runtime.version() + ") has no usable"
            + " StructuredTaskScope: " + e;
      }
    }
    OPEN = open;
    FORK = fork;
    JOIN = join;
    CLOSE = close;
    GET = get;
    UNAVAILABLE = why;
  }

  private static Method findStatic(Class<?> c, String name) {
    for (Method m : c.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == 0
          && java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
        return m;
      }
    }
    return null;
  }

  private final Object scope;

  private JdkScope(Object scope) {
    this.scope = scope;
  }

  /** {@return null if the JDK's scope can be used here, else why not} */
  static String unavailable() {
    return UNAVAILABLE;
  }

  /**
   * Opens a fail-fast JDK scope owned by the calling thread.
   *
   * @throws IllegalStateException if the running JVM cannot provide one (see the class comment)
   */
  static JdkScope open() {
    if (UNAVAILABLE != null) {
      throw new IllegalStateException(UNAVAILABLE);
    }
    try {
      return new JdkScope((Object) OPEN.invokeExact());
    } catch (Throwable t) {
      throw new IllegalStateException("could not open a StructuredTaskScope", t);
    }
  }

  /** Forks {@code task}; returns the JDK's {@code Subtask}. */
  Object fork(Callable<?> task) {
    try {
      return (Object) FORK.invokeExact(scope, (Callable) task);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * Joins; returns normally if every subtask succeeded, else throws what the JDK threw (JDK 25:
   * {@code FailedException}; JDK 21-24's {@code ShutdownOnFailure.join()} returns, so this
   * returns there too).
   */
  void join() throws Throwable {
    Object unused = (Object) JOIN.invokeExact(scope);
  }

  /** {@return the result of a subtask that succeeded} */
  static Object get(Object subtask) {
    try {
      return (Object) GET.invokeExact(subtask);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  @Override
  public void close() {
    try {
      CLOSE.invokeExact(scope);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
