package dev.ferrite.test;

import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a thread running.
 *
 * <p>Before each test (and each test class, for threads of {@code @BeforeAll}/{@code @AfterAll}
 * and static state) it records the live platform threads. After it, it waits up to {@link
 * Timeouts#LEAK_GRACE} in total for threads that appeared meanwhile to end (a pool shut down
 * without awaiting its termination is not a leak), then fails naming every thread still alive,
 * with its state and stack, and interrupts it so the next tests are not disturbed. It checks the
 * same way the threads started through {@link TestThreads} (virtual ones included, which no
 * thread enumeration can see) and reports failures of those threads that the test never
 * collected with {@link TestThreads#joinAll()}.
 *
 * <p>Not counted: threads outside the test thread's thread group (the JVM's own threads live
 * in the {@code system} group and its other children), the daemon workers of {@link
 * ForkJoinPool#commonPool()}, virtual-thread carriers and unparkers, {@code Common-Cleaner}, and
 * the threads of JUnit, surefire, Lincheck (its test threads are named {@code Lincheck-...}) and
 * kotlinx-coroutines, which Lincheck uses. {@link AllowThreadLeaks} turns the check off for a
 * test or class.
 *
 * <p><b>Registration.</b> The extension is registered once for the whole module through {@code
 * META-INF/services/org.junit.jupiter.api.extension.Extension}, with JUnit's extension
 * autodetection enabled in the surefire configuration: no test class can forget it, and every
 * later test in the module is checked without a line of set-up. It assumes tests run one at a
 * time in a JVM (surefire's default; JUnit's parallel execution is off): threads of concurrently
 * running tests would look like leaks.
 */
public final class ThreadLeakChecker
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ThreadLeakChecker.class);

  /**
   * Threads already reported, or allowed by {@link AllowThreadLeaks}, so that a class-level check
   * does not report them again.
   */
  private static final Set<Thread> REPORTED = Collections.synchronizedSet(
      Collections.newSetFromMap(new WeakHashMap<>()));

  private static final List<String> SYSTEM_NAME_PREFIXES = List.of(
      "Common-Cleaner", "Attach Listener", "Signal Dispatcher", "Reference Handler", "Finalizer",
      "Notification Thread", "process reaper", "VirtualThread-unparker", "Read-Poller",
      "Write-Poller", "JFR ", "surefire-", "junit-", "Lincheck-", "TR-Block-Writer",
      "kotlinx.coroutines.", "DefaultDispatcher-worker-");

  private static final List<String> SYSTEM_CLASS_PREFIXES = List.of(
      "jdk.internal.", "sun.nio.ch.lincheck.", "org.jetbrains.", "kotlinx.coroutines.",
      "org.junit.", "org.apache.maven.");

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NAMESPACE).put("before", snapshot());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    check(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put("before", snapshot());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    check(context);
  }

  private static void check(ExtensionContext context) {
    @SuppressWarnings("unchecked")
    Set<Thread> before = (Set<Thread>) context.getStore(NAMESPACE).get("before", Set.class);
    List<TestThreads> started = drainStarted();
    if (before == null) {
      return;
    }
    if (allowed(context)) {
      started.forEach(tt -> REPORTED.addAll(tt.alive()));
      snapshot().stream().filter(t -> !before.contains(t)).forEach(REPORTED::add);
      return;
    }
    String leaks = findLeaks(before, started, Timeouts.LEAK_GRACE);
    if (leaks != null) {
      throw new AssertionError(leaks);
    }
  }

  private static boolean allowed(ExtensionContext context) {
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      AnnotatedElement e = c.getElement().orElse(null);
      if (e != null && e.isAnnotationPresent(AllowThreadLeaks.class)) {
        return true;
      }
    }
    return false;
  }

  /** {@return the {@link TestThreads} created since the last check, now considered checked} */
  static List<TestThreads> drainStarted() {
    List<TestThreads> out = new ArrayList<>();
    for (TestThreads t; (t = TestThreads.UNCHECKED.poll()) != null; ) {
      out.add(t);
    }
    return out;
  }

  /** {@return the live platform threads that count as the test's own} */
  static Set<Thread> snapshot() {
    ThreadGroup group = Thread.currentThread().getThreadGroup();
    Thread[] all;
    int n;
    do {
      all = new Thread[Thread.activeCount() * 2 + 64];
      ThreadGroup root = group;
      while (root.getParent() != null) {
        root = root.getParent();
      }
      n = root.enumerate(all, true);
    } while (n == all.length);
    Set<Thread> out = new LinkedHashSet<>();
    for (Thread t : Arrays.asList(all).subList(0, n)) {
      if (t.isAlive() && counts(t, group)) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * Waits up to {@code grace} for the threads that appeared since {@code before}, and those in
   * {@code started}, to end.
   *
   * @return a failure message naming the threads still alive and the uncollected failures of
   *     {@code started}, or null if there is nothing to report
   */
  static String findLeaks(Set<Thread> before, List<TestThreads> started, Duration grace) {
    Set<Thread> candidates = new LinkedHashSet<>();
    for (TestThreads tt : started) {
      candidates.addAll(tt.alive());
    }
    for (Thread t : snapshot()) {
      if (!before.contains(t)) {
        candidates.add(t);
      }
    }
    candidates.removeAll(REPORTED);
    long deadline = System.nanoTime() + grace.toNanos();
    List<Thread> leaked = new ArrayList<>();
    boolean interrupted = false;
    for (Thread t : candidates) {
      try {
        if (!t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
          leaked.add(t);
        }
      } catch (InterruptedException e) {
        interrupted = true;
        leaked.add(t);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    List<Throwable> failures = new ArrayList<>();
    for (TestThreads tt : started) {
      failures.addAll(tt.collectFailures());
    }
    if (leaked.isEmpty() && failures.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    if (!leaked.isEmpty()) {
      sb.append("test leaked ").append(leaked.size()).append(" thread(s), still alive ")
          .append(grace.toMillis()).append(" ms after it ended (now interrupted):");
      sb.append(TestThreads.describe(leaked));
      REPORTED.addAll(leaked);
      leaked.forEach(Thread::interrupt);
    }
    if (!failures.isEmpty()) {
      sb.append(sb.isEmpty() ? "" : "\n").append("test never joined threads that failed:");
      for (Throwable f : failures.subList(0, Math.min(failures.size(), 10))) {
        sb.append("\n  ").append(f.getMessage());
        if (f.getCause() != null) {
          Arrays.stream(f.getCause().getStackTrace()).limit(8)
              .forEach(e -> sb.append("\n      at ").append(e));
        }
      }
      if (failures.size() > 10) {
        sb.append("\n  ... and ").append(failures.size() - 10).append(" more");
      }
    }
    return sb.toString();
  }

  /** {@return whether {@code t} may belong to a test running in {@code testGroup}} */
  static boolean counts(Thread t, ThreadGroup testGroup) {
    ThreadGroup g = t.getThreadGroup();
    if (g == null || !(g == testGroup || testGroup.parentOf(g))) {
      return false; // terminated, or a JVM thread outside the test's group tree
    }
    if (t instanceof ForkJoinWorkerThread w && t.isDaemon()
        && w.getPool() == ForkJoinPool.commonPool()) {
      return false;
    }
    String name = t.getName();
    String cls = t.getClass().getName();
    return SYSTEM_NAME_PREFIXES.stream().noneMatch(name::startsWith)
        && SYSTEM_CLASS_PREFIXES.stream().noneMatch(cls::startsWith);
  }
}
