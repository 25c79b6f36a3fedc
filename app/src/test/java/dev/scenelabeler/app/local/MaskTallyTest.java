package dev.scenelabeler.app.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MaskTallyTest {

  @Test
  void shouldCountAMaskReadAgainForTheSameFrameAsADuplicateOnly() {
    MaskTally tally = new MaskTally();

    tally.mask("cam", 7, 1_000, 1_100, 1_500);
    tally.mask(
        "cam", 7, 1_000, 1_100, 2_500); // the same frame, read again (a replayed transaction)
    tally.mask(
        "other", 7, 1_000, 1_100, 1_500); // the same sequence of another camera is another frame

    assertThat(tally.masks()).isEqualTo(2);
    assertThat(tally.duplicates()).isEqualTo(1);
    assertThat(tally.counts("cam").labeled()).isEqualTo(1);
    assertThat(tally.counts("cam").duplicates()).isEqualTo(1);
    assertThat(tally.counts("cam").readable(Long.MAX_VALUE).percentile(1.0))
        .as("the first read's latency")
        .isEqualTo(500);
  }

  @Test
  void shouldAccountForEachCamerasMasksSkipsAndDeadLetters() {
    MaskTally tally = new MaskTally();

    tally.mask("fast", 0, 0, 10, 20);
    tally.mask("fast", 1, 0, 10, 20);
    tally.skipped("fast", 5);
    tally.skipped("fast", 2);
    tally.deadLetter("slow");

    assertThat(tally.counts("fast").labeled()).isEqualTo(2);
    assertThat(tally.counts("fast").skipped()).isEqualTo(7);
    assertThat(tally.counts("slow").deadLetters()).isEqualTo(1);
    assertThat(tally.counts("never-seen").labeled()).isZero();
    assertThat(tally.skipped()).isEqualTo(7);
    assertThat(tally.accountedFor()).isEqualTo(2 + 7 + 1);
  }

  @Test
  void shouldGiveLatenciesOfTheFramesBelowASequenceOnly() {
    MaskTally tally = new MaskTally();
    for (long sequence = 0; sequence < 10; sequence++) {
      tally.mask("cam", sequence, 1_000, 1_000 + 10 * sequence, 2_000 + 100 * sequence);
    }

    Latencies readable =
        tally.counts("cam").readable(5); // the overload's frames 0..4, not the cool-down's
    Latencies labeling = tally.counts("cam").labeling(5);

    assertThat(readable.count()).isEqualTo(5);
    assertThat(readable.percentile(0.0)).isEqualTo(1_000);
    assertThat(readable.percentile(1.0)).isEqualTo(1_400);
    assertThat(labeling.percentile(1.0)).isEqualTo(40);
  }

  @Test
  void shouldRateMasksByTheirLabelingTimesAfterTheGivenInstant() {
    MaskTally tally = new MaskTally();
    tally.mask("cam", 0, 0, 500, 9_000); // labeled before the instant: not counted
    for (long sequence = 1; sequence <= 5; sequence++) {
      tally.mask(
          "cam", sequence, 0, 1_000 + 250 * sequence, 9_000); // read together, labeled 250 ms apart
    }

    assertThat(tally.counts("cam").labeledAfter(1_000)).isEqualTo(5);
    assertThat(tally.counts("cam").labelingRate(1_000)).isEqualTo(4.0); // 4 intervals in 1 s
    assertThat(tally.counts("cam").labelingRate(2_000)).as("one mask gives no rate").isNaN();
  }

  @Test
  void shouldStartANewLatencyWindowOnEachTake() {
    MaskTally tally = new MaskTally();
    tally.mask("cam", 0, 0, 0, 300);
    tally.mask("cam", 0, 0, 0, 900); // a duplicate adds no latency

    Latencies first = tally.takeWindow();
    tally.mask("cam", 1, 0, 0, 100);
    Latencies second = tally.takeWindow();

    assertThat(first.count()).isEqualTo(1);
    assertThat(first.percentile(0.99)).isEqualTo(300);
    assertThat(second.count()).isEqualTo(1);
    assertThat(second.percentile(0.99)).isEqualTo(100);
    assertThat(tally.takeWindow().percentile(0.5)).as("empty window").isEqualTo(-1);
  }

  @Test
  void shouldTakeTheNearestRankPercentile() {
    Latencies latencies = new Latencies(new long[] {50, 10, 40, 20, 30});

    assertThat(latencies.percentile(0.5)).isEqualTo(30);
    assertThat(latencies.percentile(0.95)).isEqualTo(50);
    assertThat(latencies.percentile(0.2)).isEqualTo(10);
    assertThat(Latencies.merge(List.of(latencies, new Latencies(new long[] {60}))).count())
        .isEqualTo(6);
  }
}
