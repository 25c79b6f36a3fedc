package dev.scenelabeler.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.app.local.DemoClip;
import dev.scenelabeler.app.testing.CliProcess;
import dev.scenelabeler.app.testing.StreamArgs;
import dev.scenelabeler.connectors.publish.CameraFeed;
import dev.scenelabeler.connectors.publish.FramePublisher;
import dev.scenelabeler.connectors.publish.PublishRate;
import dev.scenelabeler.connectors.publish.PublishResult;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskRecordFormat;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.connectors.video.FrameSourceOptions;
import dev.scenelabeler.jobs.local.LocalFlink;
import dev.scenelabeler.jobs.testing.TopicContents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker drill of issue 12 as a test: {@code ./scene-labeler kafka --data-dir DIR} and {@code
 * ./scene-labeler stream} each in a JVM of its own, the test clip replayed at 5 frames/s for 60
 * frames, the broker killed with SIGKILL a few seconds in and started again on the same data
 * directory. Counted at read_committed: 60 masks, 60 distinct, none missing; every mask carries its
 * frame's capture time on the clip's timeline (frames held up by the outage too), so the latency
 * figures show the outage; the publisher said its sends were blocked, and the restarted broker that
 * it was recovering its logs.
 */
class BrokerKillDrillIT {

  private static final int FRAMES = 60;
  private static final double FPS = 5;
  private static final Duration WAIT = Duration.ofMinutes(5); // generous: the machine may be busy

  @TempDir Path work;

  @Test
  void shouldLabelEveryFrameOnceThroughABrokerKillWithCaptureTimesFromTheClip() throws Exception {
    int port = LocalFlink.freePort(0);
    String bootstrap = "127.0.0.1:" + port;
    List<String> kafkaArgs =
        List.of(
            "kafka",
            "--port",
            Integer.toString(port),
            "--data-dir",
            work.resolve("kafka").toString(),
            "--partitions",
            "2");
    List<String> streamArgs = StreamArgs.archive(bootstrap, work.resolve("checkpoints"));
    List<FramePublisher.SendStall> stalls = new CopyOnWriteArrayList<>();
    AtomicLong handedOver = new AtomicLong();

    CliProcess kafka = CliProcess.start("kafka-1", work, kafkaArgs);
    CliProcess restarted = null;
    awaitReady(kafka);
    try (CliProcess stream = CliProcess.start("stream", work, streamArgs);
        FramePublisher publisher =
            FramePublisher.builder()
                .setBootstrapServers(bootstrap)
                .optRate(new PublishRate.FramesPerSecond(FPS))
                .optMaxFramesPerCamera(FRAMES)
                .optSourceOptions(FrameSourceOptions.defaults().resize(160, 120))
                .optSentListener(frame -> handedOver.incrementAndGet())
                .optStallListener(stalls::add, Duration.ofSeconds(2))
                .build()) {
      stream.awaitUntil(
          "job start", WAIT, () -> stream.output().contains("Starting scene-labeler streaming"));
      CompletableFuture<PublishResult> publishing =
          CompletableFuture.supplyAsync(
              () -> publisher.publish(List.of(CameraFeed.of("cam-1", DemoClip.locate()))));

      kafka.awaitUntil("15 frames handed to the producer", WAIT, () -> handedOver.get() >= 15);
      long killedAt = System.currentTimeMillis();
      kafka.kill();
      Thread.sleep(5_000);
      restarted = CliProcess.start("kafka-2", work, kafkaArgs);
      awaitReady(restarted);
      long backAt = System.currentTimeMillis();

      PublishResult published = publishing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(published.frames()).as("frames acknowledged").isEqualTo(FRAMES);
      stream.awaitUntil(
          "mask for every frame",
          WAIT,
          () -> masks(bootstrap).stream().map(MaskRecord::sequence).distinct().count() >= FRAMES);
      Thread.sleep(3_000); // a repeat would be committed within a few checkpoints

      List<MaskRecord> masks = masks(bootstrap);
      long distinct = masks.stream().map(MaskRecord::sequence).distinct().count();
      long missing =
          FRAMES
              - masks.stream().map(MaskRecord::sequence).filter(s -> s < FRAMES).distinct().count();
      List<Long> latencies =
          new ArrayList<>(
              masks.stream()
                  .map(m -> m.labeledTimestampMs() - m.captureTimestampMs())
                  .sorted()
                  .toList());
      long outage = backAt - killedAt;
      System.out.printf(
          "[broker drill] frames acked %d, masks visible %d, distinct %d, duplicates %d, missing"
              + " %d; broker down %d ms; capture->labelled latency p50 %d ms, max %d ms; publisher"
              + " stall reports %d%s%n",
          published.frames(),
          masks.size(),
          distinct,
          masks.size() - distinct,
          missing,
          outage,
          latencies.get(latencies.size() / 2),
          latencies.get(latencies.size() - 1),
          stalls.size(),
          stalls.isEmpty() ? "" : " (first: " + stalls.get(0).describe() + ")");

      assertThat(masks).hasSize(FRAMES);
      assertThat(distinct).isEqualTo(FRAMES);
      assertThat(missing).isZero();
      // Capture times come from the clip's timeline at 5 frames/s, not from when the frames got
      // out.
      MaskRecord first =
          masks.stream().min(Comparator.comparingLong(MaskRecord::sequence)).orElseThrow();
      for (MaskRecord mask : masks) {
        long expected = first.captureTimestampMs() + Math.round(mask.sequence() * 1000 / FPS);
        assertThat(mask.captureTimestampMs())
            .as("capture time of frame %d", mask.sequence())
            .isBetween(expected - 1, expected + 1);
      }
      // A frame due just after the kill could not be labelled before the broker was back.
      assertThat(latencies.get(latencies.size() - 1))
          .as("largest latency shows the outage")
          .isGreaterThanOrEqualTo(outage - 1_000);
      assertThat(stalls).as("publisher reported blocked sends").isNotEmpty();
      assertThat(restarted.output()).contains("was not shut down cleanly: recovering its logs");
    } finally {
      kafka.kill();
      if (restarted != null) {
        restarted.kill();
      }
    }
  }

  private static void awaitReady(CliProcess kafka) throws InterruptedException {
    kafka.awaitUntil("broker ready", WAIT, () -> kafka.output().contains("Kafka broker ready"));
  }

  private static List<MaskRecord> masks(String bootstrap) {
    return TopicContents.readCommitted(bootstrap, Topics.MASKS).stream()
        .map(r -> MaskRecordFormat.INSTANCE.read(r.value(), RecordLimits.DEFAULTS))
        .toList();
  }
}
