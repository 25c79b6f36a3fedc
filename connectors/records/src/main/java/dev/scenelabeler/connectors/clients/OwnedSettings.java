package dev.scenelabeler.connectors.clients;

import java.util.Map;
import java.util.Optional;

/**
 * The Kafka client settings scene-labeler sets itself, each with the reason a client config file
 * may not change it: the record formats, exactly-once, and settings that have flags of their own.
 */
final class OwnedSettings {

  private static final String FORMATS = "the record formats are scene-labeler's own (FORMATS.md)";
  private static final String ACKS =
      "every write waits for all in-sync replicas, which exactly-once and the idempotent publisher"
          + " need";

  private static final Map<String, String> REASONS =
      Map.ofEntries(
          Map.entry("bootstrap.servers", "use --bootstrap (key bootstrap.servers of --config)"),
          Map.entry("key.serializer", FORMATS),
          Map.entry("value.serializer", FORMATS),
          Map.entry("key.deserializer", FORMATS),
          Map.entry("value.deserializer", FORMATS),
          Map.entry(
              "isolation.level",
              "frames and masks are read read_committed, so an aborted transaction is never seen"),
          Map.entry(
              "transactional.id",
              "the exactly-once sinks name their transactions (use --transactional-id-prefix)"),
          Map.entry(
              "transaction.timeout.ms",
              "use --tx-timeout-ms, which the broker preflight checks against the broker's limit"),
          Map.entry("enable.idempotence", ACKS),
          Map.entry("acks", ACKS),
          Map.entry("group.id", "use --group (the dashboard makes a group of its own)"),
          Map.entry(
              "enable.auto.commit",
              "the job commits offsets with its checkpoints, the dashboard never"));

  private OwnedSettings() {}

  /** Why {@code key} may not be set by a client config file; empty when it may. */
  static Optional<String> reasonFor(String key) {
    return Optional.ofNullable(REASONS.get(key));
  }
}
