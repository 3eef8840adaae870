package dev.ferrite.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class TestThreadsTest {

  @Test
  void failureOfAPlatformThreadIsRethrownByJoinAll() {
    TestThreads threads = new TestThreads();
    threads.start("boom", () -> {
      throw new IllegalStateException("bad state");
    });
    threads.start("fine", () -> {});
    assertThatThrownBy(threads::joinAll)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("boom")
        .rootCause().isInstanceOf(IllegalStateException.class).hasMessage("bad state");
  }

  @Test
  void failuresOfVirtualThreadsAreRethrownWithTheRestSuppressed() {
    TestThreads threads = new TestThreads();
    for (int i = 0; i < 3; i++) {
      int n = i;
      threads.startVirtual("v" + n, () -> {
        throw new AssertionError("failure " + n);
      });
    }
    assertThatThrownBy(threads::joinAll)
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("3 test thread(s) failed")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));
  }

  @Test
  void checkedExceptionsAreCapturedToo() {
    TestThreads threads = new TestThreads();
    threads.start("checked", () -> {
      throw new java.io.IOException("io");
    });
    assertThatThrownBy(threads::close).hasRootCauseInstanceOf(java.io.IOException.class);
  }

  @Test
  void handleGivesTheValueOrTheExpectedFailure() throws InterruptedException {
    try (TestThreads threads = new TestThreads()) {
      TestThreads.Handle<String> ok = threads.call("ok", () -> "value");
      TestThreads.Handle<String> bad = threads.call("bad", () -> {
        throw new InterruptedException("expected");
      });
      assertThat(ok.get()).isEqualTo("value");
      assertThat(bad.failure()).isInstanceOf(InterruptedException.class);
    } // the failure was taken, so close() does not rethrow it
  }

  @Test
  void aHungThreadIsReportedAndInterrupted() throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    TestThreads threads = new TestThreads();
    Thread stuck = threads.start("stuck", () -> {
      try {
        never.await();
      } catch (InterruptedException expected) {
        // the harness interrupts what it reports as hung
      }
    });
    TestThreads.awaitBlocked(stuck);
    assertThatThrownBy(() -> threads.joinAll(Duration.ofMillis(20)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("\"stuck\"")
        .hasMessageContaining("CountDownLatch.await");
    threads.joinAll(); // the interrupt ended it
  }

  @Test
  void awaitBlockedSeesParkedVirtualThreads() throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    try (TestThreads threads = new TestThreads()) {
      Thread v = threads.startVirtual("parked", go::await);
      TestThreads.awaitBlocked(v);
      assertThat(v.getState()).isIn(Thread.State.WAITING, Thread.State.TIMED_WAITING);
      go.countDown();
    }
  }

  @Test
  void awaitBlockedFailsWhenTheThreadEnds() throws InterruptedException {
    try (TestThreads threads = new TestThreads()) {
      Thread quick = threads.start("quick", () -> {});
      quick.join();
      assertThatThrownBy(() -> TestThreads.awaitBlocked(quick))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("ended instead of blocking");
    }
  }
}
