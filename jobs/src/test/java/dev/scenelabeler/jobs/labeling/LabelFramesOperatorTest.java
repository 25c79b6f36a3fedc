package dev.scenelabeler.jobs.labeling;

import static dev.scenelabeler.jobs.testing.SyntheticFrames.HEIGHT;
import static dev.scenelabeler.jobs.testing.SyntheticFrames.WIDTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenelabeler.connectors.records.DeadLetter;
import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.RawRecord;
import dev.scenelabeler.jobs.testing.FakeLabelerFactory;
import dev.scenelabeler.jobs.testing.SyntheticFrames;
import dev.scenelabeler.jobs.testing.TestDataFiles;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.SceneMask;
import dev.scenelabeler.models.WorkingSize;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The labeling operator in Flink's operator test harness: output, timers, snapshots, dead letters.
 */
class LabelFramesOperatorTest {

  private static final int MAX_FRAME_BYTES = 64 * 1024;

  private final FakeLabelerFactory labeler = FakeLabelerFactory.create();
  @AutoClose private KeyedOneInputStreamOperatorTestHarness<String, RawRecord, MaskRecord> harness;

  private KeyedOneInputStreamOperatorTestHarness<String, RawRecord, MaskRecord> open(
      LabelerFactory factory, int batch, long maxWaitMs) throws Exception {
    return open(factory, batch, maxWaitMs, FreshnessPolicy.archive());
  }

  private KeyedOneInputStreamOperatorTestHarness<String, RawRecord, MaskRecord> open(
      LabelerFactory factory, int batch, long maxWaitMs, FreshnessPolicy freshness)
      throws Exception {
    return open(
        factory,
        new LabelingSettings(
            DeviceSpec.auto(), batch, Duration.ofMillis(maxWaitMs), MAX_FRAME_BYTES, freshness));
  }

