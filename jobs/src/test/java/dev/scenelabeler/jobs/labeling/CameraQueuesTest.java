package dev.scenelabeler.jobs.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CameraQueuesTest {

  record Frame(String camera, long captureMs) {}

  private static final CameraQueues.Frames<Frame> FRAMES =
      CameraQueues.Frames.of(Frame::camera, Frame::captureMs);

  private static final FreshnessPolicy LIVE = FreshnessPolicy.live(Duration.ofMillis(1_000));

  @Test
  void shouldPeekTheFramesTakeWouldGiveWithoutTakingOrSkipping() {
    CameraQueues<Frame> queues = new CameraQueues<>(FRAMES);
    List<Frame> skipped = new ArrayList<>();
    // Camera a: two frames that are stale at 5_000 and a fresh one; camera b: two fresh ones.
    for (Frame frame :
        List.of(
            new Frame("a", 3_000),
            new Frame("a", 3_500),
            new Frame("b", 4_200),
            new Frame("a", 4_100),
            new Frame("b", 4_300))) {
      queues.add(frame, 3_900, LIVE, skipped::add);
    }

    List<Frame> peeked = queues.peek(3, 5_000, LIVE);

    assertThat(queues.size()).as("nothing taken").isEqualTo(5);
    assertThat(skipped).as("nothing skipped").isEmpty();
    assertThat(peeked)
        .containsExactly(new Frame("a", 4_100), new Frame("b", 4_200), new Frame("b", 4_300));
    assertThat(queues.take(3, 5_000, LIVE, skipped::add)).isEqualTo(peeked);
  }

  @Test
  void shouldPeekACamerasNewestFrameEvenWhenStaleAsTakeLabelsIt() {
    CameraQueues<Frame> queues = new CameraQueues<>(FRAMES);
    queues.add(new Frame("a", 1_000), 1_000, LIVE, f -> {});
    queues.add(new Frame("a", 1_100), 1_100, LIVE, f -> {});

    assertThat(queues.peek(1, 9_000, LIVE)).containsExactly(new Frame("a", 1_100));
    assertThat(queues.take(1, 9_000, LIVE, f -> {})).containsExactly(new Frame("a", 1_100));
  }

  @Test
  void shouldPeekInArrivalOrderInArchiveMode() {
    CameraQueues<Frame> queues = new CameraQueues<>(FRAMES);
    for (long t = 0; t < 4; t++) {
      queues.add(new Frame("a", t), 99_000, FreshnessPolicy.archive(), f -> {});
    }
    assertThat(queues.peek(2, 99_000, FreshnessPolicy.archive()))
        .containsExactly(new Frame("a", 0), new Frame("a", 1));
    assertThat(queues.peek(8, 99_000, FreshnessPolicy.archive())).hasSize(4);
  }
}
