package dev.scenelabeler.jobs.batch;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One video to label: the camera id its frames carry (unique per run), the file (a local path, or a
 * URI on a Flink file system such as {@code s3://bucket/clip.mp4}), and the folder its outputs go
 * to (a local or shared path, or such a URI). Paths are kept as strings: {@link Path} is not
 * serializable.
 */
public record VideoInput(String cameraId, String path, String outputDir) implements Serializable {

  public VideoInput {
    Objects.requireNonNull(cameraId, "cameraId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(outputDir, "outputDir");
  }

  /** The local file; for a URI, its name only (the reader copies it to a local file first). */
  public Path file() {
    return SharedStorageCopy.isUri(path)
        ? Path.of(new org.apache.flink.core.fs.Path(path).getName())
        : Path.of(path);
  }

  /** The local output folder; not for an output on a Flink file system ({@link #outputIsUri}). */
  public Path output() {
    return Path.of(outputDir);
  }

  /**
   * Whether the outputs go to a Flink file system ({@code s3://...}) rather than a local or shared
   * path.
   */
  public boolean outputIsUri() {
    return SharedStorageCopy.isUri(outputDir);
  }
}
