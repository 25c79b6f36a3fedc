package dev.scenelabeler.connectors.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryTallyTest {

  private static final long START = 1_000_000_000L;
  private static final long MS = 1_000_000L;

  @Test
  void shouldCountAcknowledgedFramesAndBytesPerCameraInTheFeedsOrder() {
    DeliveryTally tally = new DeliveryTally();
    tally.acked("cam-2", 100, START + 10 * MS);
    tally.acked("cam-1", 50, START + 20 * MS);
    tally.acked("cam-2", 25, START + 30 * MS);

    FramePublisher.Progress progress = tally.progress(START, START + 500 * MS);
    assertThat(progress.frames()).isEqualTo(3);
    assertThat(progress.bytes()).isEqualTo(175);
    List<CameraFeed> feeds = List.of(feed("cam-1"), feed("cam-2"), feed("cam-3"));
    assertThat(tally.framesByCamera(feeds))
        .containsExactly(entry("cam-1", 1L), entry("cam-2", 2L), entry("cam-3", 0L));
  }

  @Test
  void shouldMeasureTheTimeToTheLastAcknowledgementNotToNow() {
    DeliveryTally tally = new DeliveryTally();
    tally.acked("cam-1", 100, START + 10 * MS);
    tally.acked("cam-1", 100, START + 40 * MS);

    // The sources ended long after: the rate must not count the wait.
    assertThat(tally.progress(START, START + 9_000 * MS).elapsed())
        .isEqualTo(Duration.ofMillis(40));
    assertThat(tally.firstAck(START)).isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void shouldMeasureTheTimeToNowWhileNothingWasAcknowledged() {
    DeliveryTally tally = new DeliveryTally();

    assertThat(tally.progress(START, START + 300 * MS).elapsed()).isEqualTo(Duration.ofMillis(300));
    assertThat(tally.firstAck(START)).isEqualTo(Duration.ZERO);
  }

  @Test
  void shouldKeepTheFirstSendErrorOnly() {
    DeliveryTally tally = new DeliveryTally();
    assertThat(tally.sendError()).isEmpty();
    IllegalStateException first = new IllegalStateException("broker rejected the frame");

    tally.failed(first);
    tally.failed(new IllegalStateException("a consequence"));

    assertThat(tally.sendError()).containsSame(first);
  }

  private static CameraFeed feed(String camera) {
    return new CameraFeed(
        camera,
        "unused",
        options -> {
          throw new AssertionError("not opened");
        });
  }

  private static Map.Entry<String, Long> entry(String camera, long frames) {
    return Map.entry(camera, frames);
  }
}
