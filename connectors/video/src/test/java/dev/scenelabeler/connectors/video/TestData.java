package dev.scenelabeler.connectors.video;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the committed files in test-data/ (see test-data/README.md for what each one is). */
public final class TestData {

  /** Expected values measured with ffprobe, written down in test-data/README.md. */
  public static final int CLIP_FRAMES = 60;

  public static final double CLIP_FPS = 15.0;
  public static final int CLIP_WIDTH = 480;
  public static final int CLIP_HEIGHT = 360;

  /** pts = 1024 * n in time base 1/15360, i.e. n / 15 s. */
  public static final int CLIP_PTS_STEP = 1024;

  public static final int CLIP_TIME_BASE_DEN = 15360;

  /** ffprobe -count_frames on bad/truncated.mp4: nb_read_frames. */
  public static final int TRUNCATED_COMPLETE_FRAMES = 24;

  private TestData() {}

  public static Path root() {
    String configured = System.getProperty("test.data.dir");
    Path root = configured != null ? Path.of(configured) : Path.of("..", "..", "test-data");
    if (!Files.isDirectory(root.resolve("street"))) {
      throw new IllegalStateException(
          "test-data not found at "
              + root.toAbsolutePath()
              + " (set -Dtest.data.dir; the build sets it)");
    }
    return root;
  }

  public static Path clip() {
    return root().resolve("street/street-480x360-15fps.mp4");
  }

  public static Path truncatedClip() {
    return root().resolve("bad/truncated.mp4");
  }

  public static Path corruptJpeg() {
    return root().resolve("bad/corrupt.jpg");
  }

  public static Path imageFolder() {
    return root().resolve("folder");
  }

  public static Path label(int frame) {
    return root().resolve(String.format("street/labels/label-%04d.png", frame));
  }

  /** ffprobe's pts converted to microseconds, rounded down as FFmpeg's grabber does. */
  static long expectedClipTimestampMicros(int frame) {
    return (long) frame * CLIP_PTS_STEP * 1_000_000 / CLIP_TIME_BASE_DEN;
  }
}
