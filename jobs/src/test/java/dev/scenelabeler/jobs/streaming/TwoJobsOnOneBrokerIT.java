package dev.scenelabeler.jobs.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.kafka.EmbeddedKafkaBroker;
import dev.scenelabeler.connectors.kafka.KafkaTopics;
import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskRecordFormat;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.jobs.local.LocalFlink;
import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.testing.FakeLabelerFactory;
import dev.scenelabeler.jobs.testing.FlinkMiniClusters;
import dev.scenelabeler.jobs.testing.SyntheticFrames;
import dev.scenelabeler.jobs.testing.TopicContents;
import dev.scenelabeler.models.DeviceSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two exactly-once streaming jobs with the default options (so the default transactional id prefix)
 * on one broker, running at the same time on different topics: neither fences the other's
 * transactions, every mask of both becomes visible exactly once.
 */
class TwoJobsOnOneBrokerIT {

  private static final int FRAMES = 20;

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniClusters.withSlots(2);

  @Test
  void shouldMakeEveryMaskOfBothJobsVisibleExactlyOnce() throws Exception {
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.startDefault()) {
      Topics first = new Topics("a-frames", "a-masks", "a-stats", "a-dlq");
      Topics second = new Topics("b-frames", "b-masks", "b-stats", "b-dlq");
      JobOptions firstOptions = defaultsOn(kafka, first);
      JobOptions secondOptions = defaultsOn(kafka, second);
      assertThat(firstOptions.transactionalIdPrefix())
          .isNotEqualTo(secondOptions.transactionalIdPrefix());

      List<JobClient> jobs = List.of(start(firstOptions), start(secondOptions));
      try {
        publish(kafka, first.frames(), "cam-a");
        publish(kafka, second.frames(), "cam-b");
        Map<String, Integer> firstMasks = awaitMasks(kafka, first.masks(), jobs);
        Map<String, Integer> secondMasks = awaitMasks(kafka, second.masks(), jobs);
        Thread.sleep(2_000); // a few more checkpoints: a repeat committed late would show now
        firstMasks = countMasks(kafka, first.masks());
        secondMasks = countMasks(kafka, second.masks());
        System.out.printf(
            "two jobs on one broker: %d + %d distinct masks visible, at most %d and %d copies each;"
                + " prefixes %s and %s%n",
            firstMasks.size(),
            secondMasks.size(),
            firstMasks.values().stream().mapToInt(Integer::intValue).max().orElse(0),
            secondMasks.values().stream().mapToInt(Integer::intValue).max().orElse(0),
            firstOptions.transactionalIdPrefix(),
            secondOptions.transactionalIdPrefix());
        assertThat(firstMasks)
            .hasSize(FRAMES)
            .allSatisfy((id, copies) -> assertThat(copies).as(id).isEqualTo(1));
        assertThat(secondMasks)
            .hasSize(FRAMES)
            .allSatisfy((id, copies) -> assertThat(copies).as(id).isEqualTo(1));
        for (JobClient job : jobs) {
          assertThat(job.getJobStatus().get().isTerminalState())
              .as("job still running, never failed for good")
              .isFalse();
        }
      } finally {
        jobs.forEach(LocalFlink::cancel);
      }
    }
  }

  /** Nothing about transactions given: the defaults are what is tested. */
  private static JobOptions defaultsOn(EmbeddedKafkaBroker kafka, Topics topics) {
    kafka.createTopics(KafkaTopics.defaults(topics, 1));
    return JobOptions.builder()
        .bootstrapServers(kafka.bootstrapServers())
        .topics(topics)
        .device(DeviceSpec.cpu())
        .parallelism(1)
        .checkpointInterval(Duration.ofMillis(300))
        .transactionTimeout(Duration.ofMinutes(2))
        .archive() // synthetic frames are from 2023: label them all
        .build();
  }

  private static JobClient start(JobOptions options) throws Exception {
    return StreamingLabelingJob.onKafka(options, FakeLabelerFactory.create())
        .executeAsync(StreamExecutionEnvironment.getExecutionEnvironment());
  }

  private static void publish(EmbeddedKafkaBroker kafka, String topic, String camera) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int seq = 0; seq < FRAMES; seq++) {
        FrameRecord frame = SyntheticFrames.frame(camera, seq);
        producer.send(
            new ProducerRecord<>(
                topic,
                null,
                frame.captureTimestampMs(),
                camera.getBytes(StandardCharsets.UTF_8),
                SyntheticFrames.value(frame)));
      }
      producer.flush();
    }
  }

  private static Map<String, Integer> awaitMasks(
      EmbeddedKafkaBroker kafka, String topic, List<JobClient> jobs) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    Map<String, Integer> masks = countMasks(kafka, topic);
    while (masks.size() < FRAMES && System.nanoTime() < deadline) {
      Thread.sleep(300);
      masks = countMasks(kafka, topic);
    }
    return masks;
  }

  /** Copies of each (camera, sequence) visible to a read_committed consumer. */
  private static Map<String, Integer> countMasks(EmbeddedKafkaBroker kafka, String topic) {
    Map<String, Integer> copies = new HashMap<>();
    TopicContents.readCommitted(kafka.bootstrapServers(), topic)
        .forEach(
            record -> {
              MaskRecord mask =
                  MaskRecordFormat.INSTANCE.read(record.value(), RecordLimits.DEFAULTS);
              copies.merge(mask.cameraId() + "#" + mask.sequence(), 1, Integer::sum);
            });
    return copies;
  }
}
