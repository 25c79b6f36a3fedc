package dev.scenelabeler.jobs.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.kafka.EmbeddedKafkaBroker;
import dev.scenelabeler.connectors.kafka.KafkaTopics;
import dev.scenelabeler.connectors.records.DeadLetter;
import dev.scenelabeler.connectors.records.DeadLetterFormat;
import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskRecordFormat;
import dev.scenelabeler.connectors.records.MaskStatsJson;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.jobs.labeling.SceneModelLabelerFactory;
import dev.scenelabeler.jobs.options.JobOptionDeclarations;
import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.testing.FailingOnceLabelerFactory;
import dev.scenelabeler.jobs.testing.FlinkMiniClusters;
import dev.scenelabeler.jobs.testing.SyntheticFrames;
import dev.scenelabeler.jobs.testing.TestDataFiles;
import dev.scenelabeler.jobs.testing.TopicContents;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.temporal.FramePosition;
import dev.scenelabeler.models.temporal.TemporalFilterSettings;
import dev.scenelabeler.models.temporal.VideoSequenceLabeler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencv.core.Mat;

/**
 * The whole streaming job on a MiniCluster at parallelism 2 against the real embedded Kafka broker,
 * with the real (untrained, seeded) network: exactly-once masks across an injected failure, and bad
 * records in the dead-letter topic.
 */
class StreamingLabelingJobIT {

  private static final int PARALLELISM = 2;
  private static final List<String> CAMERAS = List.of("cam-north", "cam-south");
  private static final int FRAMES_PER_CAMERA = 30;
  private static final int GOOD_FRAMES = CAMERAS.size() * FRAMES_PER_CAMERA;
  private static final int MAX_FRAME_BYTES = 64 * 1024;
  private static final SceneModelLabelerFactory MODEL = SceneModelLabelerFactory.defaultModel();

  @RegisterExtension
  static final MiniClusterExtension FLINK = FlinkMiniClusters.withSlots(PARALLELISM);

