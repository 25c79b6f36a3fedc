package dev.scenelabeler.connectors.video;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_java;

/**
 * Loads the native library behind {@code org.opencv.*} once per class loader, and turns FFmpeg's
 * console logging down to errors (its per-file stream dumps and warnings would drown the logs of a
 * job that opens many files; real errors, such as "partial file", still show).
 */
final class OpenCvNatives {

  static {
    Loader.load(opencv_java.class);
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private OpenCvNatives() {}

  /** Call before touching any org.opencv class; cheap after the first call. */
  static void ensureLoaded() {
    // The static initialiser did the work.
  }
}
