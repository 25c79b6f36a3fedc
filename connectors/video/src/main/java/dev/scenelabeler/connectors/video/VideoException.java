package dev.scenelabeler.connectors.video;

import java.io.IOException;
import java.nio.file.Path;

/** A video or image file could not be read or written; names the file. */
public abstract class VideoException extends IOException {

  private final transient Path file;

  protected VideoException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /** The file (or folder) the problem is in. */
  public Path file() {
    return file;
  }
}
