package dev.ferrite.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.channel.Channel;
import dev.ferrite.channel.Receiver;
import dev.ferrite.channel.Sender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example of docs/channels.md. */
class ChannelsDocExampleTest {
  @Test
  void threeProducersOneConsumer() throws InterruptedException {
    // @start region="example"
    Channel<String> jobs = Channel.bounded(16);
    List<String> received = new ArrayList<>();
    List<Thread> producers = new ArrayList<>();
    try (Sender<String> tx = jobs.sender(); Receiver<String> rx = jobs.receiver()) {
      for (int p = 0; p < 3; p++) {
        Sender<String> mine = tx.clone();              // one handle per producer
        int id = p;
        producers.add(Thread.ofVirtual().start(() -> {
          try (mine) {                                  // closing it is Rust's drop(tx)
            for (int i = 0; i < 4; i++) {
              mine.send("job " + id + "." + i);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
      }
      tx.close();                                       // now the clones are the only senders
      for (String job : rx) {                           // ends once they closed and it drained
        received.add(job);
      }
    }
    for (Thread t : producers) {
      t.join();
    }
    // @end

    assertThat(received).hasSize(12).doesNotHaveDuplicates();
    for (int p = 0; p < 3; p++) { // each producer's messages arrive in the order sent
      String prefix = "job " + p + ".";
      assertThat(received.stream().filter(s -> s.startsWith(prefix)).toList())
          .containsExactly(prefix + 0, prefix + 1, prefix + 2, prefix + 3);
    }
  }
}
