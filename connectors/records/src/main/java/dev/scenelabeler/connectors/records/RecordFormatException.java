package dev.scenelabeler.connectors.records;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that does not follow its documented format (docs/FORMATS.md): wrong magic or version
 * byte, truncated, oversized, trailing bytes, a field out of range. The message names the record
 * kind, the field and the numbers (expected vs actual), so a dead-letter reason is enough to find
 * the fault. Unrecoverable for that record: retrying gives the same result.
 */
public class RecordFormatException extends SerializationException {

  private static final long serialVersionUID = 1L;

  public RecordFormatException(String message) {
    super(message);
  }

  public RecordFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
