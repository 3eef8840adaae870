package dev.ferrite.bench;

import dev.ferrite.sync.AtomicCounter;
import dev.ferrite.sync.StripedCounter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The counters {@link CounterBench} compares, behind one interface. */
interface CounterAdapter {
  /** Every {@code impl} name {@link #create} accepts. */
  String[] IMPLS = {"ferrite-atomic", "ferrite-striped", "AtomicLong", "LongAdder"};

  void increment();

  long read();

  static CounterAdapter create(String impl) {
    return switch (impl) {
      case "ferrite-atomic" -> {
        AtomicCounter c = new AtomicCounter();
        yield new CounterAdapter() {
          @Override
          public void increment() {
            c.increment();
          }

          @Override
          public long read() {
            return c.get();
          }
        };
      }
      case "ferrite-striped" -> {
        StripedCounter c = new StripedCounter();
        yield new CounterAdapter() {
          @Override
          public void increment() {
            c.increment();
          }

          @Override
          public long read() {
            return c.sum();
          }
        };
      }
      case "AtomicLong" -> {
        AtomicLong c = new AtomicLong();
        yield new CounterAdapter() {
          @Override
          public void increment() {
            c.incrementAndGet();
          }

          @Override
          public long read() {
            return c.get();
          }
        };
      }
      case "LongAdder" -> {
        LongAdder c = new LongAdder();
        yield new CounterAdapter() {
          @Override
          public void increment() {
            c.increment();
          }

          @Override
          public long read() {
            return c.sum();
          }
        };
      }
      default -> throw new IllegalArgumentException("unknown impl " + impl);
    };
  }
}
