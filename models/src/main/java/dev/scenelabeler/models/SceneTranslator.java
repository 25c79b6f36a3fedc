package dev.scenelabeler.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.scenelabeler.models.net.Preprocessing;
import java.nio.ByteBuffer;
import org.opencv.core.Mat;

/**
 * Mat in, {@link SceneMask} out. Before: resize to the network's input size and hand the BGR
 * bytes to the engine (colour conversion and normalisation run inside the network). After:
 * confidence (mean top softmax probability) on the scores as the network gives them, then the
 * scores resized once to the frame's size and the per-pixel arg-max, copied out as plain Java
 * data so no native memory outlives the call.
 */
final class SceneTranslator implements Translator<Mat, SceneMask> {

  /**
   * Above this many output pixels the scores are not resized on the engine (it would need six
   * floats per pixel); the class map is computed at network size and scaled by nearest neighbour.
   */
  static final long MAX_BILINEAR_OUTPUT_PIXELS = 4_000_000;

  /**
   * Frame sizes in input order. DJL gives one context to a whole batch, so sizes queue up in
   * processInput and are taken back in the same order in processOutput.
   */
  private static final String ORIGINAL_SIZES = "originalSizes";

  private final int inputWidth;
  private final int inputHeight;

  SceneTranslator(int inputWidth, int inputHeight) {
    this.inputWidth = inputWidth;
    this.inputHeight = inputHeight;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, Mat image) {
    Mat resized = FrameImages.toNetworkInput(image, inputWidth, inputHeight);
    originalSizes(ctx).addLast(new int[] {image.cols(), image.rows()});
    byte[] pixels = new byte[inputWidth * inputHeight * 3];
    resized.get(0, 0, pixels);
    resized.release();
    NDArray array = ctx.getNDManager().create(ByteBuffer.wrap(pixels), new Shape(inputHeight, inputWidth, 3), DataType.UINT8);
    return new NDList(array);
  }

  @Override
  public SceneMask processOutput(TranslatorContext ctx, NDList list) {
    int[] size = originalSizes(ctx).removeFirst();
    int width = size[0];
    int height = size[1];
    NDArray scores = list.singletonOrThrow(); // (classes, h, w)
    // Confidence at the network's own resolution: a softmax over every frame pixel would cost
    // more than the rest of the post-processing and change the mean by little.
    float meanConfidence = scores.softmax(0).max(new int[] {0}).mean().getFloat();
    boolean resizeOnEngine = (long) width * height <= MAX_BILINEAR_OUTPUT_PIXELS;
    if (resizeOnEngine && (width != scores.getShape().get(2) || height != scores.getShape().get(1))) {
      scores = Preprocessing.resize(scores.expandDims(0), height, width, false).squeeze(0);
    }
    byte[] classes = scores.argMax(0).toType(DataType.UINT8, false).toByteArray();
    if (!resizeOnEngine) {
      classes = ClassMaps.resizeNearest(classes, (int) scores.getShape().get(2), (int) scores.getShape().get(1), width, height);
    }
    return SceneMask.of(width, height, classes, (int) list.singletonOrThrow().getShape().get(0), meanConfidence);
  }

  @SuppressWarnings("unchecked")
  private static java.util.ArrayDeque<int[]> originalSizes(TranslatorContext ctx) {
    Object sizes = ctx.getAttachment(ORIGINAL_SIZES);
    if (sizes == null) {
      sizes = new java.util.ArrayDeque<int[]>();
      ctx.setAttachment(ORIGINAL_SIZES, sizes);
    }
    return (java.util.ArrayDeque<int[]>) sizes;
  }

  @Override
  public Batchifier getBatchifier() {
    return Batchifier.STACK;
  }
}
