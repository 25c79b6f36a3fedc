package dev.scenelabeler.connectors.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Writes an MP4 (H.264) in which each frame is blended with the palette colour of its pixels'
 * classes: {@code out = (1 - opacity) * frame + opacity * colour}. Pixels whose class has no
 * palette entry (e.g. 255 = void) are left as they are. A mask smaller or larger than the frame is
 * scaled to it by nearest neighbour.
 *
 * <p>Timing: each frame can be written at its source presentation time ({@link #write(Mat, int,
 * int, byte[], long)}), so an overlay of sampled frames plays in step with its source. Size: H.264
 * in yuv420p needs an even width and height; an odd-sized frame is encoded one pixel wider or
 * taller, the last column or row repeated.
 *
 * <p>The palette arrives as 0xRRGGBB per class index, so this module needs no label-set code. Not
 * thread-safe.
 */
public final class OverlayVideoWriter extends ClosesOnce {

  private final Path file;
  private final int width;
  private final int height;
  private final int encodedWidth;
  private final int encodedHeight;
  private final double frameRate;
  private final FFmpegFrameRecorder recorder;
  private final Frame out;
  private final byte[] pixels;
  private final int[][] tint; // per class: {B, G, R} premultiplied by opacity * 256, or null
  private final int keep; // (1 - opacity) * 256
  private long framesWritten;

  private OverlayVideoWriter(
      Path file,
      int width,
      int height,
      FFmpegFrameRecorder recorder,
      int[] paletteRgb,
      double opacity) {
    super("overlay writer for " + file);
    this.file = file;
    this.width = width;
    this.height = height;
    this.encodedWidth = evenUp(width);
    this.encodedHeight = evenUp(height);
    this.frameRate = recorder.getFrameRate();
    this.recorder = recorder;
    this.out = new Frame(encodedWidth, encodedHeight, Frame.DEPTH_UBYTE, 3);
    this.pixels = new byte[width * height * 3];
    int alpha = (int) Math.round(opacity * 256);
    this.keep = 256 - alpha;
    this.tint = new int[paletteRgb.length][];
    for (int c = 0; c < paletteRgb.length; c++) {
      int rgb = paletteRgb[c];
      tint[c] =
          new int[] {(rgb & 255) * alpha, ((rgb >> 8) & 255) * alpha, ((rgb >> 16) & 255) * alpha};
    }
  }

  private static int evenUp(int n) {
    return n + (n & 1);
  }

