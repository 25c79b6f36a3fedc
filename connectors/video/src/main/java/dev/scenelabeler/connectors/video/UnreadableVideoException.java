package dev.scenelabeler.connectors.video;

import java.nio.file.Path;

/**
 * A source cannot be opened at all: missing, unreadable, not a video or image, no video stream, or
 * an empty image folder. No frame was delivered.
 */
public final class UnreadableVideoException extends VideoException {

  public UnreadableVideoException(Path file, String message) {
    this(file, message, null);
  }

  public UnreadableVideoException(Path file, String message, Throwable cause) {
    super(file, message, cause);
  }
}
