package dev.scenelabeler.connectors.video;

import java.io.Serializable;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * How a {@link FrameSource} samples and sizes frames; immutable, defaults in code.
 *
 * <p>Sampling is either every frame (default), every N-th frame ({@code --every N}) or at most F
 * frames per second of stream time ({@code --fps F}), never both. Resizing is optional and applies
 * to every delivered frame. Serializable, so that a Flink source can carry it to its readers.
 */
public final class FrameSourceOptions implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Frame rate given to an image folder, whose files carry no timestamps. */
  public static final double DEFAULT_IMAGE_FOLDER_FPS = 10.0;

  private static final FrameSourceOptions DEFAULTS =
      new FrameSourceOptions(1, Double.NaN, 0, 0, DEFAULT_IMAGE_FOLDER_FPS);

  private final int every;
  private final double fps;
  private final int resizeWidth;
  private final int resizeHeight;
  private final double imageFolderFps;

  private FrameSourceOptions(
      int every, double fps, int resizeWidth, int resizeHeight, double imageFolderFps) {
    this.every = every;
    this.fps = fps;
    this.resizeWidth = resizeWidth;
    this.resizeHeight = resizeHeight;
    this.imageFolderFps = imageFolderFps;
  }

  /** Every frame, stored size, {@value #DEFAULT_IMAGE_FOLDER_FPS} fps for image folders. */
  public static FrameSourceOptions defaults() {
    return DEFAULTS;
  }

  /** Keep frames 0, n, 2n, ... ({@code --every n}). */
  public FrameSourceOptions every(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("--every must be at least 1, got " + n);
    }
    if (!Double.isNaN(fps)) {
      throw new IllegalArgumentException("--every and --fps cannot be combined");
    }
    return new FrameSourceOptions(n, fps, resizeWidth, resizeHeight, imageFolderFps);
  }

  /**
   * Keep the first frame of each 1/f-second slot of stream time ({@code --fps f}); a source slower
   * than f keeps every frame.
   */
  public FrameSourceOptions fps(double f) {
    if (!(f > 0) || Double.isInfinite(f)) {
      throw new IllegalArgumentException("--fps must be a positive number, got " + f);
    }
    if (every != 1) {
      throw new IllegalArgumentException("--every and --fps cannot be combined");
    }
    return new FrameSourceOptions(every, f, resizeWidth, resizeHeight, imageFolderFps);
  }

  /** Deliver every frame at {@code width} x {@code height}. */
  public FrameSourceOptions resize(int width, int height) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "resize needs a positive size, got " + width + "x" + height);
    }
    return new FrameSourceOptions(every, fps, width, height, imageFolderFps);
  }

  /** The frame rate an image folder is played at (it decides the folder's timestamps). */
  public FrameSourceOptions imageFolderFps(double f) {
    if (!(f > 0) || Double.isInfinite(f)) {
      throw new IllegalArgumentException("image folder fps must be a positive number, got " + f);
    }
    return new FrameSourceOptions(every, fps, resizeWidth, resizeHeight, f);
  }

  public OptionalInt everyNth() {
    return every == 1 ? OptionalInt.empty() : OptionalInt.of(every);
  }

  public OptionalDouble maxFps() {
    return Double.isNaN(fps) ? OptionalDouble.empty() : OptionalDouble.of(fps);
  }

  /** The output size as {width, height}, if frames are resized. */
  public Optional<int[]> resizeTo() {
    return resizeWidth == 0 ? Optional.empty() : Optional.of(new int[] {resizeWidth, resizeHeight});
  }

  public double imageFolderFps() {
    return imageFolderFps;
  }

  @Override
  public String toString() {
    return "FrameSourceOptions{every="
        + every
        + ", fps="
        + (Double.isNaN(fps) ? "all" : fps)
        + ", resize="
        + (resizeWidth == 0 ? "none" : resizeWidth + "x" + resizeHeight)
        + ", imageFolderFps="
        + imageFolderFps
        + "}";
  }
}
