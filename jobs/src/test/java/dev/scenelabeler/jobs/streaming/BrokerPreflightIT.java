package dev.scenelabeler.jobs.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenelabeler.connectors.kafka.EmbeddedKafkaBroker;
import dev.scenelabeler.connectors.kafka.KafkaTopics;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.jobs.options.JobOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** BrokerPreflight against a real broker: topics' max.message.bytes as the broker reports them. */
class BrokerPreflightIT {

  @Test
  void shouldWarnAboutSmallImageTopicsAndStopOnAnOversizedTransactionTimeout() {
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.startDefault()) {
      Topics small = new Topics("small-frames", "small-masks", "small-stats", "small-dlq");
      kafka.createTopics(
          List.of(
              new NewTopic(small.frames(), 1, (short) 1)
                  .configs(Map.of("max.message.bytes", "1048588")),
              new NewTopic(small.masks(), 1, (short) 1),
              new NewTopic(small.maskStats(), 1, (short) 1),
              new NewTopic(small.deadLetters(), 1, (short) 1)
                  .configs(Map.of("max.message.bytes", "8455168"))));
      Topics sized = new Topics("sized-frames", "sized-masks", "sized-stats", "sized-dlq");
      kafka.createTopics(KafkaTopics.defaults(sized, 1));

      var findings = BrokerPreflight.inspect(options(kafka, small, Duration.ofMinutes(2)));
      System.out.println("preflight on a 1 MiB frames topic: " + findings);
      assertThat(findings.problems()).isEmpty();
      assertThat(findings.warnings())
          .singleElement()
          .asString()
          .contains(
              "topic 'small-frames'",
              "max.message.bytes=1048588",
              "needs 8455168",
              "--entity-name small-frames --add-config max.message.bytes=8455168");

      assertThat(BrokerPreflight.inspect(options(kafka, sized, Duration.ofMinutes(2))))
          .as("topics as ./scene-labeler kafka creates them")
          .isEqualTo(new BrokerPreflight.Findings(List.of(), List.of()));

      assertThatThrownBy(() -> BrokerPreflight.check(options(kafka, sized, Duration.ofMinutes(20))))
          .hasMessageContaining("exceeds the broker's transaction.max.timeout.ms");
    }
  }

  private static JobOptions options(
      EmbeddedKafkaBroker kafka, Topics topics, Duration transactionTimeout) {
    return JobOptions.builder()
        .bootstrapServers(kafka.bootstrapServers())
        .topics(topics)
        .transactionTimeout(transactionTimeout)
        .build();
  }
}
