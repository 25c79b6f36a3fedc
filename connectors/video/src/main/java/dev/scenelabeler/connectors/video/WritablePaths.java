package dev.scenelabeler.connectors.video;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks an output path up front, so native encoders never see a path they cannot open. */
final class WritablePaths {

  private WritablePaths() {}

  static void checkWritableFile(Path file) throws VideoWriteException {
    Path parent = file.toAbsolutePath().getParent();
    if (Files.isDirectory(file)) {
      throw new VideoWriteException(file, "is a directory, expected a file", null);
    }
    if (parent == null || !Files.isDirectory(parent)) {
      throw new VideoWriteException(file, "parent directory does not exist", null);
    }
    if (!Files.isWritable(parent)) {
      throw new VideoWriteException(file, "parent directory not writable", null);
    }
    if (Files.exists(file) && !Files.isWritable(file)) {
      throw new VideoWriteException(file, "file exists and is not writable", null);
    }
  }
}
