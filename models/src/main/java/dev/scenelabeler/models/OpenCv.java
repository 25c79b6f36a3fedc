package dev.scenelabeler.models;

import org.bytedeco.javacpp.Loader;

/** Loads OpenCV's Java bindings (org.opencv.*) from the bytedeco natives, once per JVM. */
public final class OpenCv {
  private static volatile boolean loaded;

  private OpenCv() {}

  public static void load() {
    if (!loaded) {
      synchronized (OpenCv.class) {
        if (!loaded) {
          Loader.load(org.bytedeco.opencv.opencv_java.class);
          loaded = true;
        }
      }
    }
  }
}
