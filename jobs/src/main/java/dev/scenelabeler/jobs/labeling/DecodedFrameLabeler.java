package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.ModelInfo;
import dev.scenelabeler.models.SceneMask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.MetricGroup;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labeling at the level of decoded frames, the part the streaming job (frames from Kafka
 * records) and the batch job (frames decoded from files) share: which device a subtask takes,
 * the labeler on it, its metrics, and batches of BGR Mats labeled in forward passes of one size
 * each. A frame the labeler refuses spoils only itself. Callers count their own frames in and out
 * ({@link #metrics()}); this class times the passes. Used by one thread; closed once.
 */
public final class DecodedFrameLabeler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DecodedFrameLabeler.class);

  private final FrameLabeler labeler;
  private final LabelingMetrics metrics;
  private final int batchSize;

  private DecodedFrameLabeler(FrameLabeler labeler, LabelingMetrics metrics, int batchSize) {
    this.labeler = labeler;
    this.metrics = metrics;
    this.batchSize = batchSize;
  }

  /**
   * Picks this subtask's device ({@link DeviceAssignment}), loads the labeler on it and registers
   * the labeling metrics under {@code metricGroup}.
   *
   * @param settings the device and batch size asked for
   */
  public static DecodedFrameLabeler open(LabelerFactory factory, LabelingSettings settings,
      RuntimeContext context, MetricGroup metricGroup) {
    DeviceSpec requested = settings.device();
    int subtask = context.getTaskInfo().getIndexOfThisSubtask();
    List<Integer> flinkGpus = DeviceAssignment.gpuIndices(context.getExternalResourceInfos(DeviceAssignment.GPU_RESOURCE));
    DeviceAssignment device = DeviceAssignment.choose(requested, flinkGpus,
        requested.kind() == DeviceSpec.Kind.CPU ? 0 : factory.engineGpuCount(), subtask);
    int batchSize = settings.batchSizeOn(device.onGpu());
    LOG.info("Labeling subtask {} on {}: {}; {}; batch {}", subtask, device.device(), device.reason(),
        factory.describe(), batchSize);
    FrameLabeler labeler = factory.open(device.device());
    // The GPU Flink's external resources offer this subtask (-1: none); gpuIndex says if it is used.
    int offeredGpu = flinkGpus.isEmpty() ? -1 : flinkGpus.get(subtask % flinkGpus.size());
    metricGroup.gauge("flinkGpuIndex", () -> offeredGpu);
    return new DecodedFrameLabeler(labeler, new LabelingMetrics(metricGroup, device), batchSize);
  }

  /** The labeling metrics of this subtask (frames in and out are the caller's to count). */
  public LabelingMetrics metrics() {
    return metrics;
  }

  public int batchSize() {
    return batchSize;
  }

  public ModelInfo info() {
    return labeler.info();
  }

  /**
   * Labels {@code frames} (8-bit BGR, any mix of sizes) and gives one outcome per frame, in
   * input order. The Mats stay the caller's.
   *
   * @throws IllegalStateException when the labeler breaks its contract (wrong mask count)
   */
  public List<Outcome> label(List<Mat> frames) {
    Outcome[] outcomes = new Outcome[frames.size()];
    Map<Long, List<Integer>> bySize = new LinkedHashMap<>(); // frames of different sizes cannot share a pass
    for (int i = 0; i < frames.size(); i++) {
      Mat frame = frames.get(i);
      bySize.computeIfAbsent((long) frame.cols() << 32 | frame.rows(), k -> new ArrayList<>()).add(i);
    }
    for (List<Integer> group : bySize.values()) {
      labelGroup(frames, group, outcomes);
    }
    return List.of(outcomes);
  }

  private void labelGroup(List<Mat> frames, List<Integer> group, Outcome[] outcomes) {
    List<Mat> images = new ArrayList<>(group.size());
    group.forEach(i -> images.add(frames.get(i)));
    long start = System.nanoTime();
    List<SceneMask> masks;
    try {
      masks = labeler.labelBatch(images);
    } catch (IllegalArgumentException batchRefused) {
      labelOneByOne(frames, group, outcomes); // find the frame that spoiled it, keep the others
      return;
    }
    long nanos = System.nanoTime() - start;
    metrics.batchLabeled(group.size(), nanos);
    if (masks.size() != group.size()) {
      throw new IllegalStateException("labeler returned " + masks.size() + " masks for " + group.size() + " frames");
    }
    double msPerFrame = nanos / 1e6 / group.size();
    for (int k = 0; k < group.size(); k++) {
      outcomes[group.get(k)] = new Outcome(masks.get(k), msPerFrame, null);
    }
  }

  private void labelOneByOne(List<Mat> frames, List<Integer> group, Outcome[] outcomes) {
    for (int i : group) {
      long start = System.nanoTime();
      try {
        SceneMask mask = labeler.labelBatch(List.of(frames.get(i))).get(0);
        long nanos = System.nanoTime() - start;
        metrics.batchLabeled(1, nanos);
        outcomes[i] = new Outcome(mask, nanos / 1e6, null);
      } catch (IllegalArgumentException refused) {
        outcomes[i] = new Outcome(null, 0, refused);
      }
    }
  }

  @Override
  public void close() {
    labeler.close();
  }

  /**
   * What became of one frame.
   *
   * @param mask the frame's mask, the frame's size; null if refused
   * @param labelingMs labeler wall-clock time for this frame (its batch's time divided by its size)
   * @param refused why the labeler refused the frame; null if labeled
   */
  public record Outcome(SceneMask mask, double labelingMs, IllegalArgumentException refused) {}
}