  @AutoClose private static EmbeddedKafkaBroker kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafkaBroker.startDefault();
  }

  /** The bad records mixed into the stream, by the reason each must be rejected for. */
  private static Map<String, byte[]> badRecords() {
    FrameRecord good = SyntheticFrames.frame("cam-north", 999);
    byte[] value = SyntheticFrames.value(good);
    byte[] wrongVersion = value.clone();
    wrongVersion[1] = 7;
    Map<String, byte[]> bad = new LinkedHashMap<>();
    bad.put(
        "garbage",
        "definitely not a frame record, just some ASCII text".getBytes(StandardCharsets.US_ASCII));
    bad.put("wrong version", wrongVersion);
    bad.put("truncated", Arrays.copyOf(value, value.length - 10));
    bad.put(
        "truncated JPEG",
        SyntheticFrames.value(
            new FrameRecord(
                "cam-south",
                998,
                0,
                ImageEncoding.JPEG,
                160,
                120,
                TestDataFiles.read(TestDataFiles.corruptJpeg()))));
    byte[] noise = new byte[MAX_FRAME_BYTES + RecordLimits.MAX_METADATA_BYTES + 1];
    new Random(997).nextBytes(noise);
    bad.put(
        "oversized",
        SyntheticFrames.value(
            new FrameRecord("cam-north", 997, 0, ImageEncoding.PNG, 640, 480, noise)));
    return bad;
  }

  @Test
  void shouldWriteExactlyOneMaskPerFrameAcrossARestartAndDeadLetterTheBadRecords(
      @InjectMiniCluster MiniCluster miniCluster) throws Exception {
    Topics topics = new Topics("it-frames", "it-masks", "it-stats", "it-dlq");
    kafka.createTopics(KafkaTopics.defaults(topics, PARALLELISM));
    Map<String, byte[]> bad = badRecords();
    assertThat(bad.get("oversized").length)
        .isGreaterThan(MAX_FRAME_BYTES + RecordLimits.MAX_METADATA_BYTES);
    publish(topics.frames(), bad);

    // 300 ms a frame (the first generation's pace, with which this test was written): checkpoints
    // (every 300 ms) complete before the failure at frame 30; at 60 frames/s none would. A queue of
    // 4 frames makes the operator label as frames come in: with all 60 queued (they arrive at once,
    // each record flushed), the bounded input would end first and its last step label them all
    // in one go, with no checkpoint in between.
    FailingOnceLabelerFactory labeler = new FailingOnceLabelerFactory(MODEL, GOOD_FRAMES / 2, 300);
    JobOptions options =
        JobOptions.builder()
            .bootstrapServers(kafka.bootstrapServers())
            .topics(topics)
            .groupId("it-labeler")
            .device(DeviceSpec.cpu())
            .batchSize(1)
            .parallelism(PARALLELISM)
            .checkpointInterval(Duration.ofMillis(300))
            .maxFrameBytes(MAX_FRAME_BYTES)
            .transactionTimeout(Duration.ofMinutes(2))
            .transactionalIdPrefix("it-" + System.nanoTime())
            .archive() // frames captured in 2023: every one must be labeled, not skipped as late
            .set(JobOptionDeclarations.MAX_QUEUED_FRAMES, 4)
            .build();
    StreamingLabelingJob job =
        StreamingLabelingJob.onKafka(options, KafkaWiring.frameSourceUntilLatest(options), labeler);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobClient client = job.executeAsync(env);
    client.getJobExecutionResult().get(4, TimeUnit.MINUTES);

    // The job failed once, inside the labeling operator, and came back from a checkpoint.
    System.out.printf(
        "labelers opened %d, frames labeled incl. repeats %d, checkpoints restored %d%n",
        labeler.labelersOpened(),
        labeler.framesLabeled(),
        restoredCheckpoints(miniCluster, client.getJobID()));
    assertThat(labeler.hasFailed()).isTrue();
    assertThat(labeler.labelersOpened()).isEqualTo(2 * PARALLELISM);
    long restored = restoredCheckpoints(miniCluster, client.getJobID());
    assertThat(restored).as("restored from a checkpoint").isGreaterThanOrEqualTo(1);
    // Not everything twice: the restart resumed from a checkpoint. (Frames queued in the operator
    // at that checkpoint, and those the other subtask labeled while the job failed over, repeat.)
    assertThat(labeler.framesLabeled())
        .as("frames labeled, repeats after the restart included")
        .isLessThan(2 * GOOD_FRAMES);

    // Exactly one committed mask per (camera, sequence).
    List<MaskRecord> masks = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record :
        TopicContents.readCommitted(kafka.bootstrapServers(), topics.masks())) {
      MaskRecord mask = MaskRecordFormat.INSTANCE.read(record.value(), RecordLimits.DEFAULTS);
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(mask.cameraId());
      masks.add(mask);
    }
    Set<String> ids = new HashSet<>();
    masks.forEach(m -> ids.add(m.cameraId() + "#" + m.sequence()));
    System.out.printf(
        "frames in: %d good + %d bad; masks out (read_committed): %d, distinct (camera, sequence):"
            + " %d; frames labeled incl. repeats: %d; checkpoints restored: %d%n",
        GOOD_FRAMES, bad.size() + 1, masks.size(), ids.size(), labeler.framesLabeled(), restored);
    assertThat(masks).hasSize(GOOD_FRAMES);
    assertThat(ids).hasSize(GOOD_FRAMES);
    for (String camera : CAMERAS) {
      List<Long> sequences =
          masks.stream()
              .filter(m -> m.cameraId().equals(camera))
              .map(MaskRecord::sequence)
              .toList();
      assertThat(sequences)
          .as("masks of %s in order", camera)
          .containsExactlyElementsOf(LongStream.range(0, FRAMES_PER_CAMERA).boxed().toList());
    }

    // The masks are what the labeler API gives for the same frames, each camera's in order through
    // the temporal filter (the job's default): the filter state restored from the checkpoint went
    // on as if the job had never failed.
    try (SceneModel model = MODEL.loadModel(DeviceSpec.cpu());
        SceneLabeler api = model.newLabeler()) {
      List<MaskRecord> inOrder = new ArrayList<>(masks);
      inOrder.sort(
          java.util.Comparator.comparing(MaskRecord::cameraId)
              .thenComparingLong(MaskRecord::sequence));
      VideoSequenceLabeler sequence = null;
      for (MaskRecord mask : inOrder) {
        if (mask.sequence() == 0) {
          sequence = new VideoSequenceLabeler(api, TemporalFilterSettings.flow());
        }
        Mat frame =
            SyntheticFrames.mat(
                mask.cameraId(), mask.sequence(), SyntheticFrames.WIDTH, SyntheticFrames.HEIGHT);
        try {
          var expected =
              sequence.label(
                  frame,
                  new FramePosition(mask.sequence(), SyntheticFrames.captureMs(mask.sequence())));
          assertThat(mask.classIndices())
              .as("mask of %s #%d", mask.cameraId(), mask.sequence())
              .isEqualTo(expected.classes());
          assertThat(mask.modelId()).isEqualTo(model.info().modelId());
        } finally {
          frame.release();
        }
      }
    }

    // Stats are at-least-once: every frame has one, repeats allowed.
    Set<String> statsIds = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> record :
        TopicContents.readCommitted(kafka.bootstrapServers(), topics.maskStats())) {
      var stats = MaskStatsJson.INSTANCE.read(record.value(), RecordLimits.DEFAULTS);
      statsIds.add(stats.camera() + "#" + stats.sequence());
      // Written in the label set's order, as FORMATS.md says (they cross a task boundary on the
      // way).
      assertThat(stats.classFractions().keySet())
          .containsExactlyElementsOf(LabelSet.SCENE6.names());
    }
    assertThat(statsIds).isEqualTo(ids);

    // Every bad record is in the dead-letter topic, byte-identical, with its reason.
    List<DeadLetter> letters =
        TopicContents.readCommitted(kafka.bootstrapServers(), topics.deadLetters()).stream()
            .map(DeadLetterFormat::fromConsumerRecord)
            .toList();
    letters.forEach(l -> System.out.printf("dead letter %-12s %s%n", l.stage(), l.reason()));
    assertThat(letters).hasSize(bad.size() + 1);
    Map<String, DeadLetter> byValue = new HashMap<>();
    letters.forEach(
        l ->
            byValue.put(
                l.original().value() == null ? "null" : Arrays.toString(l.original().value()), l));
    assertThat(byValue.get("null").reason()).contains("null");
    assertReason(byValue, bad.get("garbage"), "parse-frame", "magic");
    assertReason(byValue, bad.get("wrong version"), "parse-frame", "version");
    // Cut 10 bytes short inside the image (the last field): the reason says where and by how much.
    int truncatedImage = SyntheticFrames.frame("cam-north", 999).image().length;
    assertReason(
        byValue,
        bad.get("truncated"),
        "parse-frame",
        StreamingLabelingJobInMemoryTest.truncatedReason(
            truncatedImage, bad.get("truncated").length + 10));
    assertReason(byValue, bad.get("truncated JPEG"), "decode-image", "end-of-image");
    assertReason(byValue, bad.get("oversized"), "parse-frame", "limit");
  }

  private static void assertReason(
      Map<String, DeadLetter> byValue, byte[] value, String stage, String reasonPart) {
    DeadLetter letter = byValue.get(Arrays.toString(value));
    assertThat(letter).isNotNull();
    assertThat(letter.stage()).isEqualTo(stage);
    assertThat(letter.reason()).containsIgnoringCase(reasonPart);
  }

  /** Good frames of both cameras in sequence order, the bad records spread among them. */
  private static void publish(String topic, Map<String, byte[]> bad) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 << 20));
    List<byte[]> badValues = new ArrayList<>(bad.values());
    badValues.add(null); // a tombstone
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int seq = 0; seq < FRAMES_PER_CAMERA; seq++) {
        for (String camera : CAMERAS) {
          FrameRecord frame = SyntheticFrames.frame(camera, seq);
          producer.send(
              new ProducerRecord<>(
                  topic,
                  null,
                  frame.captureTimestampMs(),
                  camera.getBytes(StandardCharsets.UTF_8),
                  SyntheticFrames.value(frame)));
        }
        if (seq % 5 == 2 && !badValues.isEmpty()) {
          String camera = CAMERAS.get(seq % 2);
          producer.send(
              new ProducerRecord<>(
                  topic,
                  null,
                  SyntheticFrames.captureMs(seq),
                  camera.getBytes(StandardCharsets.UTF_8),
                  badValues.remove(0)));
        }
      }
      producer.flush();
    }
    assertThat(badValues).isEmpty();
  }

  private static long restoredCheckpoints(MiniCluster miniCluster, JobID jobId) throws Exception {
    AccessExecutionGraph graph = miniCluster.getArchivedExecutionGraph(jobId).get();
    return graph.getCheckpointStatsSnapshot().getCounts().getNumberOfRestoredCheckpoints();
  }
}
