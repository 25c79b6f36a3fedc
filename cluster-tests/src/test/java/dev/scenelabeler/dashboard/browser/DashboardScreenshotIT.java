package dev.scenelabeler.dashboard.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.kafka.EmbeddedKafkaBroker;
import dev.scenelabeler.connectors.kafka.KafkaTopics;
import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.records.MaskPng;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.connectors.video.FrameSource;
import dev.scenelabeler.connectors.video.VideoFrame;
import dev.scenelabeler.dashboard.DashboardOptions;
import dev.scenelabeler.dashboard.DashboardServer;
import dev.scenelabeler.dashboard.SyntheticScene;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A screenshot of the dashboard without a model (docs/dashboard.png comes from a real demo, made by
 * docs/dashboard-screenshot.sh): three cameras replay the project's street clip (test-data/street,
 * rendered by the project, not CamVid) with its exact ground-truth labels standing in for the
 * labeler's masks, through a real broker, into the dashboard, for 40 s; then a 1920x1080
 * screenshot. Runs only when asked: {@code mvn -B -o -pl cluster-tests test
 * -Dtest=DashboardScreenshotIT -Ddashboard.screenshot=/tmp/synthetic.png}
 */
class DashboardScreenshotIT {

  private static final Path STREET = Path.of("../test-data/street");
  private static final String[] CAMERAS = {"market-st", "harbour-rd", "station-sq"};
  private static final long FRAME_MS = 1000 / 15;

  @Test
  void shouldWriteAScreenshotOfTheDashboardReplayingTheStreetClip() throws Exception {
    String target = System.getProperty("dashboard.screenshot", "");
    Assumptions.assumeFalse(
        target.isBlank(), "screenshot not asked for (-Ddashboard.screenshot=PATH)");
    Assumptions.assumeTrue(HeadlessChromium.isInstalled(), "needs chromium");
    Assumptions.assumeTrue(Files.isDirectory(STREET), "needs test-data/street");

    List<byte[]> jpegs = new ArrayList<>();
    List<byte[]> labels = new ArrayList<>();
    try (FrameSource source = FrameSource.open(STREET.resolve("street-480x360-15fps.mp4"))) {
      for (Optional<VideoFrame> frame = source.next(); frame.isPresent(); frame = source.next()) {
        MatOfByte jpeg = new MatOfByte();
        Imgcodecs.imencode(".jpg", frame.get().bgr(), jpeg);
        jpegs.add(jpeg.toArray());
        jpeg.release();
        frame.get().bgr().release();
        labels.add(
            MaskPng.decode(
                Files.readAllBytes(
                    STREET.resolve(String.format("labels/label-%04d.png", jpegs.size() - 1))),
                480,
                360));
      }
    }

    Path profile = Files.createTempDirectory("dashboard-shot-chromium-");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startDefault()) {
      broker.createTopics(KafkaTopics.defaults(Topics.DEFAULTS, 1));
      DashboardOptions options =
          DashboardOptions.defaults(broker.bootstrapServers())
              .withPort(0)
              .withHistory(Duration.ofMinutes(1));
      try (DashboardServer dashboard = DashboardServer.start(options);
          PipelineProducer producer =
              new PipelineProducer(broker.bootstrapServers(), Duration.ofMillis(5))) {
        assertThat(dashboard.awaitFeedReady(Duration.ofSeconds(30))).isTrue();
        ChromeDriver browser = HeadlessChromium.start(profile, 1920, 1080, "--hide-scrollbars");
        try {
          browser.get(dashboard.uri().toString());
          replay(producer, jpegs, labels, Duration.ofSeconds(40));
          Thread.sleep(1500);
          Files.write(Path.of(target), browser.getScreenshotAs(OutputType.BYTES));
          System.out.println("[dashboard] screenshot saved to " + Path.of(target).toAbsolutePath());
        } finally {
          browser.quit();
        }
      }
    }
  }

  /** Each camera starts at a different point of the clip and loops it at 15 frames/s. */
  private static void replay(
      PipelineProducer producer, List<byte[]> jpegs, List<byte[]> labels, Duration howLong)
      throws Exception {
    long end = System.currentTimeMillis() + howLong.toMillis();
    for (long sequence = 0; System.currentTimeMillis() < end; sequence++) {
      long capture = System.currentTimeMillis();
      for (int c = 0; c < CAMERAS.length; c++) {
        int index = (int) ((sequence + c * 20) % jpegs.size());
        producer.frame(
            new FrameRecord(
                CAMERAS[c], sequence, capture, ImageEncoding.JPEG, 480, 360, jpegs.get(index)));
        MaskRecord mask =
            MaskRecord.builder()
                .setFrame(CAMERAS[c], sequence, capture)
                .setLabeledTimestampMs(System.currentTimeMillis())
                .setModel("ground-truth", "test-data")
                .setLabelSet(SyntheticScene.LABEL_SET)
                .setClassIndices(480, 360, labels.get(index))
                .setMeanConfidence(0.9f)
                .build();
        producer.mask(mask);
        producer.stats(MaskStats.of(mask));
      }
      Thread.sleep(Math.max(0, capture + FRAME_MS - System.currentTimeMillis()));
    }
    producer.flush();
  }
}
