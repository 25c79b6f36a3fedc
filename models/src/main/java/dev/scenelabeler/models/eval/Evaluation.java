package dev.scenelabeler.models.eval;

import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneMask;
import dev.scenelabeler.models.data.CamVidClasses;
import dev.scenelabeler.models.data.CamVidSplit;
import dev.scenelabeler.models.report.Progress;
import dev.scenelabeler.models.temporal.FramePosition;
import dev.scenelabeler.models.temporal.VideoSequenceLabeler;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Labels every frame of a split through the public labeler API (the same path as production) and
 * compares masks with the label maps at their native resolution.
 */
public final class Evaluation {

  private Evaluation() {}

  /** Told after each batch how many frames are scored, with the matrix so far. */
  public interface BatchListener {
    void scored(int frames, ConfusionMatrix soFar);
  }

  /**
   * Labels {@code samples} in batches and counts masks against labels, each mask at its frame's
   * size; the samples' Mats are read, not released.
   */
  public static ConfusionMatrix score(
      SceneLabeler labeler,
      List<CamVidSplit.Sample> samples,
      int batchSize,
      BatchListener listener) {
    ConfusionMatrix matrix = new ConfusionMatrix(labeler.info().labelSet());
    for (int i = 0; i < samples.size(); i += batchSize) {
      List<CamVidSplit.Sample> chunk = samples.subList(i, Math.min(samples.size(), i + batchSize));
      List<Mat> images = new ArrayList<>(chunk.size());
      chunk.forEach(s -> images.add(s.image()));
      List<SceneMask> masks = labeler.labelBatch(images);
      for (int k = 0; k < chunk.size(); k++) {
        matrix.add(truthOf(chunk.get(k)), masks.get(k).classes());
      }
      listener.scored(i + chunk.size(), matrix);
    }
    return matrix;
  }

  /**
   * Labels {@code samples} one by one in order as one video through {@code sequence} (a temporal
   * filter's state carried from frame to frame), sample k captured at {@code k * frameIntervalMs},
   * and counts masks against labels.
   */
  public static ConfusionMatrix scoreInSequence(
      VideoSequenceLabeler sequence,
      LabelSet labelSet,
      List<CamVidSplit.Sample> samples,
      double frameIntervalMs,
      BatchListener listener) {
    ConfusionMatrix matrix = new ConfusionMatrix(labelSet);
    for (int k = 0; k < samples.size(); k++) {
      CamVidSplit.Sample sample = samples.get(k);
      SceneMask mask =
          sequence.label(sample.image(), new FramePosition(k, Math.round(k * frameIntervalMs)));
      matrix.add(truthOf(sample), mask.classes());
      listener.scored(k + 1, matrix);
    }
    return matrix;
  }

  /** A sample's label map as class indices, row-major. */
  private static byte[] truthOf(CamVidSplit.Sample sample) {
    Mat labels = sample.labels();
    byte[] truth = new byte[(int) labels.total()];
    labels.get(0, 0, truth);
    return truth;
  }

  /** Checks that the model labels with the classes CamVid's label maps are mapped to. */
  static void checkLabelSet(SceneLabeler labeler) {
    LabelSet labelSet = labeler.info().labelSet();
    if (!labelSet.equals(CamVidClasses.LABEL_SET)) {
      throw new IllegalArgumentException(
          "model "
              + labeler.info().modelId()
              + " labels with "
              + labelSet
              + "; CamVid's label maps are mapped to "
              + CamVidClasses.LABEL_SET
              + ", so they cannot be compared");
    }
  }

  /**
   * @param batchSize frames per {@link SceneLabeler#labelBatch} call
   * @throws IllegalArgumentException if the model's label set is not the one CamVid is mapped to
   */
  public static EvaluationReport run(
      SceneLabeler labeler,
      CamVidSplit split,
      String dataName,
      int batchSize,
      PrintStream progress) {
    return run(labeler, split, dataName, batchSize, null, 0, progress);
  }

  /**
   * As above; with {@code sequence} not null, the frames are labeled one by one in name order as
   * one video through it, {@code frameIntervalMs} apart ({@link #scoreInSequence}).
   */
  public static EvaluationReport run(
      SceneLabeler labeler,
      CamVidSplit split,
      String dataName,
      int batchSize,
      VideoSequenceLabeler sequence,
      double frameIntervalMs,
      PrintStream progress) {
    checkLabelSet(labeler);
    List<CamVidSplit.Sample> samples = split.samples();
    Progress bar = new Progress(progress, "evaluate " + split.split(), samples.size());
    long start = System.nanoTime();
    BatchListener listener =
        (done, m) ->
            bar.update(
                done,
                String.format(
                    "pixel acc %.1f%%  mIoU(5) %.1f%%",
                    100 * m.pixelAccuracy(), 100 * m.meanIouNamed()));
    ConfusionMatrix matrix =
        sequence == null
            ? score(labeler, samples, batchSize, listener)
            : scoreInSequence(
                sequence, labeler.info().labelSet(), samples, frameIntervalMs, listener);
    bar.close();
    double secondsPerFrame = (System.nanoTime() - start) / 1e9 / Math.max(1, samples.size());
    Mat first = samples.get(0).image();
    return new EvaluationReport(
        labeler.info(),
        dataName,
        split.split(),
        samples.size(),
        first.cols(),
        first.rows(),
        matrix,
        secondsPerFrame);
  }
}
