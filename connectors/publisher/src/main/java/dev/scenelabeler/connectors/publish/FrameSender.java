package dev.scenelabeler.connectors.publish;

import dev.scenelabeler.connectors.records.FrameRecord;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Hands frame records to the producer, keyed by camera id so a camera's frames stay in order in one
 * partition and stamped with their capture time, and accounts for each delivery in a {@link
 * DeliveryTally}. Shared by the camera threads, as the producer is.
 */
final class FrameSender {

  private final Producer<String, FrameRecord> producer;
  private final String topic;
  private final DeliveryTally tally;
  private final Consumer<FrameRecord> sentListener;

  /** {@code sentListener} may be null. */
  FrameSender(
      Producer<String, FrameRecord> producer,
      String topic,
      DeliveryTally tally,
      Consumer<FrameRecord> sentListener) {
    this.producer = producer;
    this.topic = topic;
    this.tally = tally;
    this.sentListener = sentListener;
  }

  void send(FrameRecord record) {
    SendBacklog backlog = tally.backlog();
    // Counted as waiting from here: send() itself blocks while the producer's buffer is full.
    long pending = backlog.begin(System.nanoTime());
    Callback onAck =
        (metadata, error) -> {
          backlog.done(pending);
          if (error != null) {
            tally.failed(error);
          } else {
            tally.acked(
                record.cameraId(),
                metadata.serializedKeySize() + metadata.serializedValueSize(),
                System.nanoTime());
          }
        };
    try {
      producer.send(
          new ProducerRecord<>(topic, null, record.captureTimestampMs(), record.cameraId(), record),
          onAck);
    } catch (RuntimeException e) {
      backlog.done(pending);
      throw e;
    }
    if (sentListener != null) {
      sentListener.accept(record);
    }
  }

  /** Waits until every record handed over so far is acknowledged or failed. */
  void flush() {
    producer.flush();
  }
}
