package dev.scenelabeler.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.opencv.core.Mat;

/**
 * A group of frames in, each frame's stride-4 scores out ({@link FrameScores}), for either engine:
 * the exported graph names them {@code scores} (its third output), the PyTorch network returns
 * nothing else.
 */
final class FrameScoresTranslator extends FrameGroupTranslator<FrameScores> {

  private static final String GREY = "greyAtGrid";

  /** The network's output stride: its scores are a cell per 4x4 pixels of the working size. */
  static final int SCORE_STRIDE = 4;

  /** Each frame in grey at the score grid (the working size / 4), from its network input. */
  @Override
  void inputReady(TranslatorContext ctx, int frameIndex, Mat workingSizeBgr) {
    byte[][] greys = (byte[][]) ctx.getAttachment(GREY);
    if (greys == null) {
      greys = new byte[group(ctx).frames().size()][];
      ctx.setAttachment(GREY, greys);
    }
    greys[frameIndex] =
        FrameScores.greyAtGrid(
            workingSizeBgr,
            workingSizeBgr.cols() / SCORE_STRIDE,
            workingSizeBgr.rows() / SCORE_STRIDE);
  }

  @Override
  public List<FrameScores> processOutput(TranslatorContext ctx, NDList outputs) {
    FrameGroup group = group(ctx);
    NDArray scores = outputs.size() == 1 ? outputs.get(0) : outputs.get("scores");
    if (scores == null) {
      scores = outputs.get(2);
    }
    int classes = (int) scores.getShape().get(1);
    int height = (int) scores.getShape().get(2);
    int width = (int) scores.getShape().get(3);
    int perFrame = classes * width * height;
    float[] values = scores.toFloatArray();
    byte[][] greys = (byte[][]) ctx.getAttachment(GREY);
    List<FrameScores> out = new ArrayList<>(group.frames().size());
    for (int i = 0; i < group.frames().size(); i++) {
      Mat frame = group.frames().get(i);
      float[] own = Arrays.copyOfRange(values, i * perFrame, (i + 1) * perFrame);
      byte[] grey = greys[i];
      if (grey.length != width * height) { // not the grid the scores have: area-average again
        grey = FrameScores.greyAtGrid(frame, width, height);
      }
      out.add(new FrameScores(frame.cols(), frame.rows(), classes, width, height, own, grey));
    }
    return out;
  }
}
