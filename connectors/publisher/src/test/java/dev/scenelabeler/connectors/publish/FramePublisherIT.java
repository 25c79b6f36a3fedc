package dev.scenelabeler.connectors.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.kafka.EmbeddedKafkaBroker;
import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.records.RecordSerdes;
import dev.scenelabeler.connectors.video.RecordedClips;
import dev.scenelabeler.connectors.video.TestData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine;

/** The publisher against a real embedded broker: one broker for the class, a topic per test. */
class FramePublisherIT {

  static final Path CLIP = TestData.clip();
  static final Path FOLDER = TestData.root().resolve("folder");
  static final Path TRUNCATED = TestData.truncatedClip();
  static final int CLIP_FRAMES = 60;

  @AutoClose private static EmbeddedKafkaBroker kafka;

  @BeforeAll
  static void startBroker() {
    assertThat(CLIP).as("test-data clip (committed)").exists();
    kafka = EmbeddedKafkaBroker.startDefault();
  }

  @Test
  void shouldDeliverEveryFrameOnceInOrderPerCameraByteIdentical() {
    String topic = topic("frames-clip", 3);

    Run run =
        publishKeepingWhatWasSent(
            publisherAsFastAsItCan(topic),
            List.of(
                CameraFeed.of("cam-a", CLIP),
                CameraFeed.of("cam-b", CLIP),
                CameraFeed.of("cam-folder", FOLDER)));

    assertThat(run.result().failures()).isEmpty();
    assertThat(run.result().framesByCamera())
        .containsExactly(
            Map.entry("cam-a", (long) CLIP_FRAMES),
            Map.entry("cam-b", (long) CLIP_FRAMES),
            Map.entry("cam-folder", 3L));
    Map<String, List<FrameRecord>> received =
        consumeAll(topic, 2 * CLIP_FRAMES + 3).stream()
            .collect(Collectors.groupingBy(FrameRecord::cameraId));
    Map<String, List<FrameRecord>> expected =
        run.sent().stream().collect(Collectors.groupingBy(FrameRecord::cameraId));
    for (String camera : List.of("cam-a", "cam-b", "cam-folder")) {
      List<FrameRecord> frames = received.get(camera);
      assertThat(frames)
          .extracting(FrameRecord::sequence)
          .as("sequences of %s, once each, in order", camera)
          .containsExactlyElementsOf(range(expected.get(camera).size()));
      assertThat(frames)
          .as("frames of %s byte-identical to what was encoded", camera)
          .containsExactlyElementsOf(expected.get(camera));
    }
    FrameRecord first = received.get("cam-a").get(0);
    assertThat(first.encoding()).isEqualTo(ImageEncoding.JPEG);
    assertThat(first.width()).isEqualTo(480);
    assertThat(first.height()).isEqualTo(360);
    Mat decoded = Imgcodecs.imdecode(new MatOfByte(first.image()), Imgcodecs.IMREAD_COLOR);
    assertThat(decoded.cols()).isEqualTo(480);
    assertThat(decoded.rows()).isEqualTo(360);
    assertThat(received.get("cam-folder").get(0).width()).isEqualTo(160);
  }

  @Test
  void shouldPublishAPhoneClipStoredSidewaysUprightAsPlayersShowIt(
      @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path rotated = RecordedClips.rotated(tmp); // stored 360x480, tagged
    String topic = topic("frames-rotated", 1);
    try (FramePublisher publisher =
        publisherAsFastAsItCan(topic).optMaxFramesPerCamera(3).build()) {
      publisher.publish(List.of(CameraFeed.of("phone", rotated)));
    }
    List<FrameRecord> received = consumeAll(topic, 3);
    for (FrameRecord frame : received) {
      assertThat(frame.width()).isEqualTo(480);
      assertThat(frame.height()).isEqualTo(360);
      Mat image = Imgcodecs.imdecode(new MatOfByte(frame.image()), Imgcodecs.IMREAD_COLOR);
      assertThat(image.cols()).as("the image itself is upright").isEqualTo(480);
      assertThat(image.rows()).isEqualTo(360);
      image.release();
    }
  }

  @Test
  void shouldLoopWithContinuingSequenceUntilTheFrameLimit() {
    String topic = topic("frames-loop", 1);

    Run run =
        publishKeepingWhatWasSent(
            publisherAsFastAsItCan(topic)
                .optLoop(true)
                .optMaxFramesPerCamera(10)
                .optEncoding(ImageEncoding.PNG),
            List.of(CameraFeed.of("looper", FOLDER)));

    assertThat(run.result().frames()).isEqualTo(10);
    List<FrameRecord> received = consumeAll(topic, 10);
    assertThat(received).extracting(FrameRecord::sequence).containsExactlyElementsOf(range(10));
    assertThat(received).containsExactlyElementsOf(run.sent());
    // Lossless PNG of the same folder image on every pass: frame 0, 3, 6 and 9 are identical.
    assertThat(received.get(3).image()).isEqualTo(received.get(0).image());
    assertThat(received.get(9).image()).isEqualTo(received.get(0).image());
    assertThat(received.get(1).image()).isNotEqualTo(received.get(0).image());
  }

