package dev.scenelabeler.dashboard.kafka;

import dev.scenelabeler.connectors.records.DeadLetter;
import dev.scenelabeler.connectors.records.DeadLetterFormat;
import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.connectors.records.RecordSerde;
import dev.scenelabeler.connectors.records.RecordSerdes;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.dashboard.feed.DeadLetterUpdate;
import dev.scenelabeler.dashboard.feed.FeedListener;
import dev.scenelabeler.dashboard.feed.FrameUpdate;
import dev.scenelabeler.dashboard.feed.MaskUpdate;
import dev.scenelabeler.dashboard.feed.StatsUpdate;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a raw record of one of the four topics into a call on the listener, using the project's own
 * record formats. A record that does not parse is reported and skipped.
 */
final class RecordTranslator {

  private final Topics topics;
  private final FeedListener listener;
  private final RecordSerde<FrameRecord> frames = RecordSerdes.frames();
  private final RecordSerde<MaskRecord> masks = RecordSerdes.masks();
  private final RecordSerde<MaskStats> stats = RecordSerdes.maskStats();

  RecordTranslator(Topics topics, FeedListener listener) {
    this.topics = topics;
    this.listener = listener;
  }

  void translate(ConsumerRecord<byte[], byte[]> record) {
    String topic = record.topic();
    try {
      if (topic.equals(topics.deadLetters())) {
        listener.onDeadLetter(deadLetter(record));
      } else if (record.value() == null) {
        return; // a tombstone carries nothing to show
      } else if (topic.equals(topics.masks())) {
        listener.onMask(mask(masks.deserialize(topic, record.value()), record.timestamp()));
      } else if (topic.equals(topics.frames())) {
        listener.onFrame(frame(frames.deserialize(topic, record.value()), record.timestamp()));
      } else if (topic.equals(topics.maskStats())) {
        listener.onStats(stats(stats.deserialize(topic, record.value()), record.timestamp()));
      }
    } catch (RuntimeException e) {
      listener.onUnreadableRecord(
          topic, record.partition() + "@" + record.offset() + ": " + e.getMessage());
    }
  }

  static FrameUpdate frame(FrameRecord frame, long recordTimestampMs) {
    String mime = frame.encoding() == ImageEncoding.PNG ? "image/png" : "image/jpeg";
    return new FrameUpdate(
        frame.cameraId(), frame.sequence(), recordTimestampMs, frame.image(), mime);
  }

  static MaskUpdate mask(MaskRecord mask, long recordTimestampMs) {
    return new MaskUpdate(
        mask.cameraId(),
        mask.sequence(),
        mask.captureTimestampMs(),
        recordTimestampMs,
        mask.width(),
        mask.height(),
        mask.maskPng(),
        mask.labelSet().classNames(),
        mask.labelSet().paletteRgb(),
        mask.classFractions(),
        mask.meanConfidence());
  }

  static StatsUpdate stats(MaskStats stats, long recordTimestampMs) {
    return new StatsUpdate(
        stats.camera(),
        stats.sequence(),
        stats.captureTimestampMs(),
        recordTimestampMs,
        stats.classFractions(),
        stats.meanConfidence(),
        stats.skipped());
  }

  /**
   * A dead letter counts even when its {@code dlq.*} headers are damaged; its camera is the
   * original record's key (frames are keyed by camera id).
   */
  private static DeadLetterUpdate deadLetter(ConsumerRecord<byte[], byte[]> record) {
    Optional<String> camera =
        Optional.ofNullable(record.key())
            .map(key -> new String(key, StandardCharsets.UTF_8))
            .filter(key -> !key.isEmpty());
    try {
      DeadLetter letter = DeadLetterFormat.fromConsumerRecord(record);
      return new DeadLetterUpdate(camera, letter.stage(), letter.reason());
    } catch (RuntimeException e) {
      return new DeadLetterUpdate(camera, "unknown", "unreadable dead letter: " + e.getMessage());
    }
  }
}
