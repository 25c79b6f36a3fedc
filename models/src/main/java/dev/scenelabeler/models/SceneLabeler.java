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

  /** Labels one frame on an engine's Predictor. */
  interface OneFrame {
    SceneMask label(Mat frame) throws TranslateException;
  }

  /** Labels a batch of frames on an engine's Predictor. */
  interface ManyFrames {
    List<SceneMask> label(List<Mat> frames) throws TranslateException;
  }

  /**
   * The engine-specific part: how frames reach the Predictor, one at a time (PyTorch) or as a
   * batch (ONNX Runtime), and how it is closed.
   */
  record Frames(OneFrame one, ManyFrames batch, Runnable close) {}

  private final Frames frames;
  private final ModelInfo info;

  SceneLabeler(Frames frames, ModelInfo info) {
    this.frames = frames;
    this.info = info;
  }

  static Frames perFrame(Predictor<Mat, SceneMask> predictor) {
    return new Frames(predictor::predict, predictor::batchPredict, predictor::close);
  }

  static Frames batched(Predictor<List<Mat>, List<SceneMask>> predictor) {
    return new Frames(frame -> predictor.predict(List.of(frame)).get(0), predictor::predict, predictor::close);
  }

  /**
   * Labels one image. The image is scaled (bilinear) to the model's input size ({@link
   * ModelInfo#inputWidth()} x {@link ModelInfo#inputHeight()}, 480x360 for the default model), and
   * the class map scaled back, so the mask has the image's size whatever it is. The Mat is not
   * modified or kept.
   *
   * @param bgr 8-bit, 1 (grey), 3 (BGR) or 4 (BGRA) channels, 1x1 up to {@value FrameImages#MAX_PIXELS} pixels
   * @return a mask of {@code bgr.cols() x bgr.rows()} class indices of the model's label set
   * @throws IllegalArgumentException for an empty, non-8-bit, 2-channel or oversized image
   * @throws LabelingException when the engine fails on a usable image
   */
  public SceneMask label(Mat bgr) {
    FrameImages.checkUsable(bgr);
    try {
      return frames.one().label(bgr);
    } catch (TranslateException e) {
      throw new LabelingException("labeling a " + bgr.cols() + "x" + bgr.rows() + " frame failed", e);
    }
  }

  /** Labels a Java image (any type ImageIO reads: RGB, ARGB, grey, indexed); as {@link #label(Mat)}. */
  public SceneMask label(BufferedImage image) {
    Mat mat = FrameImages.fromBufferedImage(image);
    try {
      return label(mat);
    } finally {
      mat.release();
    }
  }

  /**
   * Labels several frames in one forward pass of batch size {@code frames.size()} (ONNX Runtime;
   * the PyTorch engine runs them one after another); masks in input order, each of its frame's
   * size. Frames may differ in size: each is scaled to the model's input size, as in {@link
   * #label(Mat)}. An empty list gives an empty list.
   *
   * @param frames each as {@link #label(Mat)} accepts; not modified or kept
   * @throws IllegalArgumentException for an empty, non-8-bit, 2-channel or oversized frame,
   *     naming it (then no frame is labeled)
   * @throws LabelingException when the engine fails
   */
  public List<SceneMask> labelBatch(List<Mat> frames) {
    if (frames.isEmpty()) {
      return List.of();
    }
    frames.forEach(FrameImages::checkUsable);
    try {
      return this.frames.batch().label(frames);
    } catch (TranslateException e) {
      throw new LabelingException("labeling a batch of " + frames.size() + " frames failed", e);
    }
  }

  /**
   * Labels one grey frame of the model's input size so that the engine's first-run work (memory
   * plans, kernel choice) is not charged to the first real frame.
   */
  void warmUp(int width, int height) {
    OpenCv.load();
    Mat grey = new Mat(height, width, org.opencv.core.CvType.CV_8UC3, new org.opencv.core.Scalar(128, 128, 128));
    try {
      label(grey);
    } finally {
      grey.release();
    }
  }

  public ModelInfo info() {
    return info;
  }

  @Override
  public void close() {
    frames.close().run();
  }
}
