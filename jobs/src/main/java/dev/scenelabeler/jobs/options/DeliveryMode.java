package dev.scenelabeler.jobs.options;

import java.util.Locale;
import org.apache.flink.connector.base.DeliveryGuarantee;

/** How masks are written to Kafka. */
public enum DeliveryMode {
  /** Kafka transactions committed on checkpoints; read_committed consumers see every mask once. */
  EXACTLY_ONCE(DeliveryGuarantee.EXACTLY_ONCE),
  /** Flushed on checkpoints, no transactions: lower latency, a restart may repeat masks. */
  AT_LEAST_ONCE(DeliveryGuarantee.AT_LEAST_ONCE);

  private final DeliveryGuarantee guarantee;

  DeliveryMode(DeliveryGuarantee guarantee) {
    this.guarantee = guarantee;
  }

  public DeliveryGuarantee flinkGuarantee() {
    return guarantee;
  }

  /** Parses {@code exactly-once} or {@code at-least-once} (underscores and case ignored). */
  public static DeliveryMode parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    return switch (t) {
      case "exactly-once" -> EXACTLY_ONCE;
      case "at-least-once" -> AT_LEAST_ONCE;
      default ->
          throw new IllegalArgumentException(
              "delivery must be 'exactly-once' or 'at-least-once', got '" + text + "'");
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
