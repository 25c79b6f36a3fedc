package dev.scenelabeler.connectors.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.records.RecordSerdes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The broker is Kafka's MockProducer, completing sends when the test says. */
class FrameSenderTest {

  private final MockProducer<String, FrameRecord> producer =
      new MockProducer<>(false, null, new StringSerializer(), RecordSerdes.frames());
  private final DeliveryTally tally = new DeliveryTally();
  private final List<FrameRecord> handedOver = new ArrayList<>();
  private final FrameSender sender =
      new FrameSender(producer, "frames-test", tally, handedOver::add);

  @Test
  void shouldKeyEachFrameByItsCameraAndStampItWithItsCaptureTime() {
    FrameRecord frame = frame("cam-7", 3, 1_700_000_000_123L);

    sender.send(frame);

    ProducerRecord<String, FrameRecord> sent = producer.history().get(0);
    assertThat(sent.topic()).isEqualTo("frames-test");
    assertThat(sent.key()).isEqualTo("cam-7");
    assertThat(sent.timestamp()).isEqualTo(1_700_000_000_123L);
    assertThat(sent.value()).isSameAs(frame);
    assertThat(handedOver).containsExactly(frame);
  }

  @Test
  void shouldCountAFrameOnlyOnceTheBrokerAcknowledgesIt() {
    sender.send(frame("cam-1", 0, 1L));
    assertThat(tally.backlog().waiting()).isEqualTo(1);
    assertThat(tally.progress(0, 1).frames()).isZero();

    producer.completeNext();

    assertThat(tally.backlog().waiting()).isZero();
    assertThat(tally.progress(0, 1).frames()).isEqualTo(1);
  }

  @Test
  void shouldKeepTheBrokersErrorAndStopWaitingForARejectedFrame() {
    sender.send(frame("cam-1", 0, 1L));
    RecordTooLargeException rejection = new RecordTooLargeException("too large");

    producer.errorNext(rejection);

    assertThat(tally.sendError()).containsSame(rejection);
    assertThat(tally.backlog().waiting()).isZero();
    assertThat(tally.progress(0, 1).frames()).isZero();
  }

  @Test
  void shouldNotLeaveAFrameWaitingWhenTheProducerThrows() {
    MockProducer<String, FrameRecord> closed =
        new MockProducer<>(true, null, new StringSerializer(), RecordSerdes.frames()) {
          @Override
          public synchronized Future<RecordMetadata> send(
              ProducerRecord<String, FrameRecord> record, Callback callback) {
            throw new IllegalStateException("producer closed");
          }
        };
    FrameSender failing = new FrameSender(closed, "frames-test", tally, handedOver::add);

    assertThatThrownBy(() -> failing.send(frame("cam-1", 0, 1L)))
        .hasMessageContaining("producer closed");
    assertThat(tally.backlog().waiting()).isZero();
    assertThat(handedOver).isEmpty();
  }

  private static FrameRecord frame(String camera, long sequence, long captureMillis) {
    return new FrameRecord(
        camera, sequence, captureMillis, ImageEncoding.JPEG, 2, 2, new byte[] {1, 2, 3});
  }
}
