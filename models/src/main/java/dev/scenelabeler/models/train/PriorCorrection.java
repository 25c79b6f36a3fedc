package dev.scenelabeler.models.train;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.data.CamVidClasses;
import dev.scenelabeler.models.data.CamVidSplit;
import dev.scenelabeler.models.eval.ConfusionMatrix;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Per-class offsets added to a trained network's scores, fitted on the TRAIN split: logit
 * adjustment (Menon et al., "Long-tail learning via logit adjustment", ICLR 2021). Class weights
 * and pedestrian-centred crops teach the network a pedestrian prior far above the true one (it
 * paints shop fronts and poles as pedestrians); an offset per class moves the decision boundary
 * back. Fitted by coordinate search for the highest mean IoU over the five named classes on the
 * training frames, at the network's stride-4 output against label maps sampled at the same grid;
 * val is not looked at.
 */
public final class PriorCorrection {

  private static final float STEP = 0.25f;
  private static final float RANGE = 4f;
  private static final int ROUNDS = 3;

  /** One frame's stride-4 scores (classes x h x w) and the labels on the same grid. */
  record Frame(float[] scores, byte[] labels, int pixels) {}

  private final List<Frame> frames;
  private final LabelSet labels;

  private PriorCorrection(List<Frame> frames, LabelSet labels) {
    this.frames = frames;
    this.labels = labels;
  }

  /**
   * Runs the network (any engine; the ONNX Runtime graph's {@code scores} output, or the PyTorch
   * blocks' only output) over every frame of {@code split}.
   */
  public static PriorCorrection collect(SceneModel model, CamVidSplit split)
      throws TranslateException {
    if (!model.info().labelSet().equals(CamVidClasses.LABEL_SET)) {
      throw new IllegalArgumentException(
          "model labels with "
              + model.info().labelSet()
              + ", CamVid with "
              + CamVidClasses.LABEL_SET);
    }
    List<Frame> frames = new ArrayList<>();
    int width = model.info().inputWidth();
    int height = model.info().inputHeight();
    try (Predictor<NDList, NDList> predictor = model.newRawPredictor();
        NDManager manager = NDManager.newBaseManager(model.device(), model.engine().djlName())) {
      for (CamVidSplit.Sample sample : split.samples()) {
        Mat image = sample.image();
        if (image.cols() != width || image.rows() != height) {
          throw new IllegalArgumentException(
              sample.name()
                  + " is "
                  + image.cols()
                  + "x"
                  + image.rows()
                  + ", the model's input "
                  + width
                  + "x"
                  + height);
        }
        byte[] pixels = new byte[width * height * 3];
        image.get(0, 0, pixels);
        NDArray input =
            manager.create(ByteBuffer.wrap(pixels), new Shape(1, height, width, 3), DataType.UINT8);
        input.setName("image");
        NDList out = predictor.predict(new NDList(input));
        NDArray scores = out.size() == 1 ? out.head() : out.get("scores");
        Shape s = scores.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        byte[] labels = new byte[width * height];
        sample.labels().get(0, 0, labels);
        byte[] grid = new byte[h * w];
        for (int y = 0; y < h; y++) {
          int sy = Math.min(height - 1, (int) ((y + 0.5) * height / h));
          for (int x = 0; x < w; x++) {
            grid[y * w + x] =
                labels[sy * width + Math.min(width - 1, (int) ((x + 0.5) * width / w))];
          }
        }
        frames.add(new Frame(scores.toFloatArray(), grid, h * w));
        out.close();
        input.close();
      }
    }
    return new PriorCorrection(frames, model.info().labelSet());
  }

  /** The confusion matrix with {@code offsets} added to the scores. */
  ConfusionMatrix confusion(float[] offsets) {
    int classes = offsets.length;
    ConfusionMatrix matrix = new ConfusionMatrix(labels);
    for (Frame f : frames) {
      byte[] predicted = new byte[f.pixels()];
      for (int p = 0; p < f.pixels(); p++) {
        int best = 0;
        float bestScore = f.scores()[p] + offsets[0];
        for (int c = 1; c < classes; c++) {
          float score = f.scores()[c * f.pixels() + p] + offsets[c];
          if (score > bestScore) {
            bestScore = score;
            best = c;
          }
        }
        predicted[p] = (byte) best;
      }
      matrix.add(f.labels(), predicted);
    }
    return matrix;
  }

  /**
   * Coordinate search over offsets in [-4, 4] by 0.25 for the best mIoU(5); returns the offsets.
   */
  public float[] fit(PrintStream out) {
    float[] offsets = new float[labels.size()];
    double best = confusion(offsets).meanIouNamed();
    out.printf("train mIoU(5) at stride 4 without offsets: %.1f%%%n", 100 * best);
    for (int round = 1; round <= ROUNDS; round++) {
      for (int c = 0; c < offsets.length; c++) {
        float keep = offsets[c];
        for (float v = -RANGE; v <= RANGE + 1e-6f; v += STEP) {
          offsets[c] = v;
          double score = confusion(offsets).meanIouNamed();
          if (score > best + 1e-6) {
            best = score;
            keep = v;
          }
        }
        offsets[c] = keep;
      }
      out.printf(
          "round %d: offsets %s, train mIoU(5) %.1f%%%n",
          round, Arrays.toString(offsets), 100 * best);
    }
    return offsets;
  }
}
