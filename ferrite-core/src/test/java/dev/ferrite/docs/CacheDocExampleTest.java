package dev.ferrite.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.cache.ConcurrentCache;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The example of docs/cache.md: the article's ConcurrentCache get / insert / remove, and more. */
class CacheDocExampleTest {
  record User(String id, String name) {}

  @Test
  void getInsertRemoveAndLoad() throws InterruptedException {
    AtomicInteger fetches = new AtomicInteger();
    // @start region="example"
    ConcurrentCache<String, User> users = ConcurrentCache.<String, User>builder()
        .maximumSize(10_000)                             // W-TinyLFU eviction beyond this
        .expireAfterWrite(Duration.ofMinutes(5))
        .recordStats()
        .build();
    users.insert("ada", new User("ada", "Ada Lovelace"));       // the article's insert
    User ada = users.get("ada");                                // get: null when absent
    User removed = users.remove("ada");                         // remove: the old value
    User bob = users.get("bob", id -> {                         // a miss loads once per key,
      fetches.incrementAndGet();                                // however many threads ask
      return new User(id, "Bob");
    });
    User again = users.get("bob", id -> new User(id, "never called: bob is cached"));
    double hitRatio = users.stats().hitRatio();
    // @end

    assertThat(ada.name()).isEqualTo("Ada Lovelace");
    assertThat(removed).isEqualTo(ada);
    assertThat(users.get("ada")).isNull();
    assertThat(bob).isSameAs(again);
    assertThat(fetches).hasValue(1);
    assertThat(hitRatio).isBetween(0.0, 1.0);
  }
}
