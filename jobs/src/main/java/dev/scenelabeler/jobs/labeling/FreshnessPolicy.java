package dev.scenelabeler.jobs.labeling;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Which frames are still worth labeling at a given moment (the labeling operator asks for the
 * moment a frame's mask would come out). {@link #live live}: a frame captured more than {@code
 * maxAge} before that moment is skipped (counted, not labeled), so a labeler slower than its
 * cameras stays about {@code maxAge} behind instead of falling further behind forever. {@link
 * #archive archive}: every frame is labeled, however late.
 *
 * <p>The age is the labeling subtask's clock (processing time) minus the frame's capture timestamp,
 * both epoch milliseconds, so camera and TaskManager clocks should agree to well within {@code
 * maxAge} (NTP does).
 */
public final class FreshnessPolicy implements Serializable {

  private static final long serialVersionUID = 1L;

  /** About one second: a live picture, with room for a checkpoint and a few frames' labeling. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);

  private final long maxAgeMs; // Long.MAX_VALUE: archive

  private FreshnessPolicy(long maxAgeMs) {
    this.maxAgeMs = maxAgeMs;
  }

  /** Labels every frame. */
  public static FreshnessPolicy archive() {
    return new FreshnessPolicy(Long.MAX_VALUE);
  }

  /**
   * Skips frames older than {@code maxAge} when the labeler can take them.
   *
   * @throws IllegalArgumentException if {@code maxAge} is not positive
   */
  public static FreshnessPolicy live(Duration maxAge) {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("max frame age must be > 0 ms, got " + maxAge.toMillis());
    }
    return new FreshnessPolicy(maxAge.toMillis());
  }

  public boolean isLive() {
    return maxAgeMs != Long.MAX_VALUE;
  }

  /** True when a frame captured at {@code captureMs} is too old to label at {@code nowMs}. */
  public boolean isStale(long captureMs, long nowMs) {
    return isLive() && nowMs - captureMs > maxAgeMs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FreshnessPolicy other && other.maxAgeMs == maxAgeMs;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(maxAgeMs);
  }

  @Override
  public String toString() {
    return isLive() ? "live (max frame age " + maxAgeMs + " ms)" : "archive (every frame)";
  }
}
