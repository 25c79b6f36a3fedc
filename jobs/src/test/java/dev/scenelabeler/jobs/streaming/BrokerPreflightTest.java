package dev.scenelabeler.jobs.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.clients.KafkaAccess.TopicNeed;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.jobs.options.DeliveryMode;
import dev.scenelabeler.jobs.options.JobOptionDeclarations;
import dev.scenelabeler.jobs.options.JobOptions;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.Test;

/** The frames topic's max.message.bytes against the job's largest frame record. */
class BrokerPreflightTest {

  @Test
  void shouldNeedTheLargestFramePlusMetadataAndBatchOverhead() {
    // 8 MiB + 64 KiB + 1 KiB: what ./scene-labeler kafka gives its image topics.
    assertThat(BrokerPreflight.neededMessageBytes(RecordLimits.DEFAULTS))
        .isEqualTo(8 * 1024 * 1024 + 65 * 1024);
    assertThat(BrokerPreflight.neededMessageBytes(new RecordLimits(1_000_000)))
        .isEqualTo(1_000_000 + 65 * 1024);
  }

  @Test
  void shouldWarnNamingTopicValuesAndTheCommandThatRaisesIt() {
    var warning =
        BrokerPreflight.messageSizeWarning(
            "frames", "frame records", 1_048_588, RecordLimits.DEFAULTS, "kafka:9092");
    assertThat(warning)
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .contains(
                        "topic 'frames'",
                        "max.message.bytes=1048588",
                        "--max-frame-bytes 8388608",
                        "needs 8455168",
                        "RecordTooLargeException",
                        "kafka-configs.sh --bootstrap-server kafka:9092 --alter --entity-type"
                            + " topics --entity-name frames --add-config"
                            + " max.message.bytes=8455168"));
  }

  @Test
  void shouldNotWarnWhenTheTopicTakesTheLargestFrame() {
    long needed = BrokerPreflight.neededMessageBytes(RecordLimits.DEFAULTS);
    assertThat(
            BrokerPreflight.messageSizeWarning(
                "frames", "frame records", needed, RecordLimits.DEFAULTS, "b:9092"))
        .isEmpty();
    assertThat(
            BrokerPreflight.messageSizeWarning(
                "frames", "frame records", 16L << 20, RecordLimits.DEFAULTS, "b:9092"))
        .isEmpty();
  }

  @Test
  void shouldFollowAReducedFrameLimit() {
    // A broker left at Kafka's default (1 MiB + 12 bytes) suits frames of up to 900 KB.
    assertThat(
            BrokerPreflight.messageSizeWarning(
                "frames", "frame records", 1_048_588, new RecordLimits(900_000), "b:9092"))
        .isEmpty();
  }

  @Test
  void shouldNeedReadOnTheExactlyOnceSinksTopicsAsFlinksSinkLooksForOpenTransactions() {
    JobOptions exactlyOnce = JobOptions.builder().build();
    JobOptions atLeastOnce =
        JobOptions.builder()
            .set(JobOptionDeclarations.DELIVERY, DeliveryMode.AT_LEAST_ONCE)
            .build();

    assertThat(BrokerPreflight.topicNeeds(exactlyOnce))
        .containsExactly(
            new TopicNeed("frames", AclOperation.READ),
            new TopicNeed("masks", AclOperation.WRITE),
            new TopicNeed("mask-stats", AclOperation.WRITE),
            new TopicNeed("frames-dlq", AclOperation.WRITE),
            new TopicNeed("masks", AclOperation.READ),
            new TopicNeed("frames-dlq", AclOperation.READ));
    assertThat(BrokerPreflight.topicNeeds(atLeastOnce))
        .containsExactly(
            new TopicNeed("frames", AclOperation.READ),
            new TopicNeed("masks", AclOperation.WRITE),
            new TopicNeed("mask-stats", AclOperation.WRITE),
            new TopicNeed("frames-dlq", AclOperation.WRITE));
  }
}
