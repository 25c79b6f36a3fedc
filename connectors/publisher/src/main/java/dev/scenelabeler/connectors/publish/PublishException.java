package dev.scenelabeler.connectors.publish;

/**
 * Frames could not be delivered to Kafka; the message says which topic and broker, the cause why.
 */
public final class PublishException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
