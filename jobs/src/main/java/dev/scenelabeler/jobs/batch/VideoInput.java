package dev.scenelabeler.jobs.batch;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One video to label: the camera id its frames carry (unique per run), the file (a local path,
 * or a URI on a Flink file system such as {@code s3://bucket/clip.mp4}), and the local folder
 * its outputs go to. Paths are kept as strings: {@link Path} is not serializable.
 */
public record VideoInput(String cameraId, String path, String outputDir) implements Serializable {

  public VideoInput {
    Objects.requireNonNull(cameraId, "cameraId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(outputDir, "outputDir");
  }

  /** The local file; for a URI, its name only (the reader copies it to a local file first). */
  public Path file() {
    return SharedStorageCopy.isUri(path) ? Path.of(new org.apache.flink.core.fs.Path(path).getName()) : Path.of(path);
  }

  public Path output() {
    return Path.of(outputDir);
  }
}
