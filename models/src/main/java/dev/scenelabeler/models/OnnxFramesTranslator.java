package dev.scenelabeler.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * A batch of Mats in, one {@link SceneMask} each out, for the exported graph ({@code OnnxExport}):
 * the frames are scaled to the model's input size into ONE uint8 (N, H, W, 3) buffer (no stacking
 * on the engine), and the graph returns the class map at that size with each frame's confidence.
 * A class map is scaled to its frame's size by nearest neighbour only where the frame differs.
 */
final class OnnxFramesTranslator implements Translator<List<Mat>, List<SceneMask>> {

  private static final String SIZES = "frameSizes";

  private final int inputWidth;
  private final int inputHeight;
  private final int classCount;

  OnnxFramesTranslator(int inputWidth, int inputHeight, int classCount) {
    this.classCount = classCount;
    this.inputWidth = inputWidth;
    this.inputHeight = inputHeight;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, List<Mat> frames) {
    int frameBytes = inputWidth * inputHeight * 3;
    byte[] pixels = new byte[frames.size() * frameBytes];
    // A single frame (the streaming default) is copied straight into the input; a batch goes
    // through one frame-sized buffer, as Mat.get cannot write at an offset.
    byte[] one = frames.size() == 1 ? pixels : new byte[frameBytes];
    int[][] sizes = new int[frames.size()][];
    for (int i = 0; i < frames.size(); i++) {
      Mat frame = frames.get(i);
      sizes[i] = new int[] {frame.cols(), frame.rows()};
      Mat input = isInputAlready(frame) ? frame : FrameImages.toNetworkInput(frame, inputWidth, inputHeight);
      input.get(0, 0, one);
      if (one != pixels) {
        System.arraycopy(one, 0, pixels, i * frameBytes, frameBytes);
      }
      if (input != frame) {
        input.release();
      }
    }
    ctx.setAttachment(SIZES, sizes);
    NDArray image = ctx.getNDManager().create(ByteBuffer.wrap(pixels),
        new Shape(frames.size(), inputHeight, inputWidth, 3), DataType.UINT8);
    image.setName("image");
    return new NDList(image);
  }

  private boolean isInputAlready(Mat frame) {
    return frame.channels() == 3 && frame.cols() == inputWidth && frame.rows() == inputHeight && frame.isContinuous();
  }

  @Override
  public List<SceneMask> processOutput(TranslatorContext ctx, NDList outputs) {
    int[][] sizes = (int[][]) ctx.getAttachment(SIZES);
    NDArray labelsArray = outputs.get("labels");
    NDArray confidenceArray = outputs.get("confidence");
    byte[] labels = (labelsArray != null ? labelsArray : outputs.get(0)).toByteArray();
    float[] confidence = (confidenceArray != null ? confidenceArray : outputs.get(1)).toFloatArray();
    int pixels = inputWidth * inputHeight;
    List<SceneMask> masks = new ArrayList<>(sizes.length);
    for (int i = 0; i < sizes.length; i++) {
      byte[] classes = new byte[pixels];
      System.arraycopy(labels, i * pixels, classes, 0, pixels);
      int width = sizes[i][0];
      int height = sizes[i][1];
      if (width != inputWidth || height != inputHeight) {
        classes = ClassMaps.resizeNearest(classes, inputWidth, inputHeight, width, height);
      }
      masks.add(SceneMask.of(width, height, classes, classCount, confidence[i]));
    }
    return masks;
  }

  @Override
  public Batchifier getBatchifier() {
    return null; // processInput builds the batch itself
  }
}
