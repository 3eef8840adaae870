package dev.ferrite.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Zipf-distributed integers in {@code [0, n)}: rank {@code r} (0 is the most popular) has weight
 * {@code 1 / (r + 1)^s}. Sampling inverts a precomputed cumulative table by binary search, so a
 * generator costs {@code 8n} bytes once and {@code O(log n)} per sample; traces are precomputed
 * before any measurement. Popular ranks are scattered over the key space by a fixed permutation
 * so that they do not share hash buckets by construction.
 */
final class Zipf {
  private final double[] cdf;
  private final int[] permutation;

  Zipf(int n, double s, long seed) {
    cdf = new double[n];
    double sum = 0;
    for (int r = 0; r < n; r++) {
      sum += 1.0 / Math.pow(r + 1, s);
      cdf[r] = sum;
    }
    for (int r = 0; r < n; r++) {
      cdf[r] /= sum;
    }
    permutation = new int[n];
    for (int i = 0; i < n; i++) {
      permutation[i] = i;
    }
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = permutation[i];
      permutation[i] = permutation[j];
      permutation[j] = t;
    }
  }

  int sample(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    int i = Arrays.binarySearch(cdf, u);
    if (i < 0) {
      i = -i - 1;
    }
    return permutation[Math.min(i, cdf.length - 1)];
  }

  /** {@return {@code length} samples} */
  int[] trace(int length, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] t = new int[length];
    for (int i = 0; i < length; i++) {
      t[i] = sample(rnd);
    }
    return t;
  }
}
