package dev.ferrite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The padded classes keep their hot fields off the cache line of the object header, which they
 * share with whatever object lies before them in memory.
 *
 * <p>HotSpot fills the 4 bytes after a compressed class pointer (offset 12) with the first small
 * field any class of the hierarchy declares, padding superclasses of {@code long}s included; each
 * padding class therefore starts with an {@code int} of its own. Without it the pool's slot state
 * sat at offset 12 and 4 threads sharing 2 slots ran at a third of their speed whenever the
 * previous object was one every acquire reads (docs/benchmark-notes.md, session 5).
 *
 * <p>Field offsets come from {@code sun.misc.Unsafe.objectFieldOffset}; on a JDK that no longer
 * answers it the test is skipped.
 */
class PaddingLayoutTest {
  private static final int LINE = 64;
  private static Object unsafe;
  private static java.lang.reflect.Method offsetOf;

  @BeforeAll
  static void unsafe() {
    try {
      Class<?> c = Class.forName("sun.misc.Unsafe");
      Field f = c.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      unsafe = f.get(null);
      offsetOf = c.getMethod("objectFieldOffset", Field.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      unsafe = null;
    }
  }

  private static long offset(String className, String fieldName) throws Exception {
    return offset(field(Class.forName(className), fieldName));
  }

  private static long offset(Field f) {
    assumeTrue(unsafe != null, "sun.misc.Unsafe is not available");
    try {
      return (long) offsetOf.invoke(unsafe, f);
    } catch (ReflectiveOperationException | RuntimeException e) {
      assumeTrue(false, "objectFieldOffset refused: " + e);
      throw new AssertionError(e);
    }
  }

  private static Field field(Class<?> c, String name) throws NoSuchFieldException {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (f.getName().equals(name) && !Modifier.isStatic(f.getModifiers())) {
          return f;
        }
      }
    }
    throw new NoSuchFieldException(c.getName() + "." + name);
  }

  /** The largest offset of any instance field of the class (its own or inherited). */
  private static long lastOffset(String className) throws Exception {
    long last = 0;
    for (Class<?> k = Class.forName(className); k != null; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())) {
          last = Math.max(last, offset(f));
        }
      }
    }
    return last;
  }

  @Test
  void poolSlotStateHasALineOfPaddingOnEitherSide() throws Exception {
    long state = offset("dev.ferrite.pool.Slot", "state");
    assertThat(state).isGreaterThanOrEqualTo(LINE);
    assertThat(lastOffset("dev.ferrite.pool.Slot") - state).isGreaterThanOrEqualTo(LINE);
  }

  @Test
  void workerPoolWorkersHotFieldsAreOffTheHeaderLine() throws Exception {
    for (String f : List.of("current", "completed", "failed")) {
      assertThat(offset("dev.ferrite.exec.WorkerPool$Worker", f)).as(f)
          .isGreaterThanOrEqualTo(LINE);
    }
  }

  @Test
  void workDequeOwnerFieldsAreOffTheHeaderAndTopLines() throws Exception {
    String c = "dev.ferrite.exec.WorkDeque$Indices";
    long top = offset(c, "top");
    assertThat(top).isGreaterThanOrEqualTo(LINE);
    for (String f : List.of("bottom", "buffer", "cleared", "poppedTag")) {
      assertThat(offset(c, f) - top).as(f).isGreaterThanOrEqualTo(LINE);
    }
  }

  @Test
  void readBufferStripesRingReferenceIsOffTheHeaderLine() throws Exception {
    String c = "dev.ferrite.cache.ReadBuffer$Stripe";
    assertThat(offset(c, "slots")).isGreaterThanOrEqualTo(LINE);
    assertThat(offset(c, "tail") - offset(c, "head")).isGreaterThanOrEqualTo(LINE);
  }
}
