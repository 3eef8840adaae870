package dev.ferrite.jcstress;

/**
 * A message with plain fields: neither final nor volatile, written after construction. Only the
 * channel's own synchronisation can make these writes visible to the receiving thread.
 */
final class Payload {
  int a;
  int b;
  int c;

  Payload() {}

  /** A payload with every field set to {@code v}. */
  Payload(int v) {
    a = v;
    b = v;
    c = v;
  }

  /** {@return a fresh payload with the fields 1, 2 and 3} */
  static Payload make() {
    Payload p = new Payload();
    p.a = 1;
    p.b = 2;
    p.c = 3;
    return p;
  }

  /** Sentinel written to every field of the result when nothing was received. */
  static final int NONE = -1;
}
