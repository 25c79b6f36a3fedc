package dev.scenelabeler.jobs.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.records.DeadLetter;
import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.connectors.records.RawRecord;
import dev.scenelabeler.jobs.labeling.Stages;
import dev.scenelabeler.jobs.options.JobOptionDeclarations;
import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.testing.FakeLabelerFactory;
import dev.scenelabeler.jobs.testing.FlinkMiniClusters;
import dev.scenelabeler.jobs.testing.SyntheticFrames;
import dev.scenelabeler.jobs.testing.TestDataFiles;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.temporal.TemporalFilterSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streaming job's whole graph on an in-process MiniCluster at parallelism 2, without a broker:
 * a bounded source of synthetic frame records, collecting sinks and the fake labeler stand in for
 * Kafka and the network. It runs in seconds, so it is in the fast tier ({@code mvn test}); {@link
 * StreamingLabelingJobIT} runs the same graph against a broker with the real network.
 */
class StreamingLabelingJobInMemoryTest {

  private static final int PARALLELISM = 2;
  private static final List<String> CAMERAS = List.of("cam-north", "cam-south");
  private static final int FRAMES_PER_CAMERA = 20;
  private static final String GARBAGE = "definitely not a frame record, just some ASCII text";

  @RegisterExtension
  static final MiniClusterExtension FLINK = FlinkMiniClusters.withSlots(PARALLELISM);

  /** A bad value and the dead letter (stage, part of the reason) it must become. */
  private record BadValue(byte[] value, String stage, String reasonPart) {}

  /** A bad value placed in a camera's partition. */
  private record Bad(RawRecord record, String stage, String reasonPart) {}

  /** Plays the records back by index; each is a plain value, so the function ships to the tasks. */
  private static final class RecordAt implements GeneratorFunction<Long, RawRecord> {
    private static final long serialVersionUID = 1L;
    private final ArrayList<RawRecord> records;

    RecordAt(List<RawRecord> records) {
      this.records = new ArrayList<>(records);
    }

