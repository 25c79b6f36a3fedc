package dev.scenelabeler.connectors.publish;

import dev.scenelabeler.connectors.video.FrameSource;
import dev.scenelabeler.connectors.video.VideoFrame;
import dev.scenelabeler.connectors.video.VideoInfo;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_java;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/** Camera feeds of a synthetic clip: 16x16 frames whose blue channel is the frame index. */
final class SyntheticClip {

  static {
    Loader.load(opencv_java.class);
  }

  private SyntheticClip() {}

  /** Loads OpenCV's native library now (once), as a first feed would. */
  static void loadOpenCv() {}

  /** {@code frames} frames at {@code fps}, each opening of the feed starting again at frame 0. */
  static CameraFeed feed(String camera, int frames, double fps) {
    return new CameraFeed(
        camera,
        "synthetic",
        options ->
            new FrameSource() {
              private int next;

              @Override
              public VideoInfo info() {
                return new VideoInfo(
                    Path.of("synthetic"), "synthetic", fps, 16, 16, OptionalLong.of(frames));
              }

              @Override
              public Optional<VideoFrame> next() {
                if (next == frames) {
                  return Optional.empty();
                }
                Mat bgr = new Mat(16, 16, CvType.CV_8UC3);
                bgr.setTo(new Scalar(next, 80, 160));
                long index = next++;
                return Optional.of(new VideoFrame(index, Math.round(index * 1_000_000 / fps), bgr));
              }

              @Override
              public void close() {}
            });
  }
}
