package dev.scenelabeler.models.eval;

import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.data.CamVidSplit;
import dev.scenelabeler.models.data.CamVidSplit.Sample;
import dev.scenelabeler.models.eval.Corruptions.Condition;
import dev.scenelabeler.models.report.Progress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Scores a labeler on a labelled split clean and under every {@link Corruptions} condition, each
 * frame changed on the fly (never stored), through the public labeler API as production runs it.
 */
public final class RobustnessBenchmark {

  private RobustnessBenchmark() {}

  /**
   * @param conditions which conditions to run (e.g. {@link Corruptions#all()})
   * @param batchSize frames per forward pass
   */
  public static RobustnessReport run(
      SceneLabeler labeler,
      CamVidSplit split,
      List<Condition> conditions,
      int batchSize,
      PrintStream progress) {
    Evaluation.checkLabelSet(labeler);
    List<Sample> samples = split.samples();
    Progress cleanBar =
        new Progress(progress, "robustness: clean " + split.split(), samples.size());
    ConfusionMatrix clean =
        Evaluation.score(labeler, samples, batchSize, (done, m) -> cleanBar.update(done, ""));
    cleanBar.close();
    List<RobustnessReport.ConditionScore> scores = new ArrayList<>();
    for (int c = 0; c < conditions.size(); c++) {
      Condition condition = conditions.get(c);
      Progress bar = new Progress(progress, "robustness: " + condition.label(), samples.size());
      ConfusionMatrix matrix = new ConfusionMatrix(labeler.info().labelSet());
      for (int i = 0; i < samples.size(); i += batchSize) {
        List<Sample> changed = new ArrayList<>();
        for (int k = i; k < Math.min(samples.size(), i + batchSize); k++) {
          // Seeded by condition and frame: the same run twice changes every frame the same way (two
          // conditions may share a seed; they draw different changes from it).
          changed.add(condition.transform().apply(samples.get(k), new Random(1_000_003L * c + k)));
        }
        try {
          matrix.add(Evaluation.score(labeler, changed, changed.size(), (done, m) -> {}));
        } finally {
          for (int k = 0; k < changed.size(); k++) {
            release(changed.get(k), samples.get(i + k));
          }
        }
        bar.update(Math.min(samples.size(), i + batchSize), "");
      }
      bar.close();
      scores.add(
          new RobustnessReport.ConditionScore(
              condition.family(), condition.name(), condition.severity(), matrix));
    }
    return new RobustnessReport(
        labeler.info(), split.split(), samples.size(), clean, List.copyOf(scores));
  }

  /** Releases what a transform made, never the original sample's Mats. */
  private static void release(Sample changed, Sample original) {
    if (changed.image() != original.image()) {
      changed.image().release();
    }
    if (changed.labels() != original.labels()) {
      changed.labels().release();
    }
  }
}
