package dev.scenelabeler.connectors.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayClockTest {

  private static final long NOW_NANOS = 5_000_000_000L;
  private static final long NOW_MILLIS = 1_700_000_000_000L;

  @Test
  void shouldPlaceEachFrameAtTheFirstFramesWallTimePlusItsPresentationTimestamp() {
    PublishRate realtime = new PublishRate.Realtime();
    ReplayClock clock = ReplayClock.startingNow(NOW_NANOS, NOW_MILLIS, realtime.dueNanos(0, 0));

    long frame30 = realtime.dueNanos(30, 2_000_000); // 2 s into a 15 fps clip
    assertThat(clock.scheduledEpochMillis(frame30)).isEqualTo(NOW_MILLIS + 2_000);
    assertThat(clock.sendAtNanos(frame30)).isEqualTo(NOW_NANOS + 2_000_000_000L);
  }

  @Test
  void shouldAnchorAClipWhoseFirstTimestampIsNotZeroAtItsFirstFrame() {
    PublishRate realtime = new PublishRate.Realtime();
    ReplayClock clock =
        ReplayClock.startingNow(NOW_NANOS, NOW_MILLIS, realtime.dueNanos(0, 500_000));

    assertThat(clock.scheduledEpochMillis(realtime.dueNanos(0, 500_000))).isEqualTo(NOW_MILLIS);
    assertThat(clock.scheduledEpochMillis(realtime.dueNanos(1, 566_667)))
        .isEqualTo(NOW_MILLIS + 66);
    assertThat(clock.sendAtNanos(realtime.dueNanos(0, 500_000))).isEqualTo(NOW_NANOS);
  }

  @Test
  void shouldFollowAFixedRateRatherThanTheSourcesTimestamps() {
    PublishRate threeFps = new PublishRate.FramesPerSecond(3);
    ReplayClock clock = ReplayClock.startingNow(NOW_NANOS, NOW_MILLIS, threeFps.dueNanos(0, 0));

    assertThat(clock.scheduledEpochMillis(threeFps.dueNanos(6, 400_000)))
        .isEqualTo(NOW_MILLIS + 2_000);
    assertThat(new PublishRate.Max().paced()).isFalse();
    assertThat(threeFps.paced()).isTrue();
  }
}
