package dev.scenelabeler.jobs.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.records.DeadLetter;
import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.connectors.records.RawRecord;
import dev.scenelabeler.jobs.testing.FakeLabelerFactory;
import dev.scenelabeler.jobs.testing.SyntheticFrames;
import dev.scenelabeler.models.DeviceSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The labeling operator in live mode, in Flink's operator test harness, whose processing-time clock
 * the test drives: frames too old to label are skipped without decoding and counted, and cameras
 * sending at different rates share the labeler fairly.
 */
class LiveLabelingTest {

  private static final Duration BUDGET = Duration.ofSeconds(1);
  private static final long T0 = SyntheticFrames.EPOCH_MS;

  private final FakeLabelerFactory labeler = FakeLabelerFactory.create();
  @AutoClose private KeyedOneInputStreamOperatorTestHarness<String, RawRecord, MaskRecord> harness;

  private void open(int batch) throws Exception {
    LabelFramesOperator operator =
        new LabelFramesOperator(
            labeler,
            new LabelingSettings(
                DeviceSpec.cpu(), batch, Duration.ZERO, 64 * 1024, FreshnessPolicy.live(BUDGET)));
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            operator, LabelFramesOperatorTest::camera, Types.STRING);
    harness.setProcessingTime(T0);
    harness.open();
  }

  private LabelFramesOperator operator() {
    return (LabelFramesOperator) harness.getOperator();
  }

  /** Frame {@code sequence} of {@code camera}, captured at {@code captureMs}. */
  private void send(String camera, long sequence, long captureMs, byte[] image) throws Exception {
    FrameRecord synthetic = SyntheticFrames.frame(camera, sequence);
    FrameRecord frame =
        new FrameRecord(
            camera,
            sequence,
            captureMs,
            synthetic.encoding(),
            synthetic.width(),
            synthetic.height(),
            image != null ? image : synthetic.image());
    harness.processElement(
        SyntheticFrames.raw(camera, sequence, SyntheticFrames.value(frame)), captureMs);
  }

  private List<MaskStats> stats() {
    return harness.getSideOutput(LabelFramesOperator.STATS).stream()
        .map(StreamRecord::getValue)
        .toList();
  }

  private List<DeadLetter> deadLetters() {
    var letters = harness.getSideOutput(LabelFramesOperator.DEAD_LETTERS);
    return letters == null ? List.of() : letters.stream().map(StreamRecord::getValue).toList();
  }

  @Test
  void shouldSkipFramesOlderThanTheBudgetWithoutDecodingThemAndCountEveryFrame() throws Exception {
    open(1);
    // 30 frames at 15 fps (66 ms apart) arrive at once, as after a stall, when #29 is new.
    long arrival = T0 + 29 * 66;
    harness.setProcessingTime(arrival);
    byte[] notAnImage =
        "not a PNG: decoding it would dead-letter it".getBytes(StandardCharsets.US_ASCII);
    for (long seq = 0; seq < 30; seq++) {
      send("cam-a", seq, T0 + seq * 66, seq == 5 ? notAnImage : null);
    }
    // #0..#13 are older than 1 s (#13: 16 x 66 = 1056 ms) and superseded by newer frames on
    // arrival.
    assertThat(operator().pendingFrames()).isEqualTo(16);

    // The labeler comes back half a second later: now #14..#21 are too old as well.
    harness.setProcessingTime(arrival + 500);
    harness.endInput();

    List<MaskRecord> masks = harness.extractOutputValues();
    assertThat(masks)
        .extracting(MaskRecord::sequence)
        .containsExactly(22L, 23L, 24L, 25L, 26L, 27L, 28L, 29L);
    assertThat(deadLetters()).as("the broken image of stale #5 was never decoded").isEmpty();
    assertThat(stats())
        .extracting(MaskStats::skipped)
        .containsExactly(22L, 0L, 0L, 0L, 0L, 0L, 0L, 0L);
    LabelingMetrics.Camera counts = operator().metrics().camera("cam-a");
    assertThat(counts.framesIn.getCount()).isEqualTo(30);
    assertThat(counts.framesSkipped.getCount()).isEqualTo(22);
    assertThat(
            counts.framesLabeled.getCount()
                + counts.framesSkipped.getCount()
                + counts.deadLetters.getCount())
        .isEqualTo(counts.framesIn.getCount());
    assertThat(operator().metrics().framesSkipped.getCount()).isEqualTo(22);
  }

  @Test
  void shouldLabelACamerasNewestFrameEvenWhenItWaitedLongerThanTheBudget() throws Exception {
    open(1);
    send(
        "parked", 0, T0,
        null); // fresh on arrival, then 3 s in the queue: still its camera's newest picture
    harness.setProcessingTime(T0 + 3_000);
    send("street", 0, T0 + 2_990, null);
    send("street", 1, T0 + 2_995, null);
    send("late", 0, T0 + 1_500, null); // 1.5 s old on arrival: a backlog upstream, skipped
    harness.endInput();

    assertThat(harness.extractOutputValues())
        .extracting(m -> m.cameraId() + "#" + m.sequence())
        .containsExactly("parked#0", "street#0", "street#1");
    assertThat(operator().metrics().framesSkipped.getCount()).isEqualTo(1);
    assertThat(operator().metrics().camera("late").framesSkipped.getCount()).isEqualTo(1);
  }

  @Test
  void shouldJudgeAFramesAgeAtTheMomentItsMaskWouldComeOut() throws Exception {
    long labelingMs = 400;
    labeler.beforeEachBatch(() -> advanceClock(labelingMs));
    open(1);
    send("cam-a", 0, T0, null);
    harness.setProcessingTime(T0 + StepScheduler.INTAKE_MS); // labels #0: steps take 400 ms now
    long now = harness.getProcessingTime();
    // #1 is 700 ms old when the labeler can take it, 1100 ms when its mask would be out: skipped.
    send("cam-a", 1, now - 700, null);
    send("cam-a", 2, now - 10, null);
    for (int ms = 0; ms < 3 && harness.extractOutputValues().size() < 2; ms++) {
      harness.setProcessingTime(harness.getProcessingTime() + 1); // an intake slice, then the step
    }

    assertThat(harness.extractOutputValues())
        .extracting(MaskRecord::sequence)
        .containsExactly(0L, 2L);
    assertThat(operator().metrics().camera("cam-a").framesSkipped.getCount()).isEqualTo(1);
    assertThat(harness.getProcessingTime() - (now - 700))
        .as("#1's mask would have come out after the budget")
        .isGreaterThan(BUDGET.toMillis());
  }

  /**
   * The fake labeler's labeling time: the clock moves on while it labels, no timer fires meanwhile.
   */
  private void advanceClock(long ms) {
    try {
      harness.setProcessingTime(harness.getProcessingTime() + ms);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldLabelEveryFrameWhenTheLabelerKeepsUp() throws Exception {
    open(1);
    for (long seq = 0; seq < 10; seq++) {
      harness.setProcessingTime(T0 + seq * 66 + 5);
      send("cam-a", seq, T0 + seq * 66, null);
      harness.setProcessingTime(T0 + seq * 66 + 6);
    }

    assertThat(harness.extractOutputValues()).hasSize(10);
    assertThat(stats()).extracting(MaskStats::skipped).containsOnly(0L);
  }

  @Test
  void shouldServeThreeCamerasAtDifferentRatesFairlyAndKeepLatencyWithinTheBudget()
      throws Exception {
    open(1);
    // Cameras at 15, 5 and 2 frames/s (22/s) for 20 s; the labeler takes one frame per labeling
    // step,
    // two steps per 200 ms (10/s).
    Map<String, Long> periodMs = new LinkedHashMap<>();
    periodMs.put("fast", 66L);
    periodMs.put("medium", 200L);
    periodMs.put("slow", 500L);
    Map<String, Long> sent = new LinkedHashMap<>();
    periodMs.keySet().forEach(c -> sent.put(c, 0L));
    long step = 200;
    long maxLatency = 0;
    for (long t = 0; t <= 20_000; t += step) {
      harness.setProcessingTime(T0 + t);
      for (var camera : periodMs.entrySet()) {
        long seq;
        while ((seq = sent.get(camera.getKey())) * camera.getValue() <= t) {
          send(camera.getKey(), seq, T0 + seq * camera.getValue(), null);
          sent.put(camera.getKey(), seq + 1);
        }
      }
      int before = harness.extractOutputValues().size();
      harness.setProcessingTime(T0 + t + StepScheduler.INTAKE_MS); // one labeling step
      List<MaskRecord> masks = harness.extractOutputValues();
      for (MaskRecord mask : masks.subList(before, masks.size())) {
        maxLatency =
            Math.max(maxLatency, T0 + t + step - mask.captureTimestampMs()); // labeled by t + step
      }
    }
    harness.setProcessingTime(T0 + 20_000 + step);
    harness.endInput();

    List<MaskRecord> masks = harness.extractOutputValues();
    LabelingMetrics metrics = operator().metrics();
    System.out.printf(
        "fair cameras: %d masks, max capture->labeled %d ms%n", masks.size(), maxLatency);
    for (String camera : periodMs.keySet()) {
      List<Long> sequences =
          masks.stream()
              .filter(m -> m.cameraId().equals(camera))
              .map(MaskRecord::sequence)
              .toList();
      LabelingMetrics.Camera counts = metrics.camera(camera);
      System.out.printf(
          "  %-6s in %3d, labeled %3d, skipped %3d%n",
          camera,
          counts.framesIn.getCount(),
          counts.framesLabeled.getCount(),
          counts.framesSkipped.getCount());
      assertThat(sequences).as("%s in order", camera).isSorted();
      assertThat(counts.framesIn.getCount()).isEqualTo(sent.get(camera));
      assertThat(
              counts.framesLabeled.getCount()
                  + counts.framesSkipped.getCount()
                  + counts.deadLetters.getCount())
          .as("%s: masks + skipped + dead letters = frames in", camera)
          .isEqualTo(sent.get(camera));
      long skippedInStats =
          stats().stream()
              .filter(s -> s.camera().equals(camera))
              .mapToLong(MaskStats::skipped)
              .sum();
      assertThat(skippedInStats)
          .as("%s: every skip reported on a later mask's stats", camera)
          .isEqualTo(counts.framesSkipped.getCount());
    }
    // The 2 frames/s camera gets its turn every third frame the labeler takes: every one of its
    // frames.
    assertThat(metrics.camera("slow").framesSkipped.getCount()).isZero();
    // The 15 frames/s camera gets what the others leave; it is behind by at most the budget.
    assertThat(metrics.camera("fast").framesLabeled.getCount())
        .isGreaterThan(metrics.camera("slow").framesLabeled.getCount());
    assertThat(maxLatency).isLessThanOrEqualTo(BUDGET.toMillis() + step);
  }
}
