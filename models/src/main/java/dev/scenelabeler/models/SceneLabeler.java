package dev.scenelabeler.models;

import java.awt.image.BufferedImage;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Labels frames with one Predictor. Not thread-safe: one per thread.
 *
 * <p>API CONTRACT (implementation in progress).
 */
public final class SceneLabeler implements AutoCloseable {

  /** Labels a BGR (or grey, or BGRA) image; the mask has the image's size. The Mat is not modified or kept. */
  public SceneMask label(Mat bgr) {
    throw new UnsupportedOperationException("in progress");
  }

  public SceneMask label(BufferedImage image) {
    throw new UnsupportedOperationException("in progress");
  }

  /** Labels several frames in one forward pass; masks in input order. */
  public List<SceneMask> labelBatch(List<Mat> frames) {
    throw new UnsupportedOperationException("in progress");
  }

  public ModelInfo info() {
    throw new UnsupportedOperationException("in progress");
  }

  @Override
  public void close() {}
}