  @Test
  void shouldPublishFramesBeforeTheDamageAndReportTheBrokenSource() {
    String topic = topic("frames-truncated", 2);

    PublishResult result;
    try (FramePublisher publisher = publisherAsFastAsItCan(topic).build()) {
      result =
          publisher.publish(
              List.of(CameraFeed.of("broken", TRUNCATED), CameraFeed.of("fine", FOLDER)));
    }

    assertThat(result.framesByCamera().get("fine")).isEqualTo(3);
    // ffprobe reads 24 complete frames from the truncated clip (test-data/README.md).
    assertThat(result.framesByCamera().get("broken")).isEqualTo(24);
    assertThat(result.failures())
        .singleElement()
        .asString()
        .startsWith("broken (" + TRUNCATED + ")")
        .contains("truncated.mp4");
    List<FrameRecord> broken =
        consumeAll(topic, result.frames()).stream()
            .filter(f -> f.cameraId().equals("broken"))
            .toList();
    assertThat(broken)
        .extracting(FrameRecord::sequence)
        .containsExactlyElementsOf(range(result.framesByCamera().get("broken").intValue()));
    System.out.println(
        "truncated clip: "
            + broken.size()
            + " frames published, then: "
            + result.failures().get(0));
  }

  @Test
  void shouldPublishFromTheCommandLineAndPrintThroughput() {
    String topic = topic("frames-cli", 1);
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new PublishCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));

    int exit =
        cli.execute(
            "--bootstrap",
            kafka.bootstrapServers(),
            "--topic",
            topic,
            "--rate",
            "max",
            "--camera",
            "cli-cam",
            "--resize",
            "240x180",
            "--jpeg-quality",
            "80",
            CLIP.toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .containsPattern(
            "published 60 frames from 1 camera\\(s\\), [0-9.]+ MB in [0-9.]+ s: [0-9.]+ frames/s,"
                + " [0-9.]+ MB/s \\(first frame after [0-9.]+ s, then [0-9.]+ frames/s, [0-9.]+"
                + " MB/s\\)");
    List<FrameRecord> received = consumeAll(topic, 60);
    assertThat(received)
        .allSatisfy(
            f -> {
              assertThat(f.cameraId()).isEqualTo("cli-cam");
              assertThat(f.width()).isEqualTo(240);
              assertThat(f.height()).isEqualTo(180);
            });
  }

  @Test
  void shouldFailClearlyWhenTheTopicDoesNotExist() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new PublishCommand());
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, c, p) -> {
          c.getErr().println("error: " + e.getMessage());
          return 1;
        });

    int exit =
        cli.execute(
            "--bootstrap", kafka.bootstrapServers(), "--topic", "no-such-topic", CLIP.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .contains("topic 'no-such-topic' does not exist on " + kafka.bootstrapServers());
  }

  @Test
  void shouldRejectDuplicateCameraIdsAndMissingFilesAsUsageErrors() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new PublishCommand());
    cli.setErr(new PrintWriter(err, true));

    assertThat(cli.execute("a=" + CLIP, "a=" + FOLDER)).isEqualTo(2);
    assertThat(cli.execute("cam=missing.mp4")).isEqualTo(2);
    assertThat(cli.execute("--resize", "480by360", CLIP.toString())).isEqualTo(2);
    assertThat(cli.execute("--encoding", "webp", CLIP.toString())).isEqualTo(2);
    assertThat(cli.execute("--rate", "fast", CLIP.toString())).isEqualTo(2);

    assertThat(err.toString())
        .contains("camera ids must be distinct, got [a, a]")
        .contains("source 'missing.mp4' of camera cam does not exist")
        .contains("--resize must be WIDTHxHEIGHT such as 480x360, got '480by360'")
        .contains("--encoding must be jpeg or png, got 'webp'")
        .contains("rate must be 'realtime', 'max' or frames per second such as 15, got 'fast'");
  }

  /**
   * A publisher to {@code topic} of the test broker, not paced: the tests check what arrives, not
   * when.
   */
  private static FramePublisher.Builder publisherAsFastAsItCan(String topic) {
    return FramePublisher.builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .optTopic(topic)
        .optRate(PublishRate.parse("max"));
  }

  /** What one publish reported, and every frame it sent, in send order. */
  private record Run(PublishResult result, List<FrameRecord> sent) {}

  private static Run publishKeepingWhatWasSent(
      FramePublisher.Builder builder, List<CameraFeed> feeds) {
    Queue<FrameRecord> sent = new ConcurrentLinkedQueue<>();
    PublishResult result;
    try (FramePublisher publisher = builder.optSentListener(sent::add).build()) {
      result = publisher.publish(feeds);
    }
    return new Run(result, List.copyOf(sent)); // after close: every send has been acknowledged
  }

  private static String topic(String name, int partitions) {
    kafka.createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
    return name;
  }

  private static List<Long> range(int n) {
    List<Long> values = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      values.add(i);
    }
    return values;
  }

  /**
   * Every record of the topic, partition by partition (order holds within a partition, so per
   * camera).
   */
  private static List<FrameRecord> consumeAll(String topic, long expected) {
    try (KafkaConsumer<String, FrameRecord> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                16 * 1024 * 1024),
            new StringDeserializer(),
            RecordSerdes.frames())) {
      Collection<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<FrameRecord> records = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 30_000;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, FrameRecord> record : consumer.poll(Duration.ofMillis(200))) {
          assertThat(record.key()).isEqualTo(record.value().cameraId());
          assertThat(record.timestamp()).isEqualTo(record.value().captureTimestampMs());
          records.add(record.value());
        }
      }
      assertThat(records).as("records in %s", topic).hasSize((int) expected);
      return records;
    }
  }
}
