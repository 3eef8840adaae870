package dev.ferrite.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.sync.AtomicCounter;
import dev.ferrite.sync.Mutex;
import dev.ferrite.sync.RwLock;
import dev.ferrite.sync.StripedCounter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example of docs/sync.md: locks that own their data, and the article's AtomicCounter. */
class SyncDocExampleTest {
  @Test
  void locksAndCounters() throws InterruptedException {
    // @start region="example"
    RwLock<Map<String, Integer>> scores = RwLock.of(new HashMap<>());
    Mutex<List<String>> log = Mutex.of(new ArrayList<>());
    AtomicCounter hits = new AtomicCounter();            // the article's AtomicUsize counter
    StripedCounter requests = new StripedCounter();      // for hot, rarely read counters
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String player = "p" + (t % 2);
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          for (int i = 0; i < 100; i++) {
            scores.write(m -> m.merge(player, 1, Integer::sum));  // one writer at a time
            hits.increment();
            requests.increment();
          }
          log.lock(l -> l.add(player + " done"));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    int p0 = scores.read(m -> m.get("p0"));              // readers run in parallel
    long before = hits.compareAndSwap(400, 0);           // returns the value it found
    long total = requests.sum();                         // exact once the writers stopped
    // @end

    assertThat(p0).isEqualTo(200);
    assertThat(before).isEqualTo(400);
    assertThat(hits.get()).isZero();
    assertThat(total).isEqualTo(400);
    int entries = log.lock(List::size);
    assertThat(entries).isEqualTo(4);
  }
}
