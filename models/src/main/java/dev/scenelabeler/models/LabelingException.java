package dev.scenelabeler.models;

/** The engine failed to label a frame that passed the input checks. */
public class LabelingException extends RuntimeException {
  public LabelingException(String message, Throwable cause) {
    super(message + ": " + cause.getMessage(), cause);
  }
}
