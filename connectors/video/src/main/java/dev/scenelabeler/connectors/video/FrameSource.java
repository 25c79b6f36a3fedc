package dev.scenelabeler.connectors.video;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Frames of a video file (anything FFmpeg reads: MP4/H.264, MKV, AVI/MJPEG, ...) or of a folder of
 * images in name order, as caller-owned BGR {@link org.opencv.core.Mat}s with their index and
 * presentation timestamp. Sampling and resizing come from {@link FrameSourceOptions}.
 *
 * <p>Errors: a source that cannot be opened throws {@link UnreadableVideoException} from {@link
 * #open}; damaged data part-way through delivers every frame before the damage, then {@link
 * #next()} throws {@link CorruptVideoException} naming the file and the frame index.
 *
 * <p>Not thread-safe: one source per thread. Closing is idempotent.
 */
public interface FrameSource extends AutoCloseable {

  /** Opens a folder as an image sequence, anything else as a video file. */
  static FrameSource open(Path path, FrameSourceOptions options) throws VideoException {
    if (Files.isDirectory(path)) {
      return ImageFolderFrameSource.open(path, options);
    }
    return FfmpegFrameSource.open(path, options);
  }

  static FrameSource open(Path path) throws VideoException {
    return open(path, FrameSourceOptions.defaults());
  }

  /** What the source says about itself (stored size and rate, before sampling and resizing). */
  VideoInfo info();

  /**
   * The next sampled frame, or empty at the end of the source.
   *
   * @throws CorruptVideoException if the next frame cannot be decoded; the source is then done
   */
  Optional<VideoFrame> next() throws VideoException;

  /**
   * Where the source ends, in microseconds of presentation time from its start: the last frame
   * decoded (sampled or not) plus one frame at the source's (average) rate, so that frames left out
   * by sampling at the end still count toward its length. Known once {@link #next()} has returned
   * empty; -1 before that, after a failure, or where the source cannot tell.
   */
  default long endMicros() {
    return -1;
  }

  @Override
  void close();
}
