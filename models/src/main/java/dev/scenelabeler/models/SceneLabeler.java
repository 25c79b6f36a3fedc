package dev.scenelabeler.models;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.awt.image.BufferedImage;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Labels frames with one Predictor. Not thread-safe: one per thread (one per Flink subtask),
 * taken from {@link SceneModel#newLabeler()}.
 */
public final class SceneLabeler implements AutoCloseable {

  private final Predictor<Mat, SceneMask> predictor;
  private final ModelInfo info;

  SceneLabeler(Predictor<Mat, SceneMask> predictor, ModelInfo info) {
    this.predictor = predictor;
    this.info = info;
  }

  /**
   * Labels a BGR (or grey, or BGRA) 8-bit image; the mask has the image's size. The Mat is not
   * modified or kept.
   *
   * @throws IllegalArgumentException for an empty, non-8-bit or oversized image
   */
  public SceneMask label(Mat bgr) {
    FrameImages.checkUsable(bgr);
    try {
      return predictor.predict(bgr);
    } catch (TranslateException e) {
      throw new LabelingException("labeling a " + bgr.cols() + "x" + bgr.rows() + " frame failed", e);
    }
  }

  public SceneMask label(BufferedImage image) {
    Mat mat = FrameImages.fromBufferedImage(image);
    try {
      return label(mat);
    } finally {
      mat.release();
    }
  }

  /** Labels several frames in one forward pass; masks in input order. */
  public List<SceneMask> labelBatch(List<Mat> frames) {
    if (frames.isEmpty()) {
      return List.of();
    }
    frames.forEach(FrameImages::checkUsable);
    try {
      return predictor.batchPredict(frames);
    } catch (TranslateException e) {
      throw new LabelingException("labeling a batch of " + frames.size() + " frames failed", e);
    }
  }

  public ModelInfo info() {
    return info;
  }

  @Override
  public void close() {
    predictor.close();
  }
}
