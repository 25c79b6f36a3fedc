package dev.scenelabeler.connectors.records;

import java.io.Serializable;
import java.util.Objects;

/**
 * A record the pipeline could not process, bound for the {@code frames-dlq} topic. The original
 * key, value and headers go out byte-identical; reason, stage and origin ride in {@code dlq.*}
 * headers appended after the original ones ({@link DeadLetterFormat}).
 *
 * @param original the record as it was read
 * @param stage where it was rejected, e.g. "parse-frame", "decode-image", "label"
 * @param reason why, e.g. the {@link RecordFormatException} message
 * @param rejectedAtMs when, epoch ms
 */
public record DeadLetter(RawRecord original, String stage, String reason, long rejectedAtMs)
    implements Serializable {

  public DeadLetter {
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(reason, "reason");
  }

  /** A dead letter for {@code original} rejected now because of {@code error}. */
  public static DeadLetter of(RawRecord original, String stage, Throwable error) {
    String reason =
        error.getMessage() == null
            ? error.getClass().getSimpleName()
            : error.getClass().getSimpleName() + ": " + error.getMessage();
    return new DeadLetter(original, stage, reason, System.currentTimeMillis());
  }
}
