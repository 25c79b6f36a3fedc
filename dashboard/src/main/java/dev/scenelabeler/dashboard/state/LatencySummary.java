package dev.scenelabeler.dashboard.state;

/** Latency percentiles over a window; {@code samples == 0} means nothing was measured. */
public record LatencySummary(int samples, long p50Ms, long p99Ms) {
  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0);
}
