package dev.ferrite.bench.forkjoin;

/**
 * The Unbalanced Tree Search benchmark's trees (S. Olivier, J. Huan, J. Liu, J. Prins, J. Dinan,
 * P. Sadayappan, C.-W. Tseng, "UTS: An Unbalanced Tree Search Benchmark", LCPC 2006): implicit
 * trees whose every node is a 20-byte SHA-1 state; a node's number of children is drawn from its
 * own state, and child i's state is SHA-1(parent state, i). Nothing is stored: the tree is
 * generated while it is traversed, and its shape is known only by visiting it, so a parallel
 * traversal must balance load dynamically.
 *
 * <p>The two standard trees used here, with their published sizes (UTS {@code sample_trees.sh}):
 * <ul>
 *   <li>{@link #T1}: geometric, fixed branching factor, {@code -t 1 -a 3 -d 10 -b 4 -r 19}:
 *       4,130,071 nodes, depth 10, 3,305,118 leaves; shallow and bushy.
 *   <li>{@link #T3}: binomial, {@code -t 0 -b 2000 -q 0.124875 -m 8 -r 42}: 4,112,897 nodes,
 *       depth 1572, 3,599,034 leaves; each non-root node has 8 children with probability q,
 *       else none, so subtrees end (or go on) unpredictably, down to depth 1572.
 * </ul>
 * The node counts computed here match those ({@code ForkJoinWorkloadsTest} checks them).
 */
public final class Uts {
  /** T1: geometric tree, fixed shape, b0 = 4, depth 10, root seed 19. */
  public static final Uts T1 = new Uts("T1", false, 4.0, 10, 0.0, 0, 19, 4_130_071L);

  /** T3: binomial tree, b0 = 2000, q = 0.124875, m = 8, root seed 42. */
  public static final Uts T3 = new Uts("T3", true, 2000.0, 0, 0.124875, 8, 42, 4_112_897L);

  /** The cap the reference code puts on a node's children (a binomial root is exempt). */
  static final int MAX_CHILDREN = 100;

  final String name;
  final boolean binomial;
  final double b0;
  final int genMax;
  final double q;
  final int m;
  final int rootSeed;
  /** The published number of nodes. */
  public final long expectedNodes;

  Uts(String name, boolean binomial, double b0, int genMax, double q, int m, int rootSeed,
      long expectedNodes) {
    this.name = name;
    this.binomial = binomial;
    this.b0 = b0;
    this.genMax = genMax;
    this.q = q;
    this.m = m;
    this.rootSeed = rootSeed;
    this.expectedNodes = expectedNodes;
  }

  /** A geometric tree with fixed branching factor {@code b0} down to {@code depth}: for tests. */
  static Uts geometric(double b0, int depth, int seed) {
    return new Uts("geometric", false, b0, depth, 0.0, 0, seed, -1);
  }

  /** A node: its SHA-1 state as five big-endian words, and its depth. */
  public record Node(int h0, int h1, int h2, int h3, int h4, int height) {}

  /** {@return the root: SHA-1 of 16 zero bytes and the seed} */
  public Node root() {
    return Sha1.block(0, 0, 0, 0, rootSeed, 0x80000000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 160, 0);
  }

  /** {@return child {@code i} of {@code n}: SHA-1 of n's state and i} */
  public Node child(Node n, int i) {
    return Sha1.block(n.h0, n.h1, n.h2, n.h3, n.h4, i, 0x80000000, 0, 0, 0, 0, 0, 0, 0, 0, 192,
        n.height + 1);
  }

  /** {@return how many children {@code n} has, as the reference {@code uts_numChildren}} */
  public int numChildren(Node n) {
    double u = (n.h4 & 0x7fffffff) / 2147483648.0; // rng_toProb(rng_rand(state))
    int k;
    if (binomial) {
      k = n.height == 0 ? (int) Math.floor(b0) : (u < q ? m : 0);
    } else { // geometric, FIXED shape
      double bi = n.height == 0 || n.height < genMax ? b0 : 0.0;
      double p = 1.0 / (1.0 + bi);
      k = (int) Math.floor(Math.log(1 - u) / Math.log(1 - p));
    }
    if (n.height == 0 && binomial) {
      return Math.min(k, (int) Math.ceil(b0));
    }
    return Math.min(k, MAX_CHILDREN);
  }

  @Override
  public String toString() {
    return name;
  }
}
