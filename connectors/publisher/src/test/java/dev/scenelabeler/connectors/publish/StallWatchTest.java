package dev.scenelabeler.connectors.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StallWatchTest {

  private static final long MS = 1_000_000L;
  private static final long T0 = 7_000 * MS;
  private static final long WALL_T0 = 1_700_000_000_000L;
  private static final Duration AFTER = Duration.ofMillis(200);

  private final SendBacklog backlog = new SendBacklog();
  private final List<FramePublisher.SendStall> reports = new ArrayList<>();
  private final StallWatch watch = new StallWatch(backlog, AFTER, reports::add);

  @Test
  void shouldReportOnceTheOldestFrameHasWaitedTheThreshold() {
    backlog.begin(T0);
    backlog.begin(T0 + 50 * MS);

    at(199);
    assertThat(reports).isEmpty();
    at(200);
    assertThat(reports)
        .containsExactly(
            new FramePublisher.SendStall(2, Instant.ofEpochMilli(WALL_T0), Duration.ofMillis(200)));
  }

  @Test
  void shouldReportAgainEveryThresholdWhileTheStallLasts() {
    backlog.begin(T0);

    at(200);
    at(300);
    at(399);
    assertThat(reports).hasSize(1);
    at(400);
    assertThat(reports).hasSize(2);
    assertThat(reports.get(1).waited()).isEqualTo(Duration.ofMillis(400));
  }

  @Test
  void shouldReportANewStallAtOnceAfterTheLastOneEnded() {
    long first = backlog.begin(T0);
    backlog.begin(T0 + 100 * MS);
    at(200);
    backlog.done(first);
    at(210); // the frame left waits 110 ms: the stall is over

    at(300); // that frame reaches the threshold only 100 ms after the last report
    assertThat(reports).hasSize(2);
    assertThat(reports.get(1).waitingFrames()).isEqualTo(1);
  }

  @Test
  void shouldKeepWatchingWhenTheListenerFails() {
    List<FramePublisher.SendStall> seen = new ArrayList<>();
    StallWatch failing =
        new StallWatch(
            backlog,
            AFTER,
            stall -> {
              seen.add(stall);
              throw new IllegalStateException("listener broke");
            });
    backlog.begin(T0);

    failing.check(T0 + 200 * MS, WALL_T0 + 200);
    failing.check(T0 + 400 * MS, WALL_T0 + 400);

    assertThat(seen).hasSize(2);
  }

  @ParameterizedTest(name = "stall after {0} ms: check every {1} ms")
  @CsvSource({"5000, 1000", "200, 100", "2, 10"})
  void shouldCheckAtHalfTheThresholdButNotMoreOftenThanEveryTenMillisNorLessThanEverySecond(
      long afterMillis, long expectedMillis) {
    StallWatch watch = new StallWatch(backlog, Duration.ofMillis(afterMillis), reports::add);

    assertThat(watch.checkInterval()).isEqualTo(Duration.ofMillis(expectedMillis));
  }

  private void at(long millisAfterT0) {
    watch.check(T0 + millisAfterT0 * MS, WALL_T0 + millisAfterT0);
  }
}
