package dev.ferrite.sync.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.sync.Busy;
import dev.ferrite.sync.LockTimedOut;
import dev.ferrite.sync.Locked;
import dev.ferrite.sync.Mutex;
import dev.ferrite.sync.TimedLockResult;
import dev.ferrite.sync.TryLockResult;
import dev.ferrite.sync.WriteGuard;
import dev.ferrite.test.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class MutexTest {
  @Test
  void functionFormsReachTheValueUnderTheLock() throws Exception {
    Mutex<List<String>> m = Mutex.of(new ArrayList<>());
    m.lock(l -> l.add("a"));
    assertThat(m.<Object>lock(List::size)).isEqualTo(1);
    Mutex<Integer> n = Mutex.of(1);
    assertThat((Object) n.update(x -> x + 1)).isEqualTo(2);
    assertThat(n.<Object>lock(x -> x)).isEqualTo(2);
    assertThat(m.isLocked()).isFalse();
  }

  @Test
  void guardFailsAfterClose() throws Exception {
    Mutex<Integer> m = Mutex.of(1);
    WriteGuard<Integer> g = m.lock();
    assertThat(g.isHeld()).isTrue();
    g.set(5);
    assertThat(g.get()).isEqualTo(5);
    g.close();
    g.close(); // idempotent
    assertThat(g.isHeld()).isFalse();
    assertThatThrownBy(g::get).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> g.set(1)).isInstanceOf(IllegalStateException.class);
    assertThat(m.<Object>lock(x -> x)).isEqualTo(5);
  }

  @Test
  void guardBelongsToItsThread() throws Exception {
    Mutex<Integer> m = Mutex.of(1);
    try (WriteGuard<Integer> g = m.lock(); TestThreads threads = new TestThreads()) {
      threads.start("other", () -> {
        assertThatThrownBy(g::get).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(g::close).isInstanceOf(IllegalStateException.class);
      });
      threads.joinAll();
      assertThat(g.get()).isEqualTo(1);
    }
  }

  @Test
  void reentryIsRefused() throws Exception {
    Mutex<Integer> m = Mutex.of(1);
    m.lock(x -> {
      assertThatThrownBy(() -> m.lock(y -> y)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(m::tryLock).isInstanceOf(IllegalStateException.class);
      return null;
    });
    assertThat(m.tryLock(x -> x)).isEqualTo(new Locked<>(1));
  }

  @Test
  void tryAndTimedFormsReportBusyAndTimeout() throws Exception {
    Mutex<Integer> m = Mutex.of(7);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (TestThreads threads = new TestThreads()) {
      threads.start("holder", () -> m.lock(x -> {
        held.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        return x;
      }));
      held.await();
      assertThat(m.tryLock(x -> x)).isInstanceOf(Busy.class);
      assertThat(m.<Object>lock(Duration.ofMillis(10), x -> x)).isInstanceOf(LockTimedOut.class);
      assertThat(m.tryLock()).isInstanceOf(Busy.class);
      assertThat(m.tryLock(Duration.ZERO)).isInstanceOf(LockTimedOut.class);
      release.countDown();
    }
    TimedLockResult<Integer> r = m.lock(Duration.ofSeconds(10), x -> x + 1);
    assertThat(r).isEqualTo(new Locked<>(8));
    TryLockResult<WriteGuard<Integer>> g = m.tryLock();
    assertThat(g).isInstanceOf(Locked.class);
    ((Locked<WriteGuard<Integer>>) g).value().close();
  }

  @Test
  void waitingIsInterruptible() throws Exception {
    Mutex<Integer> m = Mutex.of(0);
    try (WriteGuard<Integer> g = m.lock(); TestThreads threads = new TestThreads()) {
      Thread waiter = threads.start("waiter", () ->
          assertThatThrownBy(() -> m.lock(x -> x)).isInstanceOf(InterruptedException.class));
      TestThreads.awaitBlocked(waiter);
      waiter.interrupt();
      threads.joinAll();
      Thread.currentThread().interrupt();
      assertThatThrownBy(m::lock).isInstanceOf(IllegalStateException.class); // reentry first
      Thread.interrupted();
    }
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> m.lock(x -> x)).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
  }

  @Test
  void exclusionUnderContention() throws Exception {
    Mutex<long[]> m = Mutex.of(new long[2]);
    int threadsN = 4;
    int perThread = 20_000;
    try (TestThreads threads = new TestThreads()) {
      for (int t = 0; t < threadsN; t++) {
        threads.start("inc-" + t, () -> {
          for (int i = 0; i < perThread; i++) {
            m.lock(a -> {
              a[0]++;
              a[1] = a[0]; // a torn pair would show a non-exclusive section
              return null;
            });
          }
        });
      }
    }
    assertThat(m.<Object>lock(a -> a[0])).isEqualTo((long) threadsN * perThread);
    assertThat(m.<Object>lock(a -> a[1])).isEqualTo((long) threadsN * perThread);
  }

  @Test
  void exceptionReleasesTheLock() throws Exception {
    Mutex<Integer> m = Mutex.of(1);
    assertThatThrownBy(() -> m.update(x -> { throw new IllegalArgumentException("no"); }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(m.isLocked()).isFalse();
    assertThat(m.<Object>lock(x -> x)).isEqualTo(1);
  }
}
