package dev.scenelabeler.connectors.video;

import java.nio.file.Path;

/** A mask, overlay video or stats file could not be written. */
public final class VideoWriteException extends VideoException {

  public VideoWriteException(Path file, String message, Throwable cause) {
    super(file, message, cause);
  }
}
