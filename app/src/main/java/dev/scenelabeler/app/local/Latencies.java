package dev.scenelabeler.app.local;

import java.util.Arrays;
import java.util.List;

/** Latencies in ms, sorted once, for percentiles. */
public final class Latencies {

  private final long[] sorted;

  public Latencies(long[] values) {
    this.sorted = values.clone();
    Arrays.sort(sorted);
  }

  /** All the values of {@code windows} as one. */
  public static Latencies merge(List<Latencies> windows) {
    return new Latencies(windows.stream().flatMapToLong(w -> Arrays.stream(w.sorted)).toArray());
  }

  public int count() {
    return sorted.length;
  }

  /** The q-quantile (0..1), nearest rank; -1 when empty. */
  public long percentile(double q) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }
}
