package dev.scenelabeler.connectors.video;

import org.bytedeco.javacpp.Loader;

/** Loads the native library behind {@code org.opencv.*} once per class loader. */
final class OpenCvNatives {

  static {
    Loader.load(org.bytedeco.opencv.opencv_java.class);
  }

  private OpenCvNatives() {}

  /** Call before touching any org.opencv class; cheap after the first call. */
  static void ensureLoaded() {
    // The static initialiser did the work.
  }
}
