package dev.scenelabeler.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Frames that run in one forward pass: each is scaled to the same working size ({@link
 * WorkingSize#resolve}), whatever its own size, and gets a mask of its own size back.
 */
record FrameGroup(List<Mat> frames, int workWidth, int workHeight) {

  /**
   * The network's input: the frames scaled to the working size in ONE uint8 (N, H, W, 3) BGR buffer
   * (no stacking on the engine). A frame already at the working size is copied as is.
   */
  NDArray toInput(NDManager manager) {
    return toInput(manager, (i, input) -> {});
  }

  /** Told each frame's network input (BGR at the working size) before it is released. */
  interface InputListener {
    void input(int frameIndex, Mat workingSizeBgr);
  }

  /** As {@link #toInput(NDManager)}, showing {@code listener} each frame's input. */
  NDArray toInput(NDManager manager, InputListener listener) {
    int frameBytes = workWidth * workHeight * 3;
    byte[] pixels = new byte[Math.multiplyExact(frames.size(), frameBytes)];
    // A single frame (the streaming default) is copied straight into the input; a batch goes
    // through one frame-sized buffer, as Mat.get cannot write at an offset.
    byte[] one = frames.size() == 1 ? pixels : new byte[frameBytes];
    for (int i = 0; i < frames.size(); i++) {
      Mat frame = frames.get(i);
      Mat input =
          isWorkingSizeAlready(frame)
              ? frame
              : FrameImages.toNetworkInput(frame, workWidth, workHeight);
      input.get(0, 0, one);
      listener.input(i, input);
      if (one != pixels) {
        System.arraycopy(one, 0, pixels, i * frameBytes, frameBytes);
      }
      if (input != frame) {
        input.release();
      }
    }
    NDArray image =
        manager.create(
            ByteBuffer.wrap(pixels),
            new Shape(frames.size(), workHeight, workWidth, 3),
            DataType.UINT8);
    image.setName("image");
    return image;
  }

  boolean isWorkingSize(int width, int height) {
    return width == workWidth && height == workHeight;
  }

  private boolean isWorkingSizeAlready(Mat frame) {
    return frame.channels() == 3
        && isWorkingSize(frame.cols(), frame.rows())
        && frame.isContinuous();
  }

  /**
   * Frame {@code i}'s mask at its own size from the batch's (N, classes, h, w) scores: resized
   * once, bilinearly, then the arg-max ({@link ScoreResize}, which counts the class fractions too).
   */
  SceneMask maskFromScores(
      int i, float[] scores, int classes, int scoreWidth, int scoreHeight, float confidence) {
    Mat frame = frames.get(i);
    int offset = i * classes * scoreWidth * scoreHeight;
    long[] counts = new long[classes];
    byte[] map =
        ScoreResize.argMaxResized(
            scores, offset, classes, scoreWidth, scoreHeight, frame.cols(), frame.rows(), counts);
    float[] fractions = new float[classes];
    for (int k = 0; k < classes; k++) {
      fractions[k] = (float) counts[k] / map.length;
    }
    return new SceneMask(frame.cols(), frame.rows(), map, fractions, confidence);
  }
}
