package dev.scenelabeler.jobs.batch;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One video to label: the camera id its frames carry (unique per run), the file, and the
 * folder its outputs go to. Paths are kept as strings: {@link Path} is not serializable.
 */
public record VideoInput(String cameraId, String path, String outputDir) implements Serializable {

  public VideoInput {
    Objects.requireNonNull(cameraId, "cameraId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(outputDir, "outputDir");
  }

  public Path file() {
    return Path.of(path);
  }

  public Path output() {
    return Path.of(outputDir);
  }
}
