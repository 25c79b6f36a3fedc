package dev.scenelabeler.jobs.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.connectors.records.RawRecord;
import dev.scenelabeler.jobs.testing.FakeLabelerFactory;
import dev.scenelabeler.jobs.testing.SyntheticFrames;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.temporal.TemporalFilterSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each camera's state (its queued frames and its temporal filter's history) lives in keyed state:
 * it survives a restart from a checkpoint and moves with its camera when the job is rescaled, so
 * the camera's next frame is still blended with its history and its frames keep their order.
 */
class CameraStateRescaleTest {

  private static final int MAX_PARALLELISM = 128;
  private static final List<String> CAMERAS =
      IntStream.range(0, 6).mapToObj(i -> "cam-" + i).toList();

  private final FakeLabelerFactory labeler = FakeLabelerFactory.create();
  private final List<KeyedOneInputStreamOperatorTestHarness<String, RawRecord, ?>> opened =
      new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (var harness : opened) {
      harness.close();
    }
  }

  private KeyedOneInputStreamOperatorTestHarness<String, RawRecord, ?> subtask(
      int parallelism, int index, OperatorSubtaskState restoreFrom) throws Exception {
    LabelingSettings settings =
        new LabelingSettings(
                DeviceSpec.cpu(), 8, Duration.ofMillis(1_000), 64 * 1024, FreshnessPolicy.archive())
            .withTemporalFilter(TemporalFilterSettings.flow());
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new LabelFramesOperator(labeler, settings),
            LabelFramesOperatorTest::camera,
            Types.STRING,
            MAX_PARALLELISM,
            parallelism,
            index);
    opened.add(harness);
    if (restoreFrom != null) {
      harness.initializeState(
          AbstractStreamOperatorTestHarness.repartitionOperatorState(
              restoreFrom, MAX_PARALLELISM, restoreParallelism, parallelism, index));
    }
    harness.open();
    return harness;
  }

  private int restoreParallelism;

  private static int owner(String camera, int parallelism) {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(
        camera, MAX_PARALLELISM, parallelism);
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, RawRecord, ?> harness,
      String camera,
      long sequence)
      throws Exception {
    FrameRecord frame = SyntheticFrames.frame(camera, sequence);
    harness.processElement(SyntheticFrames.raw(frame), frame.captureTimestampMs());
  }

  /**
   * Each subtask labels frame 0 of its cameras (the filter's history), then queues frames 1 and 2
   * unlabeled; the snapshot holds both.
   */
  private OperatorSubtaskState runAndSnapshot(int parallelism) throws Exception {
    List<OperatorSubtaskState> snapshots = new ArrayList<>();
    for (int index = 0; index < parallelism; index++) {
      var harness = subtask(parallelism, index, null);
      List<String> mine = camerasOf(parallelism, index);
      for (String camera : mine) {
        send(harness, camera, 0);
      }
      harness.setProcessingTime(10_000); // the step runs: frame 0 of each camera labeled
      for (String camera : mine) {
        send(harness, camera, 1);
        send(harness, camera, 2);
      }
      snapshots.add(harness.snapshot(1, 10_001));
      assertThat(stats(harness)).hasSize(mine.size());
    }
    restoreParallelism = parallelism;
    return AbstractStreamOperatorTestHarness.repackageState(
        snapshots.toArray(OperatorSubtaskState[]::new));
  }

  private static List<String> camerasOf(int parallelism, int index) {
    return CAMERAS.stream().filter(c -> owner(c, parallelism) == index).toList();
  }

  private static List<MaskStats> stats(
      KeyedOneInputStreamOperatorTestHarness<String, RawRecord, ?> h) {
    var out = h.getSideOutput(LabelFramesOperator.STATS);
    return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
  }

  /** Restores at {@code parallelism}, labels what was queued and returns each camera's stats. */
  private Map<String, List<MaskStats>> restoreAndDrain(OperatorSubtaskState state, int parallelism)
      throws Exception {
    Map<String, List<MaskStats>> byCamera = new TreeMap<>();
    int pending = 0;
    for (int index = 0; index < parallelism; index++) {
      var harness = subtask(parallelism, index, state);
      pending += ((LabelFramesOperator) harness.getOperator()).pendingFrames();
      assertThat(((LabelFramesOperator) harness.getOperator()).pendingFrames())
          .as("subtask %d holds the queued frames of its own cameras only", index)
          .isEqualTo(2 * camerasOf(parallelism, index).size());
      harness.endInput();
      for (MaskStats s : stats(harness)) {
        byCamera.computeIfAbsent(s.camera(), c -> new ArrayList<>()).add(s);
      }
    }
    assertThat(pending).isEqualTo(2 * CAMERAS.size());
    return byCamera;
  }

  private static void assertEachCameraResumed(Map<String, List<MaskStats>> byCamera) {
    assertThat(byCamera.keySet()).containsExactlyElementsOf(CAMERAS);
    byCamera.forEach(
        (camera, stats) -> {
          assertThat(stats)
              .as(camera + ": its queued frames, once each, in order")
              .extracting(MaskStats::sequence)
              .containsExactly(1L, 2L);
          assertThat(stats)
              .as(camera + ": blended with the history restored from the snapshot")
              .extracting(MaskStats::filtered)
              .containsExactly(true, true);
        });
  }

  @Test
  void shouldKeepOneBoundedStateForEachOfThousandsOfCameras() throws Exception {
    var harness = subtask(1, 0, null);
    int cameras = 2_000;
    for (long sequence = 0; sequence < 2; sequence++) {
      for (int c = 0; c < cameras; c++) {
        send(harness, "many-" + c, sequence);
      }
      harness.endInput(); // labels what is queued
    }

    List<MaskStats> stats = stats(harness);
    assertThat(stats).hasSize(2 * cameras);
    assertThat(stats.stream().filter(s -> s.sequence() == 1))
        .as("every camera's second frame blended with its own history")
        .hasSize(cameras)
        .allMatch(MaskStats::filtered);
    assertThat(harness.numKeyedStateEntries())
        .as("one filter state per camera, nothing queued")
        .isEqualTo(cameras);
  }

  /** The queue as versions before keyed camera state kept it: operator list state. */
  private static final class OlderVersionQueue extends AbstractStreamOperator<MaskRecord>
      implements OneInputStreamOperator<RawRecord, MaskRecord> {
    private transient List<RawRecord> queued;
    private transient ListState<RawRecord> state;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
      super.initializeState(context);
      queued = new ArrayList<>();
      state =
          context
              .getOperatorStateStore()
              .getListState(
                  new ListStateDescriptor<>(
                      QueuedFramesState.NAME, TypeInformation.of(RawRecord.class)));
    }

    @Override
    public void processElement(StreamRecord<RawRecord> element) {
      queued.add(element.getValue());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
      super.snapshotState(context);
      state.update(queued);
    }
  }

  @Test
  void shouldLabelTheFramesAnOlderVersionQueuedInOperatorState() throws Exception {
    var older =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new OlderVersionQueue(), LabelFramesOperatorTest::camera, Types.STRING);
    opened.add(older);
    older.open();
    for (String camera : CAMERAS) {
      send(older, camera, 0);
      send(older, camera, 1);
    }
    OperatorSubtaskState snapshot = older.snapshot(1, 1);
    restoreParallelism = 1;

    var harness = subtask(1, 0, snapshot);
    assertThat(((LabelFramesOperator) harness.getOperator()).pendingFrames())
        .isEqualTo(2 * CAMERAS.size());
    harness.endInput();

    assertThat(stats(harness))
        .extracting(s -> s.camera() + "#" + s.sequence())
        .hasSize(2 * CAMERAS.size())
        .doesNotHaveDuplicates();
  }

  @Test
  void shouldResumeEachCamerasFilterAfterARestartFromACheckpoint() throws Exception {
    assertEachCameraResumed(restoreAndDrain(runAndSnapshot(1), 1));
  }

  @Test
  void shouldKeepEveryCamerasStateWhenScaledFromTwoSubtasksToOne() throws Exception {
    assertEachCameraResumed(restoreAndDrain(runAndSnapshot(2), 1));
  }

  @Test
  void shouldKeepEveryCamerasStateWhenScaledFromOneSubtaskToTwo() throws Exception {
    assertThat(camerasOf(2, 0)).as("both new subtasks get cameras").isNotEmpty();
    assertThat(camerasOf(2, 1)).isNotEmpty();

    assertEachCameraResumed(restoreAndDrain(runAndSnapshot(1), 2));
  }
}
