package dev.scenelabeler.jobs.labeling;

import java.util.HashMap;
import java.util.Map;

/**
 * The frames each camera had skipped (too old to label) since its last mask: each skip counts in
 * the camera's {@code framesSkipped} metric at once, and in the {@code skipped} field of the
 * camera's next mask statistics, so masks + skipped + dead letters = frames in, per camera. Task
 * thread only.
 */
final class SkipLedger {

  private final LabelingMetrics metrics;
  private final Map<String, Long> sinceMask = new HashMap<>();

  SkipLedger(LabelingMetrics metrics) {
    this.metrics = metrics;
  }

  void skipped(String camera) {
    sinceMask.merge(camera, 1L, Long::sum);
    metrics.camera(camera).framesSkipped.inc();
  }

  /**
   * The frames {@code camera} skipped since its last mask, for the mask about to go out; then zero.
   */
  long takeForMask(String camera) {
    Long skipped = sinceMask.remove(camera);
    return skipped == null ? 0 : skipped;
  }
}
