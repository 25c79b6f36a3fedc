package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.FrameRefusedException;
import dev.scenelabeler.models.ModelInfo;
import dev.scenelabeler.models.SceneMask;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.MetricGroup;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labeling core both jobs share, the only code that calls a {@link FrameLabeler}: the streaming
 * operator ({@link LabelFramesOperator}, frames from Kafka records) and the batch one (frames
 * decoded from files). It picks a subtask's device, opens the labeler there, registers the metrics
 * and labels batches of BGR Mats in one pass each (the labeler takes mixed sizes). A frame the
 * labeler refuses ({@link FrameRefusedException}) spoils only itself; any other failure propagates,
 * so Flink restarts the job. Callers count their own frames in and out ({@link #metrics()}); this
 * class times the passes. Used by one thread; closed once.
 */
public final class DecodedFrameLabeler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DecodedFrameLabeler.class);

  private final FrameLabeler labeler;
  private final LabelingMetrics metrics;
  private final int batchSize;

  DecodedFrameLabeler(FrameLabeler labeler, LabelingMetrics metrics, int batchSize) {
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
  public static DecodedFrameLabeler open(
      LabelerFactory factory,
      LabelingSettings settings,
      RuntimeContext context,
      MetricGroup metricGroup) {
    DeviceSpec requested = settings.device();
    int subtask = context.getTaskInfo().getIndexOfThisSubtask();
    List<Integer> flinkGpus =
        DeviceAssignment.gpuIndices(
            context.getExternalResourceInfos(DeviceAssignment.GPU_RESOURCE));
    DeviceAssignment device =
        DeviceAssignment.choose(
            requested,
            flinkGpus,
            requested.kind() == DeviceSpec.Kind.CPU ? 0 : factory.engineGpuCount(),
            subtask);
    int batchSize = settings.batchSizeOn(device.onGpu());
    LOG.info(
        "Labeling subtask {} on {}: {}; {}; batch {}",
        subtask,
        device.device(),
        device.reason(),
        factory.describe(),
        batchSize);
    FrameLabeler labeler = factory.open(device.device());
    // The GPU Flink's external resources offer this subtask (-1: none); gpuIndex says if it is
    // used.
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
   * Labels {@code frames} (8-bit BGR, any mix of sizes) in one pass and gives one outcome per
   * frame, in input order. When the labeler refuses the batch, each frame is labeled alone, so only
   * the frames it refuses lose their mask. The Mats stay the caller's.
   *
   * @throws IllegalStateException when the labeler breaks its contract (wrong mask count)
   */
  public List<Outcome> label(List<Mat> frames) {
    if (frames.isEmpty()) {
      return List.of();
    }
    long start = System.nanoTime();
    List<SceneMask> masks;
    try {
      masks = labeler.labelBatch(frames);
    } catch (FrameRefusedException batchRefused) {
      return labelOneByOne(frames); // find the frames that spoiled it, keep the others
    }
    long nanos = System.nanoTime() - start;
    metrics.batchLabeled(frames.size(), nanos);
    if (masks.size() != frames.size()) {
      throw new IllegalStateException(
          "labeler returned " + masks.size() + " masks for " + frames.size() + " frames");
    }
    double msPerFrame = nanos / 1e6 / frames.size();
    List<Outcome> outcomes = new ArrayList<>(frames.size());
    masks.forEach(mask -> outcomes.add(new Outcome(mask, msPerFrame, null)));
    return outcomes;
  }

  private List<Outcome> labelOneByOne(List<Mat> frames) {
    List<Outcome> outcomes = new ArrayList<>(frames.size());
    for (Mat frame : frames) {
      long start = System.nanoTime();
      try {
        SceneMask mask = labeler.labelBatch(List.of(frame)).get(0);
        long nanos = System.nanoTime() - start;
        metrics.batchLabeled(1, nanos);
        outcomes.add(new Outcome(mask, nanos / 1e6, null));
      } catch (FrameRefusedException refused) {
        outcomes.add(new Outcome(null, 0, refused));
      }
    }
    return outcomes;
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
  public record Outcome(SceneMask mask, double labelingMs, FrameRefusedException refused) {}
}
