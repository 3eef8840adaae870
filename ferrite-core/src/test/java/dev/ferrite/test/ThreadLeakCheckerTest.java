package dev.ferrite.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

class ThreadLeakCheckerTest {
  private static final Duration GRACE = Duration.ofMillis(20);

  @Test
  void aPlatformThreadStillAliveIsALeak() throws InterruptedException {
    Set<Thread> before = ThreadLeakChecker.snapshot();
    CountDownLatch never = new CountDownLatch(1);
    Thread leaky = Thread.ofPlatform().name("leaky-platform").start(() -> {
      try {
        never.await();
      } catch (InterruptedException expected) {
        // the checker interrupts what it reports
      }
    });
    try {
      String report = ThreadLeakChecker.findLeaks(before, List.of(), GRACE);
      assertThat(report).contains("leaked 1 thread(s)", "\"leaky-platform\"", "CountDownLatch");
    } finally {
      never.countDown();
      leaky.join();
    }
  }

  @Test
  void aThreadEndingWithinTheGraceIsNoLeak() throws InterruptedException {
    Set<Thread> before = ThreadLeakChecker.snapshot();
    CountDownLatch release = new CountDownLatch(1);
    Thread ending = Thread.ofPlatform().name("ending").start(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    release.countDown(); // it ends on its own, without being joined by the test
    assertThat(ThreadLeakChecker.findLeaks(before, List.of(), Timeouts.LONG)).isNull();
    assertThat(ending.isAlive()).isFalse();
  }

  @Test
  void aVirtualThreadIsTrackedThroughTestThreads() throws InterruptedException {
    Set<Thread> before = ThreadLeakChecker.snapshot();
    CountDownLatch never = new CountDownLatch(1);
    TestThreads threads = new TestThreads();
    Thread v = threads.startVirtual("leaky-virtual", () -> {
      try {
        never.await();
      } catch (InterruptedException expected) {
        // the checker interrupts what it reports
      }
    });
    TestThreads.awaitBlocked(v);
    assertThat(ThreadLeakChecker.snapshot()).doesNotContain(v); // enumeration cannot see it
    try {
      assertThat(ThreadLeakChecker.findLeaks(before, List.of(threads), GRACE))
          .contains("\"leaky-virtual\" virtual");
    } finally {
      never.countDown();
      threads.joinAll();
    }
  }

  @Test
  void aFailureNobodyCollectedIsReported() throws InterruptedException {
    Set<Thread> before = ThreadLeakChecker.snapshot();
    TestThreads threads = new TestThreads();
    threads.start("forgotten", () -> {
      throw new IllegalStateException("nobody looked");
    }).join();
    assertThat(ThreadLeakChecker.findLeaks(before, List.of(threads), GRACE))
        .contains("never joined", "forgotten", "nobody looked");
  }

  @Test
  void jvmAndFrameworkThreadsDoNotCount() throws Exception {
    ThreadGroup mine = Thread.currentThread().getThreadGroup();
    ThreadGroup root = mine;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Runnable noop = () -> {};
    assertThat(ThreadLeakChecker.counts(new Thread(mine, noop, "worker"), mine)).isTrue();
    assertThat(ThreadLeakChecker.counts(new Thread(new ThreadGroup(root, "elsewhere"), noop), mine))
        .as("outside the test's group tree").isFalse();
    assertThat(ThreadLeakChecker.counts(new Thread(mine, noop, "Lincheck-SomeTest-0"), mine))
        .isFalse();
    assertThat(ThreadLeakChecker.counts(new Thread(mine, noop, "Common-Cleaner"), mine)).isFalse();
    Thread commonWorker = ForkJoinPool.commonPool().submit(Thread::currentThread).get();
    if (commonWorker != Thread.currentThread()) { // with parallelism 0 the caller runs it
      assertThat(ThreadLeakChecker.counts(commonWorker, mine)).isFalse();
    }
    try (TestThreads threads = new TestThreads()) {
      threads.startVirtual("v", () -> {}); // may start carrier threads: they must not count
    }
    assertThat(ThreadLeakChecker.snapshot())
        .noneMatch(t -> t.getClass().getName().contains("CarrierThread"));
  }

  // ---- end to end: the registered extension fails a leaking test run by a nested launcher ----

  private static volatile CountDownLatch sampleLatch;

  static boolean insideLauncher() {
    return sampleLatch != null;
  }

  /** Run only by {@link #theRegisteredExtensionFailsALeakingTest()}, never by surefire. */
  @EnabledIf("dev.ferrite.test.ThreadLeakCheckerTest#insideLauncher")
  static class Samples {
    @Test
    void leaks() {
      Thread.ofPlatform().name("sample-leak").start(() -> {
        try {
          sampleLatch.await();
        } catch (InterruptedException expected) {
          // interrupted by the checker
        }
      });
    }

    @Test
    void joins() throws InterruptedException {
      Thread.ofPlatform().name("sample-joined").start(() -> {}).join();
    }

    @Test
    @AllowThreadLeaks("checks the opt-out")
    void allowed() {
      Thread.ofPlatform().name("sample-allowed").start(() -> {
        try {
          sampleLatch.await();
        } catch (InterruptedException e) {
          // not expected: the checker is off for this test
        }
      });
    }
  }

  @Test
  void theRegisteredExtensionFailsALeakingTest() throws InterruptedException {
    Set<Thread> before = ThreadLeakChecker.snapshot();
    sampleLatch = new CountDownLatch(1);
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    try {
      LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
          .selectors(selectClass(Samples.class))
          .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
          .build();
      Launcher launcher = LauncherFactory.create();
      launcher.execute(request, listener);
    } finally {
      sampleLatch.countDown();
      sampleLatch = null;
      for (Thread t : ThreadLeakChecker.snapshot()) {
        if (!before.contains(t) && t.getName().startsWith("sample-")) {
          t.join();
        }
      }
    }
    TestExecutionSummary summary = listener.getSummary();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(summary.getFailures()).singleElement().satisfies(f -> {
      assertThat(f.getTestIdentifier().getDisplayName()).isEqualTo("leaks()");
      assertThat(f.getException()).hasMessageContaining("\"sample-leak\"");
    });
  }
}
