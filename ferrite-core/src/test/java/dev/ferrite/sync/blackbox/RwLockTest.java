package dev.ferrite.sync.blackbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.sync.Busy;
import dev.ferrite.sync.LockTimedOut;
import dev.ferrite.sync.Locked;
import dev.ferrite.sync.ReadGuard;
import dev.ferrite.sync.RwLock;
import dev.ferrite.sync.WriteGuard;
import dev.ferrite.test.TestThreads;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

class RwLockTest {
  @Test
  void readersShareWritersExclude() throws Exception {
    RwLock<Map<String, Integer>> lock = RwLock.of(new HashMap<>());
    lock.write(m -> m.put("a", 1));
    CyclicBarrier bothReading = new CyclicBarrier(2);
    try (TestThreads threads = new TestThreads()) {
      for (int i = 0; i < 2; i++) {
        threads.start("reader-" + i, () -> lock.read(m -> {
          try {
            bothReading.await(); // both readers inside at once, or this hangs (hang guard)
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          assertThatThrownBy(() -> lock.tryWrite(x -> x)) // no upgrade from a read lock
              .isInstanceOf(IllegalStateException.class);
          return m.get("a");
        }));
      }
    }
    assertThat(lock.tryWrite(m -> m.get("a"))).isEqualTo(new Locked<>(1));
  }

  @Test
  void guardsAndReentryRules() throws Exception {
    RwLock<Integer> lock = RwLock.of(1);
    try (ReadGuard<Integer> r = lock.readLock()) {
      assertThat(r.get()).isEqualTo(1);
      assertThat(r).isNotInstanceOf(WriteGuard.class); // a reader cannot replace the value
      try (ReadGuard<Integer> nested = lock.readLock()) {
        assertThat(nested.get()).isEqualTo(1);
      }
      assertThatThrownBy(lock::writeLock).isInstanceOf(IllegalStateException.class);
      assertThat(lock.readLockCount()).isEqualTo(1);
    }
    WriteGuard<Integer> w = lock.writeLock();
    w.set(2);
    assertThatThrownBy(lock::readLock).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> lock.write(x -> x)).isInstanceOf(IllegalStateException.class);
    w.close();
    assertThatThrownBy(w::get).isInstanceOf(IllegalStateException.class);
    assertThat(lock.<Object>read(x -> x)).isEqualTo(2);
    ReadGuard<Integer> r = lock.readLock();
    r.close();
    assertThatThrownBy(r::get).isInstanceOf(IllegalStateException.class);
    assertThat(lock.update(x -> x * 10)).isEqualTo(20);
  }

  @Test
  void timedFormsTimeOut() throws Exception {
    RwLock<Integer> lock = RwLock.of(1);
    try (TestThreads threads = new TestThreads()) {
      try (WriteGuard<Integer> w = lock.writeLock()) {
        threads.start("timed", () -> {
          assertThat(lock.read(Duration.ofMillis(10), x -> x)).isInstanceOf(LockTimedOut.class);
          assertThat(lock.write(Duration.ofMillis(10), x -> x)).isInstanceOf(LockTimedOut.class);
          assertThat(lock.tryReadLock(Duration.ZERO)).isInstanceOf(LockTimedOut.class);
          assertThat(lock.tryWriteLock(Duration.ofMillis(1))).isInstanceOf(LockTimedOut.class);
          assertThat(lock.tryRead(x -> x)).isInstanceOf(Busy.class);
        });
        threads.joinAll();
        assertThat(w.get()).isEqualTo(1);
      }
    }
    assertThat(lock.read(Duration.ofSeconds(5), x -> x + 1)).isEqualTo(new Locked<>(2));
  }

  @Test
  void waitingIsInterruptible() throws Exception {
    RwLock<Integer> lock = RwLock.of(0);
    try (TestThreads threads = new TestThreads()) {
      try (WriteGuard<Integer> w = lock.writeLock()) {
        Thread t = threads.start("reader", () ->
            assertThatThrownBy(() -> lock.read(x -> x)).isInstanceOf(InterruptedException.class));
        TestThreads.awaitBlocked(t);
        t.interrupt();
        threads.joinAll();
      }
    }
    assertThat(lock.isWriteLocked()).isFalse();
  }
}