  private KeyedOneInputStreamOperatorTestHarness<String, RawRecord, MaskRecord> open(
      LabelerFactory factory, LabelingSettings settings) throws Exception {
    LabelFramesOperator operator = new LabelFramesOperator(factory, settings);
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            operator, LabelFramesOperatorTest::camera, Types.STRING);
    h.open();
    return h;
  }

  /**
   * Lets the labeling step that is due run: it follows intake by {@link StepScheduler#INTAKE_MS}.
   */
  private void advance(long ms) throws Exception {
    harness.setProcessingTime(harness.getProcessingTime() + ms);
  }

  static String camera(RawRecord raw) {
    return raw.key() == null ? "" : new String(raw.key(), StandardCharsets.UTF_8);
  }

  private void send(String camera, long sequence) throws Exception {
    FrameRecord frame = SyntheticFrames.frame(camera, sequence);
    harness.processElement(SyntheticFrames.raw(frame), frame.captureTimestampMs());
  }

  private static void assertIsMaskOf(MaskRecord mask, String camera, long sequence) {
    SceneMask expected =
        FakeLabelerFactory.expectedMask(
            SyntheticFrames.pixels(camera, sequence, WIDTH, HEIGHT), WIDTH, HEIGHT);
    assertThat(mask.cameraId()).isEqualTo(camera);
    assertThat(mask.sequence()).isEqualTo(sequence);
    assertThat(mask.captureTimestampMs()).isEqualTo(SyntheticFrames.captureMs(sequence));
    assertThat(mask.width()).isEqualTo(WIDTH);
    assertThat(mask.height()).isEqualTo(HEIGHT);
    assertThat(mask.classIndices()).isEqualTo(expected.classes());
    assertThat(mask.classFractions()).containsExactly(expected.classFractions());
    assertThat(mask.modelId()).isEqualTo(FakeLabelerFactory.INFO.modelId());
    assertThat(mask.labelSet().id()).isEqualTo(FakeLabelerFactory.INFO.labelSetId());
  }

  @Test
  void shouldLabelEachFrameIntoAMaskCarryingItsCaptureTimestamp() throws Exception {
    harness = open(labeler, 1, 20);
    send("cam-a", 0);
    send("cam-a", 1);
    assertThat(harness.extractOutputValues()).as("labeling follows intake").isEmpty();
    advance(StepScheduler.INTAKE_MS);
    advance(StepScheduler.INTAKE_MS);

    List<StreamRecord<? extends MaskRecord>> out = harness.extractOutputStreamRecords();
    assertThat(out).hasSize(2);
    assertIsMaskOf(out.get(0).getValue(), "cam-a", 0);
    assertIsMaskOf(out.get(1).getValue(), "cam-a", 1);
    assertThat(out.get(1).getTimestamp()).isEqualTo(SyntheticFrames.captureMs(1));
    assertThat(labeler.batchSizes()).containsExactly(1, 1);
    assertThat(harness.getProcessingTimeService().getNumActiveTimers()).isZero();
  }

  @Test
  void shouldOpenTheLabelerOnCpuWhenNoGpuIsAssigned() throws Exception {
    harness = open(labeler, 1, 20);
    assertThat(labeler.devicesOpened()).containsExactly(DeviceSpec.cpu());
  }

  @Test
  void shouldWaitForAFullBatchThenLabelItInOnePass() throws Exception {
    harness = open(labeler, 3, 1_000);
    send("cam-a", 0);
    send("cam-a", 1);
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.getProcessingTimeService().getNumActiveTimers()).isEqualTo(1);

    send("cam-a", 2);
    advance(StepScheduler.INTAKE_MS); // a full batch does not wait for max wait

    assertThat(harness.extractOutputValues())
        .extracting(MaskRecord::sequence)
        .containsExactly(0L, 1L, 2L);
    assertThat(labeler.batchSizes()).containsExactly(3);
    assertThat(harness.getProcessingTimeService().getNumActiveTimers()).isZero();
  }

  @Test
  void shouldLabelABatchItselfWhenTheQueueReachesTheMaxQueuedFramesGiven() throws Exception {
    harness =
        open(
            labeler,
            new LabelingSettings(
                DeviceSpec.auto(),
                1,
                Duration.ofMillis(10_000),
                MAX_FRAME_BYTES,
                FreshnessPolicy.archive(),
                2));
    send("cam-a", 0);
    send("cam-a", 1);
    assertThat(harness.extractOutputValues()).as("the labeling step is not due yet").isEmpty();

    send("cam-a", 2); // the queue is full: intake labels the oldest frame before taking this one

    assertThat(harness.extractOutputValues()).extracting(MaskRecord::sequence).containsExactly(0L);
    assertThat(((LabelFramesOperator) harness.getOperator()).pendingFrames()).isEqualTo(2);
  }

  @Test
  void shouldLabelAPartialBatchWhenItsOldestFrameHasWaitedMaxWait() throws Exception {
    harness = open(labeler, 4, 50);
    harness.setProcessingTime(100);
    send("cam-a", 0);
    harness.setProcessingTime(120);
    send("cam-a", 1);

    harness.setProcessingTime(149);
    assertThat(harness.extractOutputValues()).isEmpty();
    harness.setProcessingTime(150);

    assertThat(harness.extractOutputValues())
        .extracting(MaskRecord::sequence)
        .containsExactly(0L, 1L);
    assertThat(labeler.batchSizes()).containsExactly(2);
    assertThat(harness.getProcessingTimeService().getNumActiveTimers()).isZero();
  }

  @Test
  void shouldKeepQueuedFramesInTheSnapshotAndLabelThemOnceAfterARestore() throws Exception {
    harness = open(labeler, 4, 10_000);
    send("cam-a", 0);
    send("cam-b", 0);

    harness.prepareSnapshotPreBarrier(1);
    OperatorSubtaskState snapshot = harness.snapshot(1, 1);

    assertThat(harness.extractOutputValues())
        .as("a checkpoint does not wait for labeling")
        .isEmpty();
    harness.close();

    // A restart from that checkpoint labels the queued frames: nothing missed, nothing repeated.
    FakeLabelerFactory restarted = FakeLabelerFactory.create();
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new LabelFramesOperator(
                restarted,
                new LabelingSettings(
                    DeviceSpec.cpu(),
                    4,
                    Duration.ofMillis(10_000),
                    MAX_FRAME_BYTES,
                    FreshnessPolicy.archive())),
            LabelFramesOperatorTest::camera,
            Types.STRING);
    harness.initializeState(snapshot);
    harness.open();
    assertThat(((LabelFramesOperator) harness.getOperator()).pendingFrames()).isEqualTo(2);
    send("cam-a", 1);
    harness.endInput();
    // Each camera's frames in their order; cameras restore in the state backend's key order.
    assertThat(harness.extractOutputValues())
        .extracting(m -> m.cameraId() + "#" + m.sequence())
        .containsExactlyInAnyOrder("cam-a#0", "cam-b#0", "cam-a#1")
        .filteredOn(id -> id.startsWith("cam-a"))
        .containsExactly("cam-a#0", "cam-a#1");
  }

  @Test
  void shouldHoldTheWatermarkBackUntilTheFramesBeforeItAreLabeled() throws Exception {
    harness = open(labeler, 4, 50);
    send("cam-a", 0);
    harness.processWatermark(new Watermark(SyntheticFrames.captureMs(0)));
    assertThat(harness.getOutput()).isEmpty();

    harness.setProcessingTime(50);

    Object[] output = harness.getOutput().toArray();
    assertThat(output).hasSize(2);
    assertThat(output[0]).isInstanceOf(StreamRecord.class);
    assertThat(output[1]).isEqualTo(new Watermark(SyntheticFrames.captureMs(0)));
    harness.processWatermark(new Watermark(SyntheticFrames.captureMs(5)));
    assertThat(harness.getOutput()).last().isEqualTo(new Watermark(SyntheticFrames.captureMs(5)));
  }

  @Test
  void shouldKeepEachCamerasMasksInSequenceOrderAcrossBatches() throws Exception {
    harness = open(labeler, 3, 1_000);
    for (long seq = 0; seq < 4; seq++) {
      send("cam-a", seq);
      send("cam-b", seq);
    }
    harness.endInput();

    List<MaskRecord> masks = harness.extractOutputValues();
    assertThat(masks).hasSize(8);
    assertThat(masks.stream().filter(m -> m.cameraId().equals("cam-a")).map(MaskRecord::sequence))
        .containsExactly(0L, 1L, 2L, 3L);
    assertThat(masks.stream().filter(m -> m.cameraId().equals("cam-b")).map(MaskRecord::sequence))
        .containsExactly(0L, 1L, 2L, 3L);
    assertThat(labeler.batchSizes()).containsExactly(3, 3, 2);
  }

  static Stream<Arguments> badRecords() {
    FrameRecord good = SyntheticFrames.frame("cam-x", 7);
    byte[] value = SyntheticFrames.value(good);
    byte[] wrongVersion = value.clone();
    wrongVersion[1] = 9;
    byte[] truncated = Arrays.copyOf(value, value.length / 2);
    FrameRecord notAnImage =
        new FrameRecord(
            "cam-x",
            7,
            0,
            ImageEncoding.PNG,
            WIDTH,
            HEIGHT,
            "this is not a PNG".getBytes(StandardCharsets.US_ASCII));
    FrameRecord truncatedJpeg =
        new FrameRecord(
            "cam-x",
            7,
            0,
            ImageEncoding.JPEG,
            160,
            120,
            TestDataFiles.read(TestDataFiles.corruptJpeg()));
    FrameRecord wrongSize =
        new FrameRecord("cam-x", 7, 0, ImageEncoding.PNG, WIDTH * 2, HEIGHT, good.image());
    FrameRecord oversized = SyntheticFrames.frame("cam-x", 7, 640, 480);
    FrameRecord refused =
        SyntheticFrames.frame("cam-x", 7, FakeLabelerFactory.REFUSED_WIDTH, HEIGHT);
    FrameRecord otherCamera = SyntheticFrames.frame("cam-y", 7);
    return Stream.of(
        Arguments.of("null value", null, "parse-frame", "null"),
        Arguments.of("empty value", new byte[0], "parse-frame", "empty"),
        Arguments.of(
            "garbage", "hello".getBytes(StandardCharsets.US_ASCII), "parse-frame", "frame"),
        Arguments.of("wrong version", wrongVersion, "parse-frame", "version"),
        Arguments.of("truncated", truncated, "parse-frame", "frame"),
        Arguments.of(
            "undecodable image",
            SyntheticFrames.value(notAnImage),
            "decode-image",
            "does not decode"),
        Arguments.of(
            "truncated JPEG", SyntheticFrames.value(truncatedJpeg), "decode-image", "end-of-image"),
        Arguments.of(
            "size mismatch",
            SyntheticFrames.value(wrongSize),
            "decode-image",
            "record says 128x48"),
        Arguments.of("oversized", SyntheticFrames.value(oversized), "parse-frame", "limit"),
        Arguments.of(
            "key and value name different cameras",
            SyntheticFrames.value(otherCamera),
            "parse-frame",
            "value says camera 'cam-y'"),
        Arguments.of("refused by labeler", SyntheticFrames.value(refused), "label", "refused"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRecords")
  void shouldSendBadFrameToDeadLetterTopicAndLabelTheGoodOnes(
      String name, byte[] badValue, String stage, String reasonPart) throws Exception {
    harness = open(labeler, 3, 1_000);
    send("cam-x", 0);
    RawRecord bad = SyntheticFrames.raw("cam-x", 1, badValue);
    harness.processElement(bad, SyntheticFrames.captureMs(1));
    send("cam-x", 2);
    send("cam-x", 3);
    harness.endInput();

    assertThat(harness.extractOutputValues())
        .extracting(MaskRecord::sequence)
        .containsExactly(0L, 2L, 3L);
    List<DeadLetter> letters =
        harness.getSideOutput(LabelFramesOperator.DEAD_LETTERS).stream()
            .map(StreamRecord::getValue)
            .toList();
    assertThat(letters).hasSize(1);
    DeadLetter letter = letters.get(0);
    assertThat(letter.original()).isEqualTo(bad);
    assertThat(letter.stage()).isEqualTo(stage);
    assertThat(letter.reason()).containsIgnoringCase(reasonPart);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("awkwardShapes")
  void shouldGiveAwkwardlyShapedFramesAMaskOfTheirSizeWithTheRealLabeler(
      String name, int width, int height) throws Exception {
    // The real labeling path (untrained network, working size from the job options): frames thinner
    // than the network's stride, one pixel thin, or far wider than tall are labeled, not
    // dead-lettered.
    harness =
        open(
            SceneModelLabelerFactory.untrained("mobilenetv2-fusion", 3)
                .atWorkingSize(WorkingSize.shortSide(64)),
            new LabelingSettings(
                DeviceSpec.cpu(), 2, Duration.ofMillis(20), 1 << 20, FreshnessPolicy.archive()));
    FrameRecord frame = SyntheticFrames.frame("cam-x", 0, width, height);
    harness.processElement(SyntheticFrames.raw(frame), frame.captureTimestampMs());
    send("cam-x", 1);
    harness.endInput();

    List<MaskRecord> masks = harness.extractOutputValues();
    assertThat(harness.getSideOutput(LabelFramesOperator.DEAD_LETTERS)).isNullOrEmpty();
    assertThat(masks).hasSize(2);
    assertThat(masks.get(0).width()).isEqualTo(width);
    assertThat(masks.get(0).height()).isEqualTo(height);
    assertThat(masks.get(0).classIndices()).hasSize(width * height);
    assertThat(masks.get(1).width()).isEqualTo(WIDTH);
  }

  static Stream<Arguments> awkwardShapes() {
    return Stream.of(
        Arguments.of("smaller than the stride", 5, 3),
        Arguments.of("1xN", 1, 300),
        Arguments.of("Nx1", 300, 1),
        Arguments.of("panorama 100:1", 3000, 30));
  }

  @Test
  void shouldFailSoFlinkRestartsWhenTheLabelerItselfBreaks() throws Exception {
    harness = open(FakeLabelerFactory.brokenEngine(), 1, 20);
    send("cam-a", 0);
    assertThatThrownBy(() -> advance(StepScheduler.INTAKE_MS))
        .hasStackTraceContaining("engine failure");
  }
}
