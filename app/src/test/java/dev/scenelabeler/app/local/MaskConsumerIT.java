package dev.scenelabeler.app.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenelabeler.connectors.kafka.EmbeddedKafkaBroker;
import dev.scenelabeler.connectors.kafka.KafkaTopics;
import dev.scenelabeler.connectors.records.LabelSetDescriptor;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskRecordFormat;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mask consumer on a real broker: where it starts reading, and what it does when it cannot. */
class MaskConsumerIT {

  private static final LabelSetDescriptor LABELS =
      new LabelSetDescriptor("two-v1", List.of("road", "other"), new int[] {0x808080, 0xFF00FF});

  private static EmbeddedKafkaBroker kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafkaBroker.startDefault();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  /**
   * The bench's hang: masks committed after the consumer was opened but before its first poll. A
   * group subscription with auto.offset.reset=latest positions at its first poll, after them, and
   * waits for ever; this consumer is positioned when opened.
   */
  @Test
  void shouldReadMasksCommittedAfterItWasOpenedEvenBeforeItsFirstPoll() {
    Topics topics =
        Topics.DEFAULTS
            .withFrames("early-frames")
            .withMasks("early-masks")
            .withMaskStats("early-stats")
            .withDeadLetters("early-dlq");
    kafka.createTopics(KafkaTopics.defaults(topics, 2));
    commitMasks(topics.masks(), "before", 3); // before it is opened: not its business

    try (MaskConsumer masks =
        MaskConsumer.open(kafka.bootstrapServers(), topics, Duration.ofSeconds(30))) {
      commitMasks(topics.masks(), "after", 5);

      masks.awaitMasks(5, Duration.ofSeconds(30));
      masks.drain(Duration.ofSeconds(1), Duration.ofSeconds(30));

      assertThat(masks.tally().counts("after").labeled()).isEqualTo(5);
      assertThat(masks.tally().counts("before").labeled()).isZero();
    }
  }

  @Test
  void shouldFailNamingTheTopicWhenTheMasksTopicDoesNotExist() {
    Topics topics = Topics.DEFAULTS.withMasks("no-such-masks");
    kafka.createTopics(KafkaTopics.defaults(Topics.DEFAULTS, 1));

    long start = System.nanoTime();
    assertThatThrownBy(
            () -> MaskConsumer.open(kafka.bootstrapServers(), topics, Duration.ofSeconds(3)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no-such-masks");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("gives up at its deadline")
        .isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void shouldSayWhatItWaitedForWhenTheMasksDoNotCome() {
    Topics topics =
        Topics.DEFAULTS
            .withFrames("quiet-frames")
            .withMasks("quiet-masks")
            .withMaskStats("quiet-stats")
            .withDeadLetters("quiet-dlq");
    kafka.createTopics(KafkaTopics.defaults(topics, 1));

    try (MaskConsumer masks =
        MaskConsumer.open(kafka.bootstrapServers(), topics, Duration.ofSeconds(30))) {
      assertThatThrownBy(() -> masks.awaitMasks(3, Duration.ofSeconds(1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("3 masks")
          .hasMessageContaining("quiet-masks")
          .hasMessageContaining("read 0 masks");
    }
  }

  /** {@code count} masks of {@code camera} in one committed transaction. */
  private static void commitMasks(String topic, String camera, int count) {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "mask-consumer-it-" + camera),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      long now = System.currentTimeMillis();
      for (int sequence = 0; sequence < count; sequence++) {
        MaskRecord mask =
            MaskRecord.builder()
                .setFrame(camera, sequence, now)
                .setLabeledTimestampMs(now)
                .setModel("test", "1")
                .setLabelSet(LABELS)
                .setClassIndices(2, 2, new byte[] {0, 1, 1, 0})
                .setMeanConfidence(0.5f)
                .build();
        producer.send(
            MaskRecordFormat.INSTANCE.toProducerRecord(topic, mask, RecordLimits.DEFAULTS));
      }
      producer.commitTransaction();
    }
  }
}
