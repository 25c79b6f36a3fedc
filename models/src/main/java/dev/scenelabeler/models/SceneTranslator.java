package dev.scenelabeler.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The PyTorch engine's translator, a group of frames in, one {@link SceneMask} each out, as {@link
 * OnnxFramesTranslator} does for the ONNX graph: the frames at the working size in one (N, H, W, 3)
 * BGR byte batch (colour conversion and normalisation run inside the network); the confidence (mean
 * top softmax probability) on the scores as the network gives them; the scores resized once,
 * bilinearly, to each frame's size and arg-maxed ({@link ScoreResize}), copied out as plain Java
 * data so no native memory outlives the call.
 */
final class SceneTranslator extends FrameGroupTranslator<SceneMask> {

  @Override
  public List<SceneMask> processOutput(TranslatorContext ctx, NDList list) {
    FrameGroup group = group(ctx);
    NDArray scores = list.singletonOrThrow(); // (N, classes, h, w)
    int classes = (int) scores.getShape().get(1);
    int height = (int) scores.getShape().get(2);
    int width = (int) scores.getShape().get(3);
    // Confidence at the network's own resolution: a softmax over every frame pixel would cost
    // more than the rest of the post-processing and change the mean by little.
    float[] confidence =
        scores
            .softmax(1)
            .max(new int[] {1})
            .reshape(scores.getShape().get(0), -1)
            .mean(new int[] {1})
            .toFloatArray();
    float[] values = scores.toFloatArray();
    List<SceneMask> masks = new ArrayList<>(group.frames().size());
    for (int i = 0; i < group.frames().size(); i++) {
      masks.add(group.maskFromScores(i, values, classes, width, height, confidence[i]));
    }
    return masks;
  }
}
