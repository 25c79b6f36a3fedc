package dev.scenelabeler.models;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * Labels frames with one Predictor. Not thread-safe: one per thread (one per Flink subtask), taken
 * from {@link SceneModel#newLabeler()}.
 */
public final class SceneLabeler implements AutoCloseable {

  private final Predictor<FrameGroup, List<SceneMask>> predictor;
  private final Supplier<Predictor<FrameGroup, List<FrameScores>>> newScorePredictor;
  private final ModelInfo info;
  private final WorkingSize workingSize;
  private Predictor<FrameGroup, List<FrameScores>> scorePredictor; // on first use

  SceneLabeler(
      Predictor<FrameGroup, List<SceneMask>> predictor,
      Supplier<Predictor<FrameGroup, List<FrameScores>>> newScorePredictor,
      ModelInfo info,
      WorkingSize workingSize) {
    this.predictor = predictor;
    this.newScorePredictor = newScorePredictor;
    this.info = info;
    this.workingSize = workingSize;
  }

  /**
   * Labels one image. The image is scaled to its working size ({@link WorkingSize#resolve}: by
   * default its short side to the model's, 360 for the default model, aspect kept; shrinking is
   * anti-aliased), labeled there, and the network's scores are resized once, bilinearly, to the
   * image's size, so the mask has the image's size whatever it is. The Mat is not modified or kept.
   *
   * @param bgr 8-bit, 1 (grey), 3 (BGR) or 4 (BGRA) channels, 1x1 up to {@value
   *     FrameImages#MAX_PIXELS} pixels
   * @return a mask of {@code bgr.cols() x bgr.rows()} class indices of the model's label set
   * @throws FrameRefusedException for an empty, non-8-bit, 2-channel or oversized image
   * @throws LabelingException when the engine fails on a usable image
   */
  public SceneMask label(Mat bgr) {
    checkUsable(bgr, "");
    int[] work = workingSizeOf(bgr);
    try {
      return predictor.predict(new FrameGroup(List.of(bgr), work[0], work[1])).get(0);
    } catch (TranslateException e) {
      throw new LabelingException(
          "labeling a "
              + bgr.cols()
              + "x"
              + bgr.rows()
              + " frame at "
              + work[0]
              + "x"
              + work[1]
              + " failed",
          e);
    }
  }

  /** The frame checks, typed: a frame they reject is the frame's fault, not the engine's. */
  private static void checkUsable(Mat frame, String which) {
    try {
      FrameImages.checkUsable(frame);
    } catch (IllegalArgumentException e) {
      throw new FrameRefusedException(which + e.getMessage(), e);
    }
  }

  /** The {@code width x height} this labeler runs a frame of this size at. */
  public int[] workingSizeOf(int width, int height) {
    return workingSize.resolve(width, height, info.inputWidth(), info.inputHeight());
  }

  private int[] workingSizeOf(Mat frame) {
    return workingSizeOf(frame.cols(), frame.rows());
  }

  public WorkingSize workingSize() {
    return workingSize;
  }

  /**
   * Labels a Java image (any type ImageIO reads: RGB, ARGB, grey, indexed); as {@link #label(Mat)}.
   */
  public SceneMask label(BufferedImage image) {
    Mat mat = FrameImages.fromBufferedImage(image);
    try {
      return label(mat);
    } finally {
      mat.release();
    }
  }

  /**
   * Labels several frames, one forward pass per working size among them (frames of one shape share
   * one; ONNX Runtime and PyTorch alike); masks in input order, each of its frame's size, as {@link
   * #label(Mat)} gives. An empty list gives an empty list.
   *
   * @param frames each as {@link #label(Mat)} accepts; not modified or kept
   * @throws FrameRefusedException for an empty, non-8-bit, 2-channel or oversized frame, naming it
   *     (then no frame is labeled)
   * @throws LabelingException when the engine fails
   */
  public List<SceneMask> labelBatch(List<Mat> frames) {
    return runGrouped(predictor, frames);
  }

  /**
   * The network's stride-4 scores of several frames, before any arg-max, for a temporal filter
   * ({@link dev.scenelabeler.models.temporal.TemporalFilter}); grouped and checked as {@link
   * #labelBatch}. {@link FrameScores#toMask()} gives the mask {@link #labelBatch} would.
   */
  public List<FrameScores> scoreBatch(List<Mat> frames) {
    if (scorePredictor == null) {
      scorePredictor = newScorePredictor.get();
    }
    return runGrouped(scorePredictor, frames);
  }

  /** Runs {@code frames} through {@code engine}, one forward pass per working size among them. */
  private <O> List<O> runGrouped(Predictor<FrameGroup, List<O>> engine, List<Mat> frames) {
    if (frames.isEmpty()) {
      return List.of();
    }
    for (int i = 0; i < frames.size(); i++) {
      checkUsable(frames.get(i), "frame " + i + " of " + frames.size() + ": ");
    }
    Map<List<Integer>, List<Integer>> groups =
        new LinkedHashMap<>(); // working size -> frame indices
    for (int i = 0; i < frames.size(); i++) {
      int[] work = workingSizeOf(frames.get(i));
      groups.computeIfAbsent(List.of(work[0], work[1]), k -> new ArrayList<>()).add(i);
    }
    List<O> results = new ArrayList<>(Collections.nCopies(frames.size(), null));
    for (Map.Entry<List<Integer>, List<Integer>> group : groups.entrySet()) {
      List<Integer> indices = group.getValue();
      List<Mat> members = indices.stream().map(frames::get).toList();
      int width = group.getKey().get(0);
      int height = group.getKey().get(1);
      List<O> labeled;
      try {
        labeled = engine.predict(new FrameGroup(members, width, height));
      } catch (TranslateException e) {
        throw new LabelingException(
            "labeling a batch of "
                + members.size()
                + " frames at "
                + width
                + "x"
                + height
                + " failed",
            e);
      }
      for (int j = 0; j < indices.size(); j++) {
        results.set(indices.get(j), labeled.get(j));
      }
    }
    return results;
  }

  /**
   * Labels one grey frame of the model's input size so that the engine's first-run work (memory
   * plans, kernel choice) is not charged to the first real frame.
   */
  void warmUp(int width, int height) {
    OpenCv.load();
    Mat grey = new Mat(height, width, CvType.CV_8UC3, new Scalar(128, 128, 128));
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
    predictor.close();
    if (scorePredictor != null) {
      scorePredictor.close();
    }
  }
}
