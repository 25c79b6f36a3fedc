package dev.scenelabeler.connectors.video;

import java.nio.file.Path;

/**
 * A source opened but frame {@link #frameIndex()} could not be decoded (damaged or truncated data,
 * a corrupt image in a folder). Every frame before it was delivered; the source is done.
 */
public final class CorruptVideoException extends VideoException {

  private final long frameIndex;

  public CorruptVideoException(Path file, long frameIndex, String message, Throwable cause) {
    super(file, "frame " + frameIndex + ": " + message, cause);
    this.frameIndex = frameIndex;
  }

  /** Index (in the source, before sampling) of the first frame that could not be decoded. */
  public long frameIndex() {
    return frameIndex;
  }
}
