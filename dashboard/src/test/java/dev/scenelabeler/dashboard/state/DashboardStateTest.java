package dev.scenelabeler.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.scenelabeler.dashboard.feed.DeadLetterUpdate;
import dev.scenelabeler.dashboard.feed.FrameUpdate;
import dev.scenelabeler.dashboard.feed.MaskUpdate;
import dev.scenelabeler.dashboard.feed.StatsUpdate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DashboardStateTest {

  private static final long STALE_AFTER_MS = 5_000;
  private static final List<String> NAMES = List.of("sky", "road");

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final List<CameraView> drawn = new ArrayList<>();
  private final DashboardState state =
      new DashboardState(clock::get, STALE_AFTER_MS, 300, drawn::add);

  /** Frame {@code sequence} of {@code camera}, entering Kafka at {@code timestampMs}. */
  private static FrameUpdate frame(String camera, long sequence, long timestampMs) {
    return new FrameUpdate(
        camera, sequence, timestampMs, new byte[] {(byte) sequence}, "image/jpeg");
  }

  /** The mask of that frame: captured at {@code captureMs}, in Kafka at {@code recordMs}. */
  private static MaskUpdate mask(String camera, long sequence, long captureMs, long recordMs) {
    return new MaskUpdate(
        camera,
        sequence,
        captureMs,
        recordMs,
        2,
        1,
        new byte[] {1},
        NAMES,
        new int[] {0x4A90E2, 0x8C8C8C},
        new float[] {0.75f, 0.25f},
        0.9f);
  }

  /** Class shares in the order given, as a stats record lists them. */
  private static Map<String, Float> inOrder(
      String name1, float share1, String name2, float share2) {
    Map<String, Float> shares = new LinkedHashMap<>();
    shares.put(name1, share1);
    shares.put(name2, share2);
    return shares;
  }

  private CameraMetrics metrics(String camera) {
    return state.tick().cameras().stream()
        .filter(c -> c.camera().equals(camera))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void shouldDrawAMaskOverTheFrameWithTheSameSequence() {
    state.onFrame(frame("cam-a", 7, 0));
    state.onFrame(frame("cam-a", 8, 0));
    state.onMask(mask("cam-a", 7, 0, 10));

    assertThat(drawn).hasSize(1);
    assertThat(drawn.get(0).frame()).map(FrameUpdate::sequence).contains(7L);
    assertThat(drawn.get(0).mask().sequence()).isEqualTo(7);
  }

  @Test
  void shouldRedrawWhenTheFrameArrivesAfterItsMask() {
    state.onMask(mask("cam-a", 3, 0, 10));
    state.onFrame(frame("cam-a", 2, 0));
    state.onFrame(frame("cam-a", 3, 0));
    state.onFrame(frame("cam-a", 3, 0)); // a duplicate frame must not redraw again

    assertThat(drawn)
        .extracting(v -> v.frame().map(FrameUpdate::sequence))
        .containsExactly(Optional.empty(), Optional.of(3L));
  }

  @Test
  void shouldMeasureLatencyFromCaptureToTheMaskRecordInKafka() {
    long capture = clock.get();
    for (int i = 0; i < 100; i++) {
      state.onMask(mask("cam-a", i, capture + i * 100, capture + i * 100 + (i == 99 ? 800 : 40)));
    }
    LatencySummary latency = metrics("cam-a").latency();
    assertThat(latency.samples()).isEqualTo(100);
    assertThat(latency.p50Ms()).isEqualTo(40);
    assertThat(latency.p99Ms()).isEqualTo(40);
    state.onMask(mask("cam-a", 100, capture, capture + 900));
    assertThat(metrics("cam-a").latency().p99Ms()).isEqualTo(800);
  }

  @Test
  void shouldShowACameraThatStoppedSendingAsStale() {
    state.onFrame(frame("cam-a", 1, 0));
    state.onMask(mask("cam-a", 1, 0, 0));
    assertThat(metrics("cam-a").status()).isEqualTo(CameraStatus.LIVE);

    clock.addAndGet(STALE_AFTER_MS + 1);

    CameraMetrics stale = metrics("cam-a");
    assertThat(stale.status()).isEqualTo(CameraStatus.STALE);
    assertThat(stale.lastMaskAgoMs()).isEqualTo(STALE_AFTER_MS + 1);
  }

  @Test
  void shouldSayNoMasksWhenFramesArriveButMasksDoNot() {
    state.onMask(mask("cam-a", 1, 0, 0));
    clock.addAndGet(STALE_AFTER_MS + 1);
    state.onFrame(frame("cam-a", 50, 0));

    assertThat(metrics("cam-a").status()).isEqualTo(CameraStatus.NO_MASKS);
  }

  @Test
  void shouldCountFramesNotYetLabelledAsBacklog() {
    assertThat(stateWithCamera().backlogFrames()).isEqualTo(-1);
    state.onFrame(frame("cam-a", 10, 0));
    state.onFrame(frame("cam-a", 14, 0));
    state.onMask(mask("cam-a", 11, 0, 0));
    assertThat(metrics("cam-a").backlogFrames()).isEqualTo(3);
  }

  private CameraMetrics stateWithCamera() {
    state.onDeadLetter(new DeadLetterUpdate(Optional.of("cam-a"), "decode-image", "bad"));
    return metrics("cam-a");
  }

  @Test
  void shouldCountDeadLettersPerCameraAndInTotal() {
    state.onDeadLetter(new DeadLetterUpdate(Optional.of("cam-a"), "decode-image", "bad jpeg"));
    state.onDeadLetter(new DeadLetterUpdate(Optional.of("cam-a"), "decode-image", "bad jpeg"));
    state.onDeadLetter(new DeadLetterUpdate(Optional.empty(), "parse-frame", "no key"));

    DashboardTick tick = state.tick();
    assertThat(tick.deadLetters()).isEqualTo(3);
    assertThat(metrics("cam-a").deadLetters()).isEqualTo(2);
    assertThat(tick.recentDeadLetters())
        .extracting(DeadLetterEntry::camera, DeadLetterEntry::stage, DeadLetterEntry::reason)
        .containsExactly(
            tuple("", "parse-frame", "no key"),
            tuple("cam-a", "decode-image", "bad jpeg"),
            tuple("cam-a", "decode-image", "bad jpeg"));
  }

  @Test
  void shouldListOnlyTheLatestDeadLettersButCountThemAll() {
    for (int i = 0; i < DashboardState.DEAD_LETTERS_LISTED + 5; i++) {
      state.onDeadLetter(
          new DeadLetterUpdate(Optional.of("cam-a"), "decode-image", "bad jpeg #" + i));
    }
    DashboardTick tick = state.tick();
    assertThat(tick.deadLetters()).isEqualTo(DashboardState.DEAD_LETTERS_LISTED + 5);
    assertThat(tick.recentDeadLetters()).hasSize(DashboardState.DEAD_LETTERS_LISTED);
    assertThat(tick.recentDeadLetters().get(0).reason())
        .isEqualTo("bad jpeg #" + (DashboardState.DEAD_LETTERS_LISTED + 4));
  }

  @Test
  void shouldChartStatsByClassNameWhateverTheirKeyOrder() {
    long now = clock.get();
    Map<String, Float> reordered = inOrder("road", 0.9f, "sky", 0.1f);
    state.onStats(new StatsUpdate("cam-a", 2, now - 30, now, reordered, 0.8f, 0));
    state.onMask(mask("cam-a", 2, now - 30, now)); // its label set: sky, road
    clock.addAndGet(1_000);

    CameraMetrics metrics = state.snapshot().cameras().get(0);
    assertThat(metrics.classNames()).containsExactly("sky", "road");
    assertThat(metrics.sharePoints()).hasSize(1);
    assertThat(metrics.sharePoints().get(0).shares())
        .containsEntry("road", 0.9f)
        .containsEntry("sky", 0.1f);
  }

  @Test
  void shouldSaySinceWhenTheBrokerIsUnreachableAndWhenItIsBack() {
    state.onBrokerReachable(true);
    clock.addAndGet(1_000);
    long lostAt = clock.get();
    state.onBrokerReachable(false);
    clock.addAndGet(3_000);
    state.onBrokerReachable(false);

    DashboardTick down = state.tick();
    assertThat(down.brokerReachable()).isFalse();
    assertThat(down.brokerStatusSinceMs()).isEqualTo(lostAt);

    state.onBrokerReachable(true);
    assertThat(state.tick().brokerReachable()).isTrue();
    assertThat(state.tick().brokerStatusSinceMs()).isEqualTo(clock.get());
  }

  @Test
  void shouldReportTheConsumerLagItWasLastTold() {
    assertThat(state.tick().consumerLag()).isEqualTo(-1);
    state.onConsumerLag(42);
    assertThat(state.tick().consumerLag()).isEqualTo(42);
  }

  @Test
  void shouldTakeTheNumbersFromMaskStatsOnceACameraHasThem() {
    long now = clock.get();
    state.onMask(mask("cam-a", 1, now - 50, now));
    state.onStats(
        new StatsUpdate("cam-a", 2, now - 30, now, Map.of("sky", 0.5f, "road", 0.5f), 0.8f, 0));
    state.onMask(mask("cam-a", 2, now - 30, now)); // same frame as the stats: counted once

    CameraMetrics metrics = metrics("cam-a");
    assertThat(metrics.latency().samples()).isEqualTo(2);
    assertThat(metrics.latency().p99Ms()).isEqualTo(50);
    assertThat(drawn).hasSize(2);
  }

  @Test
  void shouldListCamerasInOrderOfFirstAppearanceWithHistoryInTheSnapshot() {
    state.onMask(mask("cam-b", 1, 0, 0));
    state.onMask(mask("cam-a", 1, 0, 0));
    clock.addAndGet(1_000);
    state.tick();

    DashboardTick snapshot = state.snapshot();
    assertThat(snapshot.cameras())
        .extracting(CameraMetrics::camera)
        .containsExactly("cam-b", "cam-a");
    assertThat(snapshot.cameras().get(0).sharePoints()).hasSize(1);
    assertThat(snapshot.cameras().get(0).sharePoints().get(0).shares())
        .containsExactlyInAnyOrderEntriesOf(Map.of("sky", 0.75f, "road", 0.25f));
    assertThat(state.latestViews())
        .extracting(CameraView::camera)
        .containsExactly("cam-b", "cam-a");
  }

  @Test
  void shouldDrawAMaskOverItsOwnFrameWhenItComesSecondsAndHundredsOfFramesLater() {
    for (int seq = 0; seq < 400; seq++) { // 26 s of a 15 frames/s camera before the first mask
      state.onFrame(frame("cam-a", seq, seq * 66L));
    }
    state.onMask(mask("cam-a", 10, 660, 30_000));

    assertThat(drawn).hasSize(1);
    assertThat(drawn.get(0).frame()).map(FrameUpdate::sequence).contains(10L);
  }

  @Test
  void shouldForgetFramesOlderThanTheLatestMaskAndKeepABoundedNumber() {
    for (int seq = 0; seq < 50; seq++) {
      state.onFrame(frame("cam-a", seq, 0));
    }
    state.onMask(
        mask("cam-a", 40, 0, 10)); // #0..#39 were skipped by the job: no mask will come for them
    state.onMask(mask("cam-a", 41, 0, 10));
    assertThat(drawn)
        .extracting(v -> v.frame().map(FrameUpdate::sequence))
        .containsExactly(Optional.of(40L), Optional.of(41L));
    for (int seq = 50; seq < 50 + 2 * CameraState.FRAMES_KEPT; seq++) {
      state.onFrame(frame("cam-b", seq, 0));
    }
    state.onMask(mask("cam-b", 50, 0, 10)); // too late: beyond the frames kept
    state.onMask(mask("cam-b", 49 + 2 * CameraState.FRAMES_KEPT, 0, 10));
    assertThat(drawn.subList(2, 4))
        .extracting(v -> v.frame().map(FrameUpdate::sequence))
        .containsExactly(Optional.empty(), Optional.of(49L + 2 * CameraState.FRAMES_KEPT));
  }

  @Test
  void shouldReportSkippedFramesPerSecondAndTheClassNamesAndColours() {
    long now = clock.get();
    state.onStats(
        new StatsUpdate("cam-a", 5, now - 30, now, inOrder("sky", 0.5f, "road", 0.5f), 0.8f, 12));
    CameraMetrics statsOnly = metrics("cam-a");
    assertThat(statsOnly.classNames()).containsExactly("sky", "road");
    assertThat(statsOnly.palette()).isEmpty();
    clock.addAndGet(2_000);
    state.onStats(
        new StatsUpdate("cam-a", 9, now - 30, now, inOrder("sky", 0.5f, "road", 0.5f), 0.8f, 8));
    state.onMask(mask("cam-a", 9, now - 30, now));

    CameraMetrics metrics = metrics("cam-a");
    assertThat(metrics.skippedPerSecond()).isEqualTo(10.0); // 20 frames over 2 s
    assertThat(metrics.palette()).containsExactly("#4a90e2", "#8c8c8c");
  }
}
