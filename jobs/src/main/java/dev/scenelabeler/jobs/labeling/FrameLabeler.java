package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.models.FrameRefusedException;
import dev.scenelabeler.models.FrameScores;
import dev.scenelabeler.models.ModelInfo;
import dev.scenelabeler.models.SceneMask;
import java.util.List;
import org.opencv.core.Mat;

/**
 * What the labeling operator needs from a labeler: masks for a batch of decoded frames, and the
 * model's identity for the mask records. Production wraps {@link
 * dev.scenelabeler.models.SceneLabeler}; tests plug in deterministic or failing ones. Used by one
 * thread; closed once.
 */
public interface FrameLabeler extends AutoCloseable {

  /**
   * Labels frames in one pass, any mix of sizes; masks in input order, each the size of its frame.
   *
   * @throws FrameRefusedException when a frame cannot be labeled (empty, wrong depth, too big);
   *     then no frame is labeled. Any other exception is the labeler's own failure: the job fails
   *     and Flink restarts it, rather than turning good frames into dead letters.
   */
  List<SceneMask> labelBatch(List<Mat> frames);

  /**
   * The frames' stride-4 scores, for the temporal filter ({@code SceneLabeler#scoreBatch}); as
   * {@link #labelBatch} refuses frames. Labelers without scores (some test fakes) keep this
   * default: they can only run with the filter off.
   */
  default List<FrameScores> scoreBatch(List<Mat> frames) {
    throw new UnsupportedOperationException(
        "this labeler gives no scores: run it with the temporal filter off");
  }

  ModelInfo info();

  @Override
  void close();
}
