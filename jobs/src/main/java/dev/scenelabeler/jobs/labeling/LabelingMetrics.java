package dev.scenelabeler.jobs.labeling;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The labeling operator's metrics, registered under the operator's metric group (so the
 * Prometheus reporter exports them as e.g. {@code flink_taskmanager_job_task_operator_framesIn}).
 */
public final class LabelingMetrics {

  /** Samples kept by each histogram: a few minutes of one camera at 15 fps. */
  private static final int HISTOGRAM_WINDOW = 2048;

  public final Counter framesIn;
  public final Counter framesOut;
  public final Counter deadLetters;
  /** Milliseconds of labeler time per frame (a batch's time divided by its size). */
  final Histogram labelingMsPerFrame;
  /** Milliseconds from the frame's capture timestamp to its mask being produced. */
  final Histogram endToEndLatencyMs;
  private volatile int lastBatchSize;
  private volatile int pendingFrames;

  LabelingMetrics(MetricGroup group, DeviceAssignment device) {
    framesIn = group.counter("framesIn");
    framesOut = group.counter("framesOut");
    deadLetters = group.counter("deadLetters");
    group.meter("framesOutPerSecond", new MeterView(framesOut));
    labelingMsPerFrame = group.histogram("labelingMsPerFrame", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    endToEndLatencyMs = group.histogram("endToEndLatencyMs", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    group.gauge("batchSize", () -> lastBatchSize);
    group.gauge("pendingFrames", () -> pendingFrames);
    group.gauge("gpuIndex", device::gpuIndex);
    group.gauge("device", () -> device.device().toString());
  }

  void batchLabeled(int size, long nanos) {
    lastBatchSize = size;
    long perFrameMs = Math.round(nanos / 1e6 / size);
    for (int i = 0; i < size; i++) {
      labelingMsPerFrame.update(perFrameMs);
    }
  }

  void pending(int frames) {
    pendingFrames = frames;
  }
}
