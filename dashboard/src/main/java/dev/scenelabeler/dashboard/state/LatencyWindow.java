package dev.scenelabeler.dashboard.state;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Latency samples of the last {@code windowMs}, with nearest-rank percentiles. Bounded in memory:
 * beyond {@code maxSamples} the oldest samples go first, so a burst cannot grow it without limit.
 * Not thread-safe; its owner synchronizes.
 */
public final class LatencyWindow {

  private final long windowMs;
  private final int maxSamples;
  private final ArrayDeque<long[]> samples = new ArrayDeque<>();

  public LatencyWindow(long windowMs, int maxSamples) {
    if (windowMs <= 0 || maxSamples <= 0) {
      throw new IllegalArgumentException(
          "windowMs and maxSamples must be positive, got " + windowMs + " and " + maxSamples);
    }
    this.windowMs = windowMs;
    this.maxSamples = maxSamples;
  }

  /** Records that something observed at {@code atMs} took {@code latencyMs}. */
  public void record(long atMs, long latencyMs) {
    samples.addLast(new long[] {atMs, Math.max(0, latencyMs)});
    while (samples.size() > maxSamples) {
      samples.removeFirst();
    }
  }

  /** Percentiles over the samples recorded in the window ending at {@code nowMs}. */
  public LatencySummary summary(long nowMs) {
    evictOlderThan(nowMs - windowMs);
    long[] sorted = samples.stream().mapToLong(s -> s[1]).toArray();
    Arrays.sort(sorted);
    if (sorted.length == 0) {
      return LatencySummary.EMPTY;
    }
    return new LatencySummary(sorted.length, nearestRank(sorted, 50), nearestRank(sorted, 99));
  }

  private void evictOlderThan(long cutoffMs) {
    while (!samples.isEmpty() && samples.peekFirst()[0] <= cutoffMs) {
      samples.removeFirst();
    }
  }

  /** The smallest sample with at least {@code percent}% of the samples at or below it. */
  static long nearestRank(long[] sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
