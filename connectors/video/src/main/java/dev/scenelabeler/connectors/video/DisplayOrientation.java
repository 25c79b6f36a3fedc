package dev.scenelabeler.connectors.video;

import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * How a stored picture must be turned to be shown upright: a video's display matrix (the MP4 {@code
 * rotate} tag phones write) or an image's EXIF orientation. Players apply it; so does every {@link
 * FrameSource}, so frames, masks and overlays are in the orientation a person sees.
 *
 * <p>The mapping from a display matrix follows the FFmpeg command line's own autorotation ({@code
 * ffmpeg}/{@code ffplay} insert the same transpose/flip filters).
 *
 * @param clockwiseDegrees 0, 90, 180 or 270: rotation applied after {@code mirrored}
 * @param mirrored whether the stored picture is flipped left-right first
 */
public record DisplayOrientation(int clockwiseDegrees, boolean mirrored) {

  public static final DisplayOrientation UPRIGHT = new DisplayOrientation(0, false);

  public DisplayOrientation {
    if (clockwiseDegrees != 0
        && clockwiseDegrees != 90
        && clockwiseDegrees != 180
        && clockwiseDegrees != 270) {
      throw new IllegalArgumentException(
          "rotation must be 0, 90, 180 or 270 degrees, got " + clockwiseDegrees);
    }
  }

  /**
   * From a 3x3 display matrix (16.16 fixed point, row-major, as FFmpeg's {@code
   * AV_PKT_DATA_DISPLAYMATRIX}) and its rotation as {@code av_display_rotation_get} gives it
   * (degrees counter-clockwise). A rotation that is not a multiple of 90 degrees is rounded to the
   * nearest one.
   */
  public static DisplayOrientation fromDisplayMatrix(int[] matrix, double counterClockwiseDegrees) {
    if (matrix.length < 9) {
      throw new IllegalArgumentException("a display matrix has 9 entries, got " + matrix.length);
    }
    if (Double.isNaN(counterClockwiseDegrees)) {
      return UPRIGHT;
    }
    int theta = Math.floorMod((int) Math.round(-counterClockwiseDegrees / 90.0) * 90, 360);
    // ffmpeg: 90 -> transpose=clock, or cclock_flip (a plain transpose) when mirrored;
    // 270 -> transpose=cclock, or clock_flip when mirrored; 180 -> hflip/vflip as the matrix says.
    return switch (theta) {
      case 90 ->
          matrix[3] > 0 ? new DisplayOrientation(270, true) : new DisplayOrientation(90, false);
      case 270 ->
          matrix[3] < 0 ? new DisplayOrientation(90, true) : new DisplayOrientation(270, false);
      case 180 ->
          matrix[0] < 0
              ? (matrix[4] < 0
                  ? new DisplayOrientation(180, false)
                  : new DisplayOrientation(0, true))
              : (matrix[4] < 0 ? new DisplayOrientation(180, true) : UPRIGHT);
      default -> matrix[4] < 0 ? new DisplayOrientation(180, true) : UPRIGHT;
    };
  }

  /**
   * From an EXIF/TIFF orientation tag (1..8; anything else is taken as 1, upright). 1 upright, 2
   * mirrored, 3 upside down, 4 upside down mirrored, 5 mirrored + 90 clockwise...
   */
  public static DisplayOrientation fromExif(int orientation) {
    return switch (orientation) {
      case 2 -> new DisplayOrientation(0, true);
      case 3 -> new DisplayOrientation(180, false);
      case 4 -> new DisplayOrientation(180, true);
      case 5 -> new DisplayOrientation(270, true);
      case 6 -> new DisplayOrientation(90, false);
      case 7 -> new DisplayOrientation(90, true);
      case 8 -> new DisplayOrientation(270, false);
      default -> UPRIGHT;
    };
  }

  public boolean isUpright() {
    return clockwiseDegrees == 0 && !mirrored;
  }

  /** Whether width and height trade places. */
  public boolean swapsSides() {
    return clockwiseDegrees == 90 || clockwiseDegrees == 270;
  }

  public int displayWidth(int storedWidth, int storedHeight) {
    return swapsSides() ? storedHeight : storedWidth;
  }

  public int displayHeight(int storedWidth, int storedHeight) {
    return swapsSides() ? storedWidth : storedHeight;
  }

  /**
   * A new Mat (owned by the caller) with {@code stored} turned upright; {@code stored} is
   * untouched.
   */
  public Mat applyCopy(Mat stored) {
    Mat out = new Mat();
    if (clockwiseDegrees == 0) {
      if (mirrored) {
        Core.flip(stored, out, 1);
      } else {
        stored.copyTo(out);
      }
      return out;
    }
    Mat source = stored;
    if (mirrored) {
      source = new Mat();
      Core.flip(stored, source, 1);
    }
    Core.rotate(
        source,
        out,
        clockwiseDegrees == 90
            ? Core.ROTATE_90_CLOCKWISE
            : clockwiseDegrees == 180 ? Core.ROTATE_180 : Core.ROTATE_90_COUNTERCLOCKWISE);
    if (source != stored) {
      source.release();
    }
    return out;
  }

  @Override
  public String toString() {
    return isUpright()
        ? "upright"
        : (mirrored ? "mirror, then " : "") + "rotate " + clockwiseDegrees + " clockwise";
  }
}
