package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.models.temporal.TemporalFilter;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The labeling operator's metrics, registered under the operator's metric group (so the Prometheus
 * reporter exports them as e.g. {@code flink_taskmanager_job_task_operator_framesIn}), and per
 * camera under {@code camera.<id>} (Prometheus: label {@code camera="<id>"}). Per camera and in
 * total: framesIn = framesLabeled + framesSkipped + deadLetters once the queue is empty. Used from
 * the task thread only.
 */
public final class LabelingMetrics {

  /** Samples kept by each histogram: a few minutes of one camera at 15 fps. */
  private static final int HISTOGRAM_WINDOW = 2048;

  private final MetricGroup group;
  public final Counter framesIn;

  /** Masks emitted (named framesOut before cameras were counted apart; kept for dashboards). */
  public final Counter framesOut;

  public final Counter framesSkipped;
  public final Counter deadLetters;

  /**
   * Frames the temporal filter blended with their camera's history, and frames it labeled alone (a
   * camera's first frame, a gap, a restart, a size change, a scene cut, a late frame).
   */
  public final Counter framesFiltered;

  public final Counter framesUnfiltered;

  /** Milliseconds of labeler time per frame (a batch's time divided by its size). */
  final Histogram labelingMsPerFrame;

  /** Milliseconds from the frame's capture timestamp to its mask being produced. */
  final Histogram endToEndLatencyMs;

  private final Map<String, Camera> cameras = new HashMap<>();
  private volatile int lastBatchSize;
  private volatile int queuedFrames;

  LabelingMetrics(MetricGroup group, DeviceAssignment device) {
    this.group = group;
    framesIn = group.counter("framesIn");
    framesOut = group.counter("framesOut");
    framesSkipped = group.counter("framesSkipped");
    deadLetters = group.counter("deadLetters");
    framesFiltered = group.counter("framesFiltered");
    framesUnfiltered = group.counter("framesUnfiltered");
    group.meter("framesOutPerSecond", new MeterView(framesOut));
    group.meter("framesSkippedPerSecond", new MeterView(framesSkipped));
    labelingMsPerFrame =
        group.histogram("labelingMsPerFrame", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    endToEndLatencyMs =
        group.histogram("endToEndLatencyMs", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    group.gauge("batchSize", () -> lastBatchSize);
    group.gauge("pendingFrames", () -> queuedFrames);
    group.gauge("gpuIndex", device::gpuIndex);
    group.gauge("device", () -> device.device().toString());
  }

  /** The counters of one camera, registered on first use. */
  Camera camera(String id) {
    return cameras.computeIfAbsent(id, c -> new Camera(c, group.addGroup("camera", c), this));
  }

  void temporalOutcome(TemporalFilter.Outcome outcome) {
    (outcome.filtered() ? framesFiltered : framesUnfiltered).inc();
  }

  void batchLabeled(int size, long nanos) {
    lastBatchSize = size;
    long perFrameMs = Math.round(nanos / 1e6 / size);
    for (int i = 0; i < size; i++) {
      labelingMsPerFrame.update(perFrameMs);
    }
  }

  void queued(int frames) {
    queuedFrames = frames;
  }

  /** One camera's counts; each also counts in the operator's total. */
  static final class Camera {
    final String id;
    final Counter framesIn;
    final Counter framesLabeled;
    final Counter framesSkipped;
    final Counter deadLetters;

    private Camera(String id, MetricGroup group, LabelingMetrics total) {
      this.id = id;
      framesIn = group.counter("framesIn", new Summing(total.framesIn));
      framesLabeled = group.counter("framesLabeled", new Summing(total.framesOut));
      framesSkipped = group.counter("framesSkipped", new Summing(total.framesSkipped));
      deadLetters = group.counter("deadLetters", new Summing(total.deadLetters));
    }
  }

  /** A counter that also counts in a total. */
  private static final class Summing extends SimpleCounter {
    private final Counter total;

    Summing(Counter total) {
      this.total = total;
    }

    @Override
    public void inc() {
      super.inc();
      total.inc();
    }

    @Override
    public void inc(long n) {
      super.inc(n);
      total.inc(n);
    }

    @Override
    public void dec() {
      super.dec();
      total.dec();
    }

    @Override
    public void dec(long n) {
      super.dec(n);
      total.dec(n);
    }
  }
}
