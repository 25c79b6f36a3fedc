package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.temporal.TemporalFilterSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * What a labeling operator is told, by name: where to label, how many frames go through the model
 * at once, how long a batch waits to fill, the largest frame record and which frames are too old to
 * label. The job's options make it ({@code JobOptions#labelingSettings()}); tests name each setting
 * in the constructor.
 *
 * @param device where to label; GPUs that Flink assigns win over {@code auto}
 * @param batchSize frames per forward pass, 1 to {@link #MAX_BATCH}; {@code null} picks per device
 *     when the subtask knows where it runs ({@link #batchSizeOn})
 * @param maxWait longest a frame waits for its batch to fill; zero labels at once
 * @param maxFrameBytes larger frame records (and images) go to the dead-letter output
 * @param freshness which frames are skipped as too old to label
 * @param maxQueuedFrames most frames a subtask holds before it labels instead of taking more in;
 *     {@code null}: {@link #queueCapacity per batch size}
 * @param temporalFilter how each camera's masks are blended over time ({@link
 *     TemporalFilterSettings#off()}: every frame alone)
 */
public record LabelingSettings(
    DeviceSpec device,
    Integer batchSize,
    Duration maxWait,
    int maxFrameBytes,
    FreshnessPolicy freshness,
    Integer maxQueuedFrames,
    TemporalFilterSettings temporalFilter)
    implements Serializable {

  /** Batch size on a GPU when none is given: keeps the device busy without hurting latency much. */
  public static final int DEFAULT_GPU_BATCH = 8;

  /** Batch size on a CPU when none is given: batching buys nothing there and adds latency. */
  public static final int DEFAULT_CPU_BATCH = 1;

  public static final int MAX_BATCH = 256;

  /** The fewest frames the queue holds by default: a few seconds of a few cameras. */
  static final int MIN_QUEUE_CAPACITY = 64;

  /** Settings with the default queue bound, no temporal filter. */
  public LabelingSettings(
      DeviceSpec device,
      Integer batchSize,
      Duration maxWait,
      int maxFrameBytes,
      FreshnessPolicy freshness) {
    this(device, batchSize, maxWait, maxFrameBytes, freshness, null);
  }

  /** Settings without a temporal filter. */
  public LabelingSettings(
      DeviceSpec device,
      Integer batchSize,
      Duration maxWait,
      int maxFrameBytes,
      FreshnessPolicy freshness,
      Integer maxQueuedFrames) {
    this(
        device,
        batchSize,
        maxWait,
        maxFrameBytes,
        freshness,
        maxQueuedFrames,
        TemporalFilterSettings.off());
  }

  /** These settings with {@code filter} as the temporal filter. */
  public LabelingSettings withTemporalFilter(TemporalFilterSettings filter) {
    return new LabelingSettings(
        device, batchSize, maxWait, maxFrameBytes, freshness, maxQueuedFrames, filter);
  }

  /**
   * @throws IllegalArgumentException for a batch size below 1 or a negative wait
   */
  public LabelingSettings {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(maxWait, "maxWait");
    Objects.requireNonNull(freshness, "freshness");
    Objects.requireNonNull(temporalFilter, "temporalFilter");
    if (batchSize != null && batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("max wait must be >= 0 ms, got " + maxWait.toMillis());
    }
  }

  /** Most frames queued before intake labels a batch itself; never fewer than a batch. */
  public int queueCapacity(int batchSize) {
    return maxQueuedFrames != null
        ? Math.max(maxQueuedFrames, batchSize)
        : Math.max(MIN_QUEUE_CAPACITY, 2 * batchSize);
  }

  /** The batch size asked for, else the default for where the subtask runs. */
  public int batchSizeOn(boolean onGpu) {
    return batchSize != null ? batchSize : onGpu ? DEFAULT_GPU_BATCH : DEFAULT_CPU_BATCH;
  }
}
