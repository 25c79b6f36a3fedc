package dev.scenelabeler.jobs.streaming;

import dev.scenelabeler.connectors.flink.RawRecordDeserializationSchema;
import dev.scenelabeler.connectors.flink.TopicSerializationSchema;
import dev.scenelabeler.connectors.records.DeadLetter;
import dev.scenelabeler.connectors.records.DeadLetterFormat;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskRecordFormat;
import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.connectors.records.MaskStatsJson;
import dev.scenelabeler.connectors.records.RawRecord;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.jobs.options.DeliveryMode;
import dev.scenelabeler.jobs.options.JobOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The production Kafka source and sinks of the streaming job, configured from {@link JobOptions}.
 */
public final class KafkaWiring {

  private KafkaWiring() {}

  /** The frames topic, unbounded: the live job. */
  public static KafkaSource<RawRecord> frameSource(JobOptions options) {
    return frameSourceBuilder(options).build();
  }

  /**
   * The frames topic up to the end offsets it has when the job starts, then finished: a replay of
   * what is there (tests, backfills). The job ends after a last checkpoint commits its masks.
   */
  public static KafkaSource<RawRecord> frameSourceUntilLatest(JobOptions options) {
    return frameSourceBuilder(options).setBounded(OffsetsInitializer.latest()).build();
  }

  private static KafkaSourceBuilder<RawRecord> frameSourceBuilder(JobOptions options) {
    var builder =
        KafkaSource.<RawRecord>builder()
            .setBootstrapServers(options.bootstrapServers())
            .setTopics(options.topics().frames())
            .setGroupId(options.groupId())
            // Resume where the group left off; a new group starts at the oldest frame kept.
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new RawRecordDeserializationSchema())
            // Frames from a transactional producer are seen only once committed.
            .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
            // One frame may exceed the 1 MiB default; Kafka returns an oversized record anyway, but
            // a bigger fetch keeps a batch of 4K frames in one round trip.
            .setProperty(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                Integer.toString(Math.max(1 << 20, options.recordLimits().maxRecordBytes())))
            // New camera partitions are picked up without a restart.
            .setProperty("partition.discovery.interval.ms", "10000")
            // Offsets are committed on checkpoints (for monitoring lag); the checkpoint is the
            // truth.
            .setProperty("commit.offsets.on.checkpoint", "true");
    // Security and tuning from --kafka-config, over ours (it cannot hold the settings we own).
    options.kafkaConfig().settings().forEach(builder::setProperty);
    return builder;
  }

  /**
   * Masks are written up to {@link RecordLimits#DEFAULTS}' size (what the masks topic accepts), so
   * the request size must fit that too: a busy mask of a large frame can pass 1 MiB.
   */
  public static KafkaSink<MaskRecord> maskSink(JobOptions options) {
    return sink(
        options,
        options.delivery(),
        "masks",
        new TopicSerializationSchema<>(
            options.topics().masks(), MaskRecordFormat.INSTANCE, RecordLimits.DEFAULTS),
        RecordLimits.DEFAULTS.maxRecordBytes() + 64 * 1024);
  }

  /**
   * Stats are at-least-once whatever the masks are: they are derived, a repeat after a restart is
   * harmless to a dashboard, and without a transaction they appear at once rather than at the next
   * checkpoint.
   */
  public static KafkaSink<MaskStats> statsSink(JobOptions options) {
    return sink(
        options,
        DeliveryMode.AT_LEAST_ONCE,
        "stats",
        new TopicSerializationSchema<>(
            options.topics().maskStats(), MaskStatsJson.INSTANCE, RecordLimits.DEFAULTS),
        1 << 20);
  }

  /** Dead letters carry the original frame, so the request size must fit the largest frame. */
  public static KafkaSink<DeadLetter> deadLetterSink(JobOptions options) {
    return sink(
        options,
        options.delivery(),
        "dlq",
        new TopicSerializationSchema<>(
            options.topics().deadLetters(), DeadLetterFormat.INSTANCE, options.recordLimits()),
        options.recordLimits().maxRecordBytes() + 64 * 1024);
  }

  private static <T> KafkaSink<T> sink(
      JobOptions options,
      DeliveryMode mode,
      String name,
      TopicSerializationSchema<T> serializer,
      int maxRequestBytes) {
    var builder =
        KafkaSink.<T>builder()
            .setBootstrapServers(options.bootstrapServers())
            .setRecordSerializer(serializer)
            .setDeliveryGuarantee(mode.flinkGuarantee())
            // Every replica must have a mask before it counts as written.
            .setProperty(ProducerConfig.ACKS_CONFIG, "all")
            // A frame's worth of masks is sent within 5 ms instead of waiting for a full batch.
            .setProperty(ProducerConfig.LINGER_MS_CONFIG, "5")
            .setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxRequestBytes));
    options.kafkaConfig().settings().forEach(builder::setProperty);
    if (mode.flinkGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
      builder
          // Unique per sink: two sinks (or jobs) sharing a prefix would fence each other.
          .setTransactionalIdPrefix(options.transactionalIdPrefix() + "-" + name)
          // Must not exceed the broker's transaction.max.timeout.ms (checked at startup).
          .setProperty(
              ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
              Long.toString(options.transactionTimeout().toMillis()))
          // Reuses a small pool of transactional ids instead of a new one per checkpoint, so
          // frequent checkpoints do not pile up producer ids on the broker.
          .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING);
    }
    return builder.build();
  }
}