    @Override
    public RawRecord map(Long index) {
      return records.get(Math.toIntExact(index));
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void shouldLabelEveryFrameInSequencePerCameraWithStatsAndDeadLetterTheBadRecords()
      throws Exception {
    Map<String, List<BadValue>> badValues = badValues();
    List<RawRecord> records = new ArrayList<>();
    List<Bad> bad = new ArrayList<>();
    for (int c = 0; c < CAMERAS.size(); c++) {
      records.addAll(partition(CAMERAS.get(c), c, badValues.get(CAMERAS.get(c)), bad));
    }
    // The source splits the indices into one half per subtask: each half is one camera's partition,
    // read in order, as a Kafka partition would be.
    DataGeneratorSource<RawRecord> source =
        new DataGeneratorSource<>(
            new RecordAt(records), records.size(), TypeInformation.of(RawRecord.class));
    CollectingSink<MaskRecord> masks = new CollectingSink<>();
    CollectingSink<MaskStats> stats = new CollectingSink<>();
    CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
    JobOptions options =
        JobOptions.builder()
            .device(DeviceSpec.cpu())
            .batchSize(2)
            .parallelism(PARALLELISM)
            .archive() // frames captured in 2023: every one must be labeled, not skipped as late
            // each mask as the fake labels its frame alone (CameraStateRescaleTest: the filter)
            .set(JobOptionDeclarations.TEMPORAL_FILTER, TemporalFilterSettings.off())
            .build();

    new StreamingLabelingJob(
            options, source, masks, stats, deadLetters, FakeLabelerFactory.create())
        .execute(StreamExecutionEnvironment.getExecutionEnvironment());

    List<Long> allSequences = LongStream.range(0, FRAMES_PER_CAMERA).boxed().toList();
    for (String camera : CAMERAS) {
      List<MaskRecord> cameraMasks =
          masks.collected().stream().filter(m -> m.cameraId().equals(camera)).toList();
      assertThat(cameraMasks)
          .as("masks of %s in order", camera)
          .extracting(MaskRecord::sequence)
          .containsExactlyElementsOf(allSequences);
      for (MaskRecord mask : cameraMasks) {
        byte[] pixels =
            SyntheticFrames.pixels(
                camera, mask.sequence(), SyntheticFrames.WIDTH, SyntheticFrames.HEIGHT);
        assertThat(mask.classIndices())
            .as("mask of %s #%d", camera, mask.sequence())
            .isEqualTo(
                FakeLabelerFactory.expectedMask(
                        pixels, SyntheticFrames.WIDTH, SyntheticFrames.HEIGHT)
                    .classes());
        assertThat(mask.modelId()).isEqualTo(FakeLabelerFactory.INFO.modelId());
      }

      List<MaskStats> cameraStats =
          stats.collected().stream().filter(s -> s.camera().equals(camera)).toList();
      assertThat(cameraStats)
          .as("stats of %s in order", camera)
          .extracting(MaskStats::sequence)
          .containsExactlyElementsOf(allSequences);
      for (int i = 0; i < cameraStats.size(); i++) {
        MaskStats frameStats = cameraStats.get(i);
        assertThat(frameStats.classFractions().keySet())
            .containsExactlyElementsOf(LabelSet.SCENE6.names());
        assertThat(frameStats.classFractions().values())
            .as("fractions of %s #%d", camera, i)
            .containsExactly(boxed(cameraMasks.get(i).classFractions()));
        assertThat(frameStats.skipped()).isZero();
      }
    }

    assertThat(deadLetters.collected())
        .extracting(DeadLetter::original)
        .containsExactlyInAnyOrderElementsOf(bad.stream().map(Bad::record).toList());
    for (Bad each : bad) {
      DeadLetter letter =
          deadLetters.collected().stream()
              .filter(l -> l.original().equals(each.record()))
              .findFirst()
              .orElseThrow();
      assertThat(letter.stage()).as("stage of %s", each.reasonPart()).isEqualTo(each.stage());
      assertThat(letter.reason()).containsIgnoringCase(each.reasonPart());
    }
  }

  /**
   * A camera's partition: its good frames in sequence, its bad values spread among them (added to
   * placed).
   */
  private static List<RawRecord> partition(
      String camera, int partition, List<BadValue> bad, List<Bad> placed) {
    List<RawRecord> records = new ArrayList<>();
    int nextBad = 0;
    for (long seq = 0; seq < FRAMES_PER_CAMERA; seq++) {
      records.add(raw(partition, records.size(), SyntheticFrames.frame(camera, seq)));
      if (seq % 5 == 2 && nextBad < bad.size()) {
        BadValue value = bad.get(nextBad++);
        RawRecord record =
            new RawRecord(
                "frames",
                partition,
                records.size(),
                SyntheticFrames.captureMs(seq),
                camera.getBytes(StandardCharsets.UTF_8),
                value.value(),
                List.of());
        records.add(record);
        placed.add(new Bad(record, value.stage(), value.reasonPart()));
      }
    }
    assertThat(nextBad).as("bad values placed").isEqualTo(bad.size());
    return records;
  }

  private static RawRecord raw(int partition, long offset, FrameRecord frame) {
    return new RawRecord(
        "frames",
        partition,
        offset,
        frame.captureTimestampMs(),
        frame.cameraId().getBytes(StandardCharsets.UTF_8),
        SyntheticFrames.value(frame),
        List.of());
  }

  /**
   * Three bad values per camera, the same number, so each source subtask reads one camera's
   * records.
   */
  private static Map<String, List<BadValue>> badValues() {
    FrameRecord good = SyntheticFrames.frame("cam-north", 999);
    byte[] value = SyntheticFrames.value(good);
    byte[] wrongVersion = value.clone();
    wrongVersion[1] = 7;
    byte[] truncated = Arrays.copyOf(value, value.length - 10);
    FrameRecord truncatedJpeg =
        new FrameRecord(
            "cam-south",
            998,
            0,
            ImageEncoding.JPEG,
            160,
            120,
            TestDataFiles.read(TestDataFiles.corruptJpeg()));
    FrameRecord refused =
        SyntheticFrames.frame(
            "cam-south", 997, FakeLabelerFactory.REFUSED_WIDTH, SyntheticFrames.HEIGHT);
    return Map.of(
        "cam-north",
            List.of(
                new BadValue(
                    GARBAGE.getBytes(StandardCharsets.US_ASCII), Stages.PARSE_FRAME, "magic"),
                new BadValue(wrongVersion, Stages.PARSE_FRAME, "version"),
                new BadValue(null, Stages.PARSE_FRAME, "null")),
        "cam-south",
            List.of(
                new BadValue(
                    truncated,
                    Stages.PARSE_FRAME,
                    truncatedReason(good.image().length, value.length)),
                new BadValue(
                    SyntheticFrames.value(truncatedJpeg), Stages.DECODE_IMAGE, "end-of-image"),
                new BadValue(SyntheticFrames.value(refused), Stages.LABEL, "refused")));
  }

  /** What the frame format says of a record cut 10 bytes short inside its image, the last field. */
  static String truncatedReason(int imageBytes, int recordBytes) {
    return "truncated: field 'image' needs "
        + imageBytes
        + " bytes at offset "
        + (recordBytes - imageBytes)
        + ", only "
        + (imageBytes - 10)
        + " remain (record is "
        + (recordBytes - 10)
        + " bytes)";
  }

  private static Float[] boxed(float[] values) {
    Float[] boxed = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }
}
