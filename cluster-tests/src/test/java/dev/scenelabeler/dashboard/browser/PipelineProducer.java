package dev.scenelabeler.dashboard.browser;

import dev.scenelabeler.connectors.records.DeadLetter;
import dev.scenelabeler.connectors.records.DeadLetterFormat;
import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.FrameRecordFormat;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskRecordFormat;
import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.connectors.records.MaskStatsJson;
import dev.scenelabeler.connectors.records.RecordFormat;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.Topics;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes frames, masks and stats to the default topics of a test broker as the pipeline does: each
 * record's key, value and timestamp from its format (camera id; capture time for frames, labeling
 * time for masks and stats).
 */
final class PipelineProducer implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;

  /** {@code linger}: how long a record may wait for a batch; 0 for latency measurements. */
  PipelineProducer(String bootstrapServers, Duration linger) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    config.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(linger.toMillis()));
    // A send to a broker that is down fails within 10 s instead of the default minute.
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    producer = new KafkaProducer<>(config);
  }

  Future<RecordMetadata> frame(FrameRecord frame) {
    return send(Topics.FRAMES, FrameRecordFormat.INSTANCE, frame);
  }

  Future<RecordMetadata> mask(MaskRecord mask) {
    return send(Topics.MASKS, MaskRecordFormat.INSTANCE, mask);
  }

  Future<RecordMetadata> stats(MaskStats stats) {
    return send(Topics.MASK_STATS, MaskStatsJson.INSTANCE, stats);
  }

  Future<RecordMetadata> deadLetter(DeadLetter letter) {
    return send(Topics.FRAMES_DLQ, DeadLetterFormat.INSTANCE, letter);
  }

  private <T> Future<RecordMetadata> send(String topic, RecordFormat<T> format, T record) {
    return producer.send(format.toProducerRecord(topic, record, RecordLimits.DEFAULTS));
  }

  void flush() {
    producer.flush();
  }

  void close(Duration timeout) {
    producer.close(timeout);
  }

  @Override
  public void close() {
    producer.close();
  }
}
