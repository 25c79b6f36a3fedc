package dev.scenelabeler.models.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The fixed (not learned) front of the network, run on the engine so that training and inference
 * share it exactly and it is fused with the forward pass: BGR bytes to YUV, and local contrast
 * normalisation over a square window.
 */
public final class Preprocessing {

  /** Rows: Y, U, V; columns: B, G, R (OpenCV's channel order). BT.601. */
  private static final float[] BGR_TO_YUV = {
    0.114f, 0.587f, 0.299f,
    0.436f, -0.28886f, -0.14713f,
    -0.10001f, -0.51499f, 0.615f,
  };

  /** Floor of the local standard deviation, so flat regions (clear sky) are not amplified noise. */
  private static final float MIN_STD = 0.02f;

  private Preprocessing() {}

  /** (N, H, W, 3) BGR bytes (or floats 0..255) to (N, 3, H, W) YUV floats, Y in 0..1. */
  public static NDArray bgrToYuv(NDArray bgrNhwc) {
    NDManager manager = bgrNhwc.getManager();
    Shape s = bgrNhwc.getShape();
    NDArray x = bgrNhwc.toType(DataType.FLOAT32, false).div(255f);
    NDArray pixels = x.reshape(s.get(0), s.get(1) * s.get(2), 3); // (N, HW, 3)
    NDArray matrix = manager.create(BGR_TO_YUV, new Shape(3, 3)).transpose(); // (3 in, 3 out)
    return pixels.matMul(matrix).transpose(0, 2, 1).reshape(s.get(0), 3, s.get(1), s.get(2));
  }

  /**
   * Zero local mean and unit local deviation per channel over a {@code window} square (Jarrett et
   * al. 2009, as in Farabet 2013): v = x - mean(x); y = v / max(std(v), mean std, floor). Local
   * statistics are zero-padded at the frame border (the PyTorch engine's average pooling counts
   * padded zeros whatever DJL's countIncludePad says); the trained models expect exactly this, so
   * it is kept and tested as is.
   */
  public static NDArray localContrastNormalize(NDArray nchw, int window) {
    Shape kernel = new Shape(window, window);
    Shape stride = new Shape(1, 1);
    Shape pad = new Shape(window / 2, window / 2);
    NDArray mean = nchw.getNDArrayInternal().avgPool(kernel, stride, pad, false, false);
    NDArray centered = nchw.sub(mean);
    NDArray std =
        centered.square().getNDArrayInternal().avgPool(kernel, stride, pad, false, false).sqrt();
    NDArray meanStd = std.mean(new int[] {3}, true).mean(new int[] {2}, true);
    NDArray divisor = std.maximum(meanStd).maximum(MIN_STD);
    return centered.div(divisor);
  }

  /** Resizes (N, C, H, W) with the engine: mode 1 bilinear, 2 area (for shrinking). */
  public static NDArray resize(NDArray nchw, long height, long width, boolean area) {
    return nchw.getNDArrayInternal().interpolation(new long[] {height, width}, area ? 2 : 1, false);
  }
}
