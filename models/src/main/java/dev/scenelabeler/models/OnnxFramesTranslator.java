package dev.scenelabeler.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * A group of frames in, one {@link SceneMask} each out, for the exported graph ({@code
 * OnnxExport}), which returns the class map at the working size, each frame's confidence, and the
 * stride-4 scores. A frame of the working size takes the graph's class map as it is (CamVid's
 * 480x360 at the default working size: results as before working sizes existed); any other frame
 * gets the scores resized once, bilinearly, to its own size and arg-maxed in Java ({@link
 * ScoreResize}), as the graph would at that size.
 */
final class OnnxFramesTranslator extends FrameGroupTranslator<SceneMask> {

  private final int classCount;

  OnnxFramesTranslator(int classCount) {
    this.classCount = classCount;
  }

  @Override
  public List<SceneMask> processOutput(TranslatorContext ctx, NDList outputs) {
    FrameGroup group = group(ctx);
    NDArray labelsArray = outputs.get("labels");
    NDArray confidenceArray = outputs.get("confidence");
    NDArray scoresArray = outputs.get("scores");
    float[] confidence =
        (confidenceArray != null ? confidenceArray : outputs.get(1)).toFloatArray();
    byte[] labels = null; // copied out only when a frame has the working size
    float[] scores = null; // copied out only when one does not
    int pixels = group.workWidth() * group.workHeight();
    List<SceneMask> masks = new ArrayList<>(group.frames().size());
    for (int i = 0; i < group.frames().size(); i++) {
      Mat frame = group.frames().get(i);
      if (group.isWorkingSize(frame.cols(), frame.rows())) {
        labels =
            labels != null
                ? labels
                : (labelsArray != null ? labelsArray : outputs.get(0)).toByteArray();
        byte[] classes = new byte[pixels];
        System.arraycopy(labels, i * pixels, classes, 0, pixels);
        masks.add(SceneMask.of(frame.cols(), frame.rows(), classes, classCount, confidence[i]));
      } else {
        NDArray s = scoresArray != null ? scoresArray : outputs.get(2);
        scores = scores != null ? scores : s.toFloatArray();
        masks.add(
            group.maskFromScores(
                i,
                scores,
                classCount,
                (int) s.getShape().get(3),
                (int) s.getShape().get(2),
                confidence[i]));
      }
    }
    return masks;
  }
}
