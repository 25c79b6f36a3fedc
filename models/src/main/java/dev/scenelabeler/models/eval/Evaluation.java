package dev.scenelabeler.models.eval;

import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneMask;
import dev.scenelabeler.models.data.CamVidClasses;
import dev.scenelabeler.models.data.CamVidSplit;
import dev.scenelabeler.models.report.Progress;
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
        Mat labels = chunk.get(k).labels();
        byte[] truth = new byte[(int) labels.total()];
        labels.get(0, 0, truth);
        matrix.add(truth, masks.get(k).classes());
      }
      listener.scored(i + chunk.size(), matrix);
    }
    return matrix;
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
    checkLabelSet(labeler);
    List<CamVidSplit.Sample> samples = split.samples();
    Progress bar = new Progress(progress, "evaluate " + split.split(), samples.size());
    long start = System.nanoTime();
    ConfusionMatrix matrix =
        score(
            labeler,
            samples,
            batchSize,
            (done, m) ->
                bar.update(
                    done,
                    String.format(
                        "pixel acc %.1f%%  mIoU(5) %.1f%%",
                        100 * m.pixelAccuracy(), 100 * m.meanIouNamed())));
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
