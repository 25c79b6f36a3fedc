package dev.scenelabeler.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateWindowTest {

  private static final long WINDOW_MS = 10_000;

  /** A window that saw one event every {@code everyMs} from 0 until {@code untilMs}. */
  private static RateWindow eventsEvery(long everyMs, long untilMs) {
    RateWindow rate = new RateWindow(WINDOW_MS);
    for (long t = 0; t < untilMs; t += everyMs) {
      rate.record(t);
    }
    return rate;
  }

  @Test
  void shouldCountEventsPerSecondOverTheWindow() {
    assertThat(eventsEvery(100, 20_000).perSecond(20_000))
        .as("10/s for 20 s")
        .isCloseTo(10.0, within(0.2));
  }

  @Test
  void shouldShowTheRealRateOfAFreshCameraWithoutRampingUp() {
    assertThat(eventsEvery(200, 2_000).perSecond(2_000))
        .as("5/s for 2 s")
        .isCloseTo(5.0, within(0.01));
  }

  @Test
  void shouldDropToZeroWhenEventsStop() {
    RateWindow rate = new RateWindow(WINDOW_MS);
    rate.record(0);
    rate.record(500);
    assertThat(rate.perSecond(10_501)).isZero();
  }
}
