package dev.scenelabeler.testdata;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import dev.scenelabeler.testdata.StreetScene.RenderedFrame;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Writes everything in test-data/: the street clip (MP4/H.264), its exact label maps (one 8-bit
 * class-index PNG per frame), a three-image folder, and the bad inputs (a truncated copy of the
 * clip, a corrupt JPEG). Usage: {@code GenerateTestData <test-data dir>}. See test-data/README.md.
 */
public final class GenerateTestData {

  public static final int WIDTH = 480;
  public static final int HEIGHT = 360;
  public static final int FPS = 15;
  public static final int FRAMES = 60;

  /** Low enough to keep the file small, high enough that pedestrians stay recognisable. */
  static final int VIDEO_BITRATE = 900_000;

  /** One key frame a second, so a cut file still decodes up to the damage. */
  static final int GOP_FRAMES = FPS;

  private GenerateTestData() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: GenerateTestData <test-data dir>");
      System.exit(2);
    }
    Path root = Path.of(args[0]);
    Path clip = root.resolve("street/street-480x360-15fps.mp4");
    writeClipAndLabels(clip, root.resolve("street/labels"));
    writeImageFolder(root.resolve("folder"));
    writeBadInputs(clip, root.resolve("bad"));
    System.out.println("wrote test data under " + root.toAbsolutePath());
  }

  static void writeClipAndLabels(Path clip, Path labelDir) throws IOException {
    Files.createDirectories(clip.getParent());
    Files.createDirectories(labelDir);
    StreetScene scene = new StreetScene(WIDTH, HEIGHT, FPS);
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(clip.toFile(), WIDTH, HEIGHT, 0)) {
      recorder.setFormat("mp4");
      recorder.setVideoCodec(AV_CODEC_ID_H264);
      recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
      recorder.setFrameRate(FPS);
      recorder.setVideoBitrate(VIDEO_BITRATE);
      recorder.setGopSize(GOP_FRAMES);
      // Index at the front: a file cut short still opens and decodes up to the cut.
      recorder.setOption("movflags", "+faststart");
      // No encoder version strings or times in the file, so regeneration is byte-identical.
      recorder.setOption("fflags", "+bitexact");
      recorder.setVideoOption("flags", "+bitexact");
      recorder.start();
      Frame frame = new Frame(WIDTH, HEIGHT, Frame.DEPTH_UBYTE, 3);
      for (int i = 0; i < FRAMES; i++) {
        RenderedFrame r = scene.render(i);
        copyInto(r.bgr(), frame);
        recorder.record(frame, AV_PIX_FMT_BGR24);
        writeLabelPng(r, labelDir.resolve(String.format(Locale.ROOT, "label-%04d.png", i)));
      }
      recorder.stop();
    } catch (FFmpegFrameRecorder.Exception e) {
      throw new IOException("cannot encode " + clip + ": " + e.getMessage(), e);
    }
  }

  /** Three frames of the same scene at 160x120 in name order (frame 0, 5 and 10). */
  static void writeImageFolder(Path dir) throws IOException {
    Files.createDirectories(dir);
    StreetScene small = new StreetScene(160, 120, FPS);
    for (int k = 0; k < 3; k++) {
      RenderedFrame r = small.render(5 * k);
      ImageIO.write(
          toBgrImage(r),
          "png",
          dir.resolve(String.format(Locale.ROOT, "frame-%02d.png", k)).toFile());
    }
  }

  /**
   * The truncated clip keeps the first 40% of the bytes (the index at the front says 60 frames, the
   * data for most of them is gone). The corrupt JPEG is a valid 160x120 JPEG cut in the middle of
   * its entropy-coded data, with no end-of-image marker.
   */
  static void writeBadInputs(Path clip, Path dir) throws IOException {
    Files.createDirectories(dir);
    byte[] video = Files.readAllBytes(clip);
    Files.write(dir.resolve("truncated.mp4"), Arrays.copyOf(video, video.length * 2 / 5));
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(toBgrImage(new StreetScene(160, 120, FPS).render(0)), "jpg", jpeg);
    byte[] bytes = jpeg.toByteArray();
    Files.write(dir.resolve("corrupt.jpg"), Arrays.copyOf(bytes, bytes.length / 2));
  }

  private static void copyInto(byte[] bgr, Frame frame) {
    ByteBuffer buf = (ByteBuffer) frame.image[0];
    int rowBytes = frame.imageWidth * 3;
    for (int y = 0; y < frame.imageHeight; y++) {
      buf.position(y * frame.imageStride);
      buf.put(bgr, y * rowBytes, rowBytes);
    }
    buf.rewind();
  }

  private static void writeLabelPng(RenderedFrame r, Path file) throws IOException {
    BufferedImage grey = new BufferedImage(r.width(), r.height(), BufferedImage.TYPE_BYTE_GRAY);
    byte[] data = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
    System.arraycopy(r.labels(), 0, data, 0, data.length);
    ImageIO.write(grey, "png", file.toFile());
  }

  private static BufferedImage toBgrImage(RenderedFrame r) {
    BufferedImage img = new BufferedImage(r.width(), r.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    System.arraycopy(r.bgr(), 0, data, 0, data.length);
    return img;
  }
}
