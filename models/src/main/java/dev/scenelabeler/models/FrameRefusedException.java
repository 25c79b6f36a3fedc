package dev.scenelabeler.models;

/**
 * A frame the labeler will not take (empty, not 8-bit, 2 channels, too many pixels): a fault of
 * that frame, not of the labeler, so a job sets it aside and labels the others. Any other exception
 * from a labeler is a fault of the labeler. Extends {@link IllegalArgumentException}, which the
 * labeler threw for these before, so callers that catch that still do.
 */
public final class FrameRefusedException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * @param reason what is wrong with the frame, with its numbers
   */
  public FrameRefusedException(String reason, Throwable cause) {
    super(reason, cause);
  }

  public FrameRefusedException(String reason) {
    super(reason);
  }

  /** What is wrong with the frame. */
  public String reason() {
    return getMessage();
  }
}
