package dev.scenelabeler.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.app.testing.CliProcess;
import dev.scenelabeler.app.testing.StreamArgs;
import dev.scenelabeler.connectors.kafka.EmbeddedKafkaBroker;
import dev.scenelabeler.connectors.kafka.KafkaTopics;
import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskRecordFormat;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.jobs.streaming.DurableCheckpoints;
import dev.scenelabeler.jobs.testing.ListeningSockets;
import dev.scenelabeler.jobs.testing.SyntheticFrames;
import dev.scenelabeler.jobs.testing.TopicContents;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code stream} kill drill as a test: {@code ./scene-labeler stream} in a JVM of its own
 * against the embedded broker, killed with SIGKILL mid-stream after a checkpoint, then started
 * again with the same command. Counted at read_committed, every frame has exactly one mask.
 *
 * <p>Between the two runs the consumer group's committed offsets are deleted: they are only for
 * monitoring and may lag the committed masks (how the duplicate of issue 12 came about), so only
 * the retained checkpoint can say where the job was. A restart that ignored it would start at the
 * oldest frame and label every frame of the first run again.
 */
class StreamCommandRestartIT {

  private static final List<String> CAMERAS = List.of("cam-a", "cam-b");
  private static final int FRAMES_PER_BATCH = 20; // per camera; two batches
  private static final int TOTAL = CAMERAS.size() * FRAMES_PER_BATCH * 2;
  private static final Duration WAIT = Duration.ofMinutes(5); // generous: the machine may be busy

  @AutoClose private static EmbeddedKafkaBroker kafka;

  @TempDir Path work;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafkaBroker.startDefault();
  }

  @Test
  void shouldWriteExactlyOneMaskPerFrameWhenTheStreamJvmIsKilledAndStartedAgain() throws Exception {
    Topics topics = new Topics("restart-frames", "restart-masks", "restart-stats", "restart-dlq");
    kafka.createTopics(KafkaTopics.defaults(topics, 2));
    Path checkpoints = work.resolve("checkpoints");
    String group = "restart-labeler";
    List<String> args =
        StreamArgs.archive(
            kafka.bootstrapServers(),
            checkpoints,
            "--frames-topic",
            topics.frames(),
            "--masks-topic",
            topics.masks(),
            "--stats-topic",
            topics.maskStats(),
            "--dlq-topic",
            topics.deadLetters(),
            "--group",
            group);

    publish(topics.frames(), 0, FRAMES_PER_BATCH);
    try (CliProcess first = CliProcess.start("first", work, args)) {
      AtomicInteger lastVisible = new AtomicInteger(-1);
      first.awaitUntil(
          "checkpoint and 10 masks from the first run",
          WAIT,
          () -> {
            Optional<URI> checkpoint = DurableCheckpoints.latestCompleted(checkpoints.toUri());
            int visible = masks(topics.masks()).size();
            if (lastVisible.getAndSet(visible) != visible) { // progress, for a run that stalls
              System.out.printf(
                  "[restart] first run: latest checkpoint %s, %d masks visible%n",
                  checkpoint.map(URI::toString).orElse("none"), visible);
            }
            return checkpoint.isPresent() && visible >= 10;
          });
      publish(topics.frames(), FRAMES_PER_BATCH, 2 * FRAMES_PER_BATCH);
      Thread.sleep(1_000); // frames in flight, a transaction open
      first.kill();
      assertThat(first.output()).contains("No retained checkpoint");
    }
    int beforeKill = masks(topics.masks()).size();
    Optional<URI> retained = DurableCheckpoints.latestCompleted(checkpoints.toUri());
    assertThat(retained).as("checkpoint retained after kill -9").isPresent();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
    }

    long restartedAt = System.nanoTime();
    try (CliProcess second = CliProcess.start("second", work, args)) {
      second.awaitUntil(
          "mask for every frame after the restart",
          WAIT,
          () -> distinct(masks(topics.masks())) >= TOTAL);
      System.out.printf(
          "[restart] every mask visible %.1f s after the restart%n",
          (System.nanoTime() - restartedAt) / 1e9);
      // Anything the second run repeated would be committed within a few checkpoints.
      Thread.sleep(3_000);
      List<String> masks = masks(topics.masks());
      System.out.printf(
          "[restart] frames %d; masks (read_committed) before kill %d, after restart %d, distinct"
              + " %d, duplicates %d; resumed from %s%n",
          TOTAL,
          beforeKill,
          masks.size(),
          distinct(masks),
          masks.size() - distinct(masks),
          retained.get());
      assertThat(second.output()).contains("Resuming from " + retained.get());
      assertThat(duplicates(masks)).as("duplicate masks").isEmpty();
      assertThat(masks).hasSize(TOTAL);

      if (ListeningSockets.supported()) {
        var listeners = ListeningSockets.of(second.pid());
        System.out.println("[restart] the stream JVM listens on " + listeners);
        assertThat(listeners)
            .as("REST endpoint and blob server")
            .hasSizeGreaterThanOrEqualTo(2)
            .allMatch(ListeningSockets.Listener::loopback);
      }
    }
  }

  /** {@code camera#sequence} of every mask a read_committed consumer sees. */
  private static List<String> masks(String topic) {
    List<String> ids = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record :
        TopicContents.readCommitted(kafka.bootstrapServers(), topic)) {
      MaskRecord mask = MaskRecordFormat.INSTANCE.read(record.value(), RecordLimits.DEFAULTS);
      ids.add(mask.cameraId() + "#" + mask.sequence());
    }
    return ids;
  }

  private static long distinct(List<String> ids) {
    return ids.stream().distinct().count();
  }

  private static Map<String, Integer> duplicates(List<String> ids) {
    Map<String, Integer> counts = new HashMap<>();
    ids.forEach(id -> counts.merge(id, 1, Integer::sum));
    counts.values().removeIf(n -> n == 1);
    return counts;
  }

  private static void publish(String topic, int fromSequence, int toSequence) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int seq = fromSequence; seq < toSequence; seq++) {
        for (String camera : CAMERAS) {
          // Stamped now: the broker keeps frames for an hour (log.retention.ms), so frames with
          // the synthetic 2023 capture times would be deleted at its first retention check,
          // 30 s after it starts, possibly before the stream JVM has read them.
          FrameRecord synthetic = SyntheticFrames.frame(camera, seq);
          FrameRecord frame =
              new FrameRecord(
                  camera,
                  seq,
                  System.currentTimeMillis(),
                  synthetic.encoding(),
                  synthetic.width(),
                  synthetic.height(),
                  synthetic.image());
          producer.send(
              new ProducerRecord<>(
                  topic,
                  null,
                  frame.captureTimestampMs(),
                  camera.getBytes(StandardCharsets.UTF_8),
                  SyntheticFrames.value(frame)));
        }
      }
      producer.flush();
    }
  }
}
