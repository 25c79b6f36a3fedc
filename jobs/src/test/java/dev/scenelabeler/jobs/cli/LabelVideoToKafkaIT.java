package dev.scenelabeler.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.kafka.EmbeddedKafkaBroker;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskRecordFormat;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.video.RecordedClips;
import dev.scenelabeler.jobs.testing.TestDataFiles;
import dev.scenelabeler.jobs.testing.TopicContents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code label-video --to-kafka} as a consumer of the masks topic sees it: every sampled frame's
 * mask, committed, keyed by the video's camera id, with a capture time in epoch ms (FORMATS.md):
 * the container's creation time plus the frame's presentation time, or the wall clock when the
 * video was opened where the container has no creation time.
 */
class LabelVideoToKafkaIT {

  private static final double CLIP_FPS = 15;
  private static final String RECORDED_AT = "2025-06-30T07:45:12Z";

  @TempDir Path inputs;

  @Test
  void shouldPublishMasksWithEpochCaptureTimesFromTheContainerOrTheWallClock() throws Exception {
    Path tagged =
        Files.move(
            RecordedClips.recordedAt(inputs, "2025-06-30T07:45:12.000000Z"),
            inputs.resolve("a-tagged.mp4"));
    Path untagged = Files.copy(TestDataFiles.streetClip(), inputs.resolve("b-untagged.mp4"));
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.startDefault()) {
      kafka.createTopics(List.of(new NewTopic("masks", 2, (short) 1)));
      long before = System.currentTimeMillis();
      int exit =
          new CommandLine(new LabelVideoCommand())
              .execute(
                  tagged.toString(),
                  untagged.toString(),
                  "--to-kafka",
                  "--bootstrap",
                  kafka.bootstrapServers(),
                  "--masks-topic",
                  "masks",
                  "--every",
                  "4",
                  "--device",
                  "cpu",
                  "--model",
                  "untrained:farabet2013");
      long after = System.currentTimeMillis();
      assertThat(exit).isZero();

      Map<String, List<MaskRecord>> byCamera =
          TopicContents.readCommitted(kafka.bootstrapServers(), "masks").stream()
              .map(LabelVideoToKafkaIT::mask)
              .collect(Collectors.groupingBy(MaskRecord::cameraId));
      assertThat(byCamera).containsOnlyKeys("a-tagged", "b-untagged");

      long recordedAt = Instant.parse(RECORDED_AT).toEpochMilli();
      List<MaskRecord> fromTagged = byCamera.get("a-tagged");
      assertThat(fromTagged).hasSize(15); // 60 frames, every 4th
      for (MaskRecord mask : fromTagged) {
        assertThat(mask.captureTimestampMs())
            .as("frame %d", mask.sequence())
            .isEqualTo(recordedAt + (long) Math.floor(mask.sequence() * 1000 / CLIP_FPS));
      }

      List<MaskRecord> fromUntagged = byCamera.get("b-untagged");
      assertThat(fromUntagged).hasSize(15);
      for (MaskRecord mask : fromUntagged) {
        long start =
            mask.captureTimestampMs() - (long) Math.floor(mask.sequence() * 1000 / CLIP_FPS);
        assertThat(start)
            .as("frame %d: wall clock when the video was opened", mask.sequence())
            .isBetween(before, after);
        assertThat(mask.labeledTimestampMs()).isBetween(before, after);
      }
    }
  }

  private static MaskRecord mask(ConsumerRecord<byte[], byte[]> record) {
    MaskRecord mask = MaskRecordFormat.INSTANCE.read(record.value(), RecordLimits.DEFAULTS);
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(mask.cameraId());
    return mask;
  }
}