  /**
   * Starts writing {@code file} (replaced if present) at {@code frameRate}, normally the source's
   * frame rate: the time base of the frames' presentation times, and the rate of frames written
   * without one.
   *
   * @param paletteRgb colour per class index as 0xRRGGBB
   * @param opacity weight of the class colour, 0 (frame only) to 1 (colours only)
   */
  public static OverlayVideoWriter open(
      Path file, int width, int height, double frameRate, int[] paletteRgb, double opacity)
      throws VideoWriteException {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "frame size must be positive, got " + width + "x" + height);
    }
    if (!(frameRate > 0) || Double.isInfinite(frameRate)) {
      throw new IllegalArgumentException("frame rate must be positive, got " + frameRate);
    }
    if (!(opacity >= 0 && opacity <= 1)) {
      throw new IllegalArgumentException("opacity must be in [0, 1], got " + opacity);
    }
    if (paletteRgb.length == 0 || paletteRgb.length > 256) {
      throw new IllegalArgumentException("palette needs 1..256 colours, got " + paletteRgb.length);
    }
    WritablePaths.checkWritableFile(file);
    OpenCvNatives.ensureLoaded();
    FFmpegFrameRecorder recorder =
        new FFmpegFrameRecorder(file.toFile(), evenUp(width), evenUp(height), 0);
    recorder.setFormat("mp4");
    recorder.setVideoCodec(AV_CODEC_ID_H264);
    recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
    // The H.264 encoder of bytedeco's (LGPL) FFmpeg build is Cisco's OpenH264, not x264: it takes
    // no x264 preset, and costs about 3 ms a frame at 480x360 on one core, so callers that label
    // at the same time write the overlay from a thread of their own.
    recorder.setFrameRate(frameRate);
    // About 0.2 bit per pixel: colour regions stay crisp at the sizes we label.
    recorder.setVideoBitrate(
        (int) Math.max(400_000, Math.min(20_000_000, 0.2 * width * height * frameRate)));
    // A key frame a second, so players can seek in the overlay.
    recorder.setGopSize((int) Math.max(1, Math.round(frameRate)));
    // Index at the front: the overlay can be streamed to a browser as it is.
    recorder.setOption("movflags", "+faststart");
    try {
      recorder.start();
    } catch (FrameRecorder.Exception | RuntimeException e) {
      try {
        recorder.release();
      } catch (FrameRecorder.Exception ignored) {
        // The start failure is the error worth reporting.
      }
      throw new VideoWriteException(file, "cannot start H.264/MP4 encoder: " + e.getMessage(), e);
    }
    return new OverlayVideoWriter(file, width, height, recorder, paletteRgb, opacity);
  }

  /**
   * Blends {@code bgr} (8-bit BGR, the writer's size) with the mask and appends it.
   *
   * @param classes row-major class indices, {@code maskWidth * maskHeight} of them
   */
  public void write(Mat bgr, int maskWidth, int maskHeight, byte[] classes)
      throws VideoWriteException {
    write(bgr, maskWidth, maskHeight, classes, -1);
  }

  /**
   * Blends {@code bgr} with the mask and appends it at {@code timestampMicros} (the frame's
   * presentation time in its source, from the source's start), so frames left out by sampling leave
   * their time in the overlay; -1 writes it one frame after the previous one. A time that would not
   * come after the previous frame's (at this writer's frame rate) is moved just after it.
   *
   * @param classes row-major class indices, {@code maskWidth * maskHeight} of them
   */
  public void write(Mat bgr, int maskWidth, int maskHeight, byte[] classes, long timestampMicros)
      throws VideoWriteException {
    checkOpen();
    if (bgr.type() != CvType.CV_8UC3 || bgr.cols() != width || bgr.rows() != height) {
      throw new IllegalArgumentException(
          "frame must be "
              + width
              + "x"
              + height
              + " 8-bit BGR, got "
              + bgr.cols()
              + "x"
              + bgr.rows()
              + " type "
              + CvType.typeToString(bgr.type()));
    }
    if (maskWidth < 1 || maskHeight < 1 || classes.length != (long) maskWidth * maskHeight) {
      throw new IllegalArgumentException(
          "mask of "
              + maskWidth
              + "x"
              + maskHeight
              + " needs "
              + (long) maskWidth * maskHeight
              + " bytes, got "
              + classes.length);
    }
    Mat continuous = bgr.isContinuous() ? bgr : bgr.clone();
    continuous.get(0, 0, pixels);
    if (continuous != bgr) {
      continuous.release();
    }
    blend(maskWidth, maskHeight, classes);
    ByteBuffer buf = (ByteBuffer) out.image[0];
    int rowBytes = width * 3;
    for (int y = 0; y < encodedHeight; y++) {
      int source = Math.min(y, height - 1) * rowBytes; // an odd height repeats the last row
      buf.position(y * out.imageStride);
      buf.put(pixels, source, rowBytes);
      if (encodedWidth > width) { // and an odd width the last column
        buf.put(pixels, source + rowBytes - 3, 3);
      }
    }
    buf.rewind();
    if (timestampMicros >= 0) {
      long frameNumber = Math.round(timestampMicros * frameRate / 1e6);
      if (frameNumber > recorder.getFrameNumber()) {
        recorder.setFrameNumber((int) frameNumber);
      }
    }
    try {
      recorder.record(out, AV_PIX_FMT_BGR24);
    } catch (FrameRecorder.Exception | RuntimeException e) {
      throw new VideoWriteException(
          file, "cannot encode overlay frame " + framesWritten + ": " + e.getMessage(), e);
    }
    framesWritten++;
  }

  private void blend(int maskWidth, int maskHeight, byte[] classes) {
    for (int y = 0; y < height; y++) {
      int maskRow = (int) ((long) y * maskHeight / height) * maskWidth;
      for (int x = 0; x < width; x++) {
        int c = classes[maskRow + (int) ((long) x * maskWidth / width)] & 0xFF;
        if (c >= tint.length) {
          continue;
        }
        int[] t = tint[c];
        int i = 3 * (y * width + x);
        pixels[i] = (byte) (((pixels[i] & 0xFF) * keep + t[0]) >> 8);
        pixels[i + 1] = (byte) (((pixels[i + 1] & 0xFF) * keep + t[1]) >> 8);
        pixels[i + 2] = (byte) (((pixels[i + 2] & 0xFF) * keep + t[2]) >> 8);
      }
    }
  }

  /**
   * Shows the last frame written until {@code endMicros}, the source's end in microseconds from its
   * start ({@link FrameSource#endMicros()}), so that the overlay lasts as long as its source even
   * when sampling left out the source's last frames: the last frame is written once more, one frame
   * (at this writer's rate) before the end. Does nothing if no frame was written or the end is not
   * later than that (or unknown: -1).
   */
  public void holdLastFrameUntil(long endMicros) throws VideoWriteException {
    checkOpen();
    long lastFrameNumber = Math.round(endMicros * frameRate / 1e6) - 1;
    if (framesWritten == 0 || lastFrameNumber < recorder.getFrameNumber()) {
      return;
    }
    recorder.setFrameNumber((int) lastFrameNumber);
    try {
      recorder.record(out, AV_PIX_FMT_BGR24); // still the last frame's pixels
    } catch (FrameRecorder.Exception | RuntimeException e) {
      throw new VideoWriteException(
          file, "cannot encode the overlay's last frame again: " + e.getMessage(), e);
    }
  }

  public long framesWritten() {
    return framesWritten;
  }

  /** Finishes the MP4 (writes its index). */
  @Override
  void finish() throws VideoWriteException {
    try {
      recorder.stop();
      recorder.release();
    } catch (FrameRecorder.Exception | RuntimeException e) {
      throw new VideoWriteException(file, "cannot finish MP4: " + e.getMessage(), e);
    } finally {
      out.close();
    }
  }
}
