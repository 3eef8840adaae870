package dev.ferrite.bench;

import dev.ferrite.actor.ActorSystem;
import dev.ferrite.actor.Mailbox;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Heap bytes per idle actor: spawns {@code n} actors that hold one counter each and receive
 * nothing, keeps their references, and compares the used heap after full collections before and
 * after. Run it in a JVM of its own (ferrite and pekko separately):
 *
 * <pre>
 * java -Xmx4g -XX:+UseParallelGC -cp ferrite-bench/target/benchmarks.jar \
 *     dev.ferrite.bench.ActorMemory ferrite 1000000
 * java -Xmx4g -XX:+UseParallelGC -cp ferrite-bench/target/benchmarks.jar \
 *     dev.ferrite.bench.ActorMemory pekko 1000000
 * </pre>
 *
 * It prints one line: {@code <impl> <n> actors: <bytes> bytes per idle actor}. The issue's
 * target for ferrite: at most 300 bytes.
 */
public final class ActorMemory {
  private ActorMemory() {}

  public static void main(String[] args) throws Exception {
    String impl = args.length > 0 ? args[0] : "ferrite";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    System.out.printf("%s %,d actors: %.1f bytes per idle actor%n", impl, n, measure(impl, n));
  }

  /** {@return the heap bytes per idle actor of {@code impl} with {@code n} actors} */
  static double measure(String impl, int n) throws Exception {
    return switch (impl) {
      case "ferrite" -> ferrite(n);
      case "pekko" -> pekko(n);
      default -> throw new IllegalArgumentException("unknown impl " + impl);
    };
  }

  static long usedHeap() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The idle actor's behaviour state in both implementations: one counter. */
  static final class Count {
    long value;
  }

  static double ferrite(int n) throws Exception {
    try (ActorSystem system = ActorSystem.builder().name("memory").threads(2).build()) {
      ActorSystem.Spawner<Long> spawner = system.<Long>actor(() -> {
        Count c = new Count();
        return (m, ctx) -> c.value += m;
      }).mailbox(Mailbox.defaults());
      List<dev.ferrite.actor.ActorRef<Long>> refs = new ArrayList<>(n);
      long before = usedHeap();
      for (int i = 0; i < n; i++) {
        refs.add(spawner.spawn());
      }
      long after = usedHeap();
      double perActor = (after - before - 4.0 * n) / n; // minus the list's reference slots
      if (refs.size() != n) {
        throw new AssertionError();
      }
      return perActor;
    }
  }

  static double pekko(int n) throws Exception {
    List<ActorRef<Long>> refs = new ArrayList<>(n);
    CompletableFuture<Void> ready = new CompletableFuture<>();
    CountDownLatch started = new CountDownLatch(n); // Pekko runs each setup on the dispatcher
    Behavior<Void> guardian = Behaviors.setup(ctx -> {
      for (int i = 0; i < n; i++) {
        refs.add(ctx.spawnAnonymous(Behaviors.setup(self -> {
          Count c = new Count();
          started.countDown();
          return Behaviors.<Long>receiveMessage(m -> {
            c.value += m;
            return Behaviors.same();
          });
        })));
      }
      ready.complete(null);
      return Behaviors.empty();
    });
    long before = usedHeap();
    org.apache.pekko.actor.typed.ActorSystem<Void> system = org.apache.pekko.actor.typed.ActorSystem
        .create(guardian, "memory", ActorRigs.pekkoConfig(2, 5));
    try {
      ready.get(10, TimeUnit.MINUTES);
      if (!started.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the actors did not start");
      }
      long after = usedHeap();
      return (after - before - 4.0 * n) / n; // includes the system itself (a few MB)
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }
}
