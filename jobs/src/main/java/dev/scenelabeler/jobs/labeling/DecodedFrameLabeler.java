package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.FrameRefusedException;
import dev.scenelabeler.models.FrameScores;
import dev.scenelabeler.models.ModelInfo;
import dev.scenelabeler.models.SceneMask;
import dev.scenelabeler.models.temporal.TemporalFilter;
import dev.scenelabeler.models.temporal.TemporalFilterSettings;
import dev.scenelabeler.models.temporal.TemporalState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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
  private final TemporalFilter filter; // null: off

  DecodedFrameLabeler(
      FrameLabeler labeler,
      LabelingMetrics metrics,
      int batchSize,
      TemporalFilterSettings temporalFilter) {
    this.labeler = labeler;
    this.metrics = metrics;
    this.batchSize = batchSize;
    this.filter =
        temporalFilter.isOff()
            ? null
            : new TemporalFilter(temporalFilter, labeler.info().labelSet());
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
        "Labeling subtask {} on {}: {}; {}; batch {}; temporal filter {}",
        subtask,
        device.device(),
        device.reason(),
        factory.describe(),
        batchSize,
        settings.temporalFilter());
    FrameLabeler labeler = factory.open(device.device());
    // The GPU Flink's external resources offer this subtask (-1: none); gpuIndex says if it is
    // used.
    int offeredGpu = flinkGpus.isEmpty() ? -1 : flinkGpus.get(subtask % flinkGpus.size());
    metricGroup.gauge("flinkGpuIndex", () -> offeredGpu);
    return new DecodedFrameLabeler(
        labeler, new LabelingMetrics(metricGroup, device), batchSize, settings.temporalFilter());
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
   * frame, in input order, each frame alone. When the labeler refuses the batch, each frame is
   * labeled alone, so only the frames it refuses lose their mask. The Mats stay the caller's.
   *
   * @throws IllegalStateException when the labeler breaks its contract (wrong result count)
   */
  public List<Outcome> label(List<Mat> frames) {
    List<Passed<SceneMask>> passed = inOnePass(frames, labeler::labelBatch);
    List<Outcome> outcomes = new ArrayList<>(passed.size());
    passed.forEach(p -> outcomes.add(new Outcome(p.result(), p.ms(), p.refused(), false)));
    return outcomes;
  }

  /**
   * As {@link #label}, then, with the temporal filter on, each frame blended with its camera's
   * history in input order (so two frames of one camera in a batch follow each other), each
   * camera's state read from and written back to {@code histories}. With the filter off, exactly
   * {@link #label}. A frame's labeling time includes its filtering.
   */
  public List<Outcome> labelInSequence(List<SequencedFrame> frames, CameraHistories histories) {
    List<Mat> images = frames.stream().map(SequencedFrame::bgr).toList();
    if (filter == null) {
      return label(images);
    }
    List<Passed<FrameScores>> passed = inOnePass(images, labeler::scoreBatch);
    List<Outcome> outcomes = new ArrayList<>(passed.size());
    for (int i = 0; i < passed.size(); i++) {
      Passed<FrameScores> p = passed.get(i);
      if (p.refused() != null) {
        outcomes.add(new Outcome(null, 0, p.refused(), false));
        continue;
      }
      long start = System.nanoTime();
      SequencedFrame frame = frames.get(i);
      TemporalState previous = histories.get(frame.camera());
      TemporalFilter.Step step = filter.apply(p.result(), frame.position(), previous);
      if (step.state() != previous) {
        histories.put(frame.camera(), step.state());
      }
      metrics.temporalOutcome(step.outcome());
      double filterMs = (System.nanoTime() - start) / 1e6;
      outcomes.add(new Outcome(step.mask(), p.ms() + filterMs, null, step.outcome().filtered()));
    }
    return outcomes;
  }

  /** One frame's result of a pass, or why the labeler refused it, and its share of the time. */
  private record Passed<R>(R result, double ms, FrameRefusedException refused) {}

  /**
   * Runs {@code frames} through {@code pass} at once; if the labeler refuses the batch, each frame
   * alone, so only the frames it refuses lose their result.
   */
  private <R> List<Passed<R>> inOnePass(List<Mat> frames, Function<List<Mat>, List<R>> pass) {
    if (frames.isEmpty()) {
      return List.of();
    }
    long start = System.nanoTime();
    List<R> results;
    try {
      results = pass.apply(frames);
    } catch (FrameRefusedException batchRefused) {
      return oneByOne(frames, pass); // find the frames that spoiled it, keep the others
    }
    long nanos = System.nanoTime() - start;
    metrics.batchLabeled(frames.size(), nanos);
    if (results.size() != frames.size()) {
      throw new IllegalStateException(
          "labeler returned " + results.size() + " results for " + frames.size() + " frames");
    }
    double msPerFrame = nanos / 1e6 / frames.size();
    List<Passed<R>> passed = new ArrayList<>(frames.size());
    results.forEach(r -> passed.add(new Passed<>(r, msPerFrame, null)));
    return passed;
  }

  private <R> List<Passed<R>> oneByOne(List<Mat> frames, Function<List<Mat>, List<R>> pass) {
    List<Passed<R>> passed = new ArrayList<>(frames.size());
    for (Mat frame : frames) {
      long start = System.nanoTime();
      try {
        R result = pass.apply(List.of(frame)).get(0);
        long nanos = System.nanoTime() - start;
        metrics.batchLabeled(1, nanos);
        passed.add(new Passed<>(result, nanos / 1e6, null));
      } catch (FrameRefusedException refused) {
        passed.add(new Passed<>(null, 0, refused));
      }
    }
    return passed;
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
   * @param filtered whether the temporal filter blended the mask with its camera's history
   */
  public record Outcome(
      SceneMask mask, double labelingMs, FrameRefusedException refused, boolean filtered) {}
}
