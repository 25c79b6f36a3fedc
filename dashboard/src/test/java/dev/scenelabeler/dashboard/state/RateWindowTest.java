package dev.scenelabeler.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RateWindowTest {

  @Test
  void shouldCountEventsPerSecondOverTheWindow() {
    RateWindow rate = new RateWindow(10_000);
    for (long t = 0; t < 20_000; t += 100) { // 10 per second for 20 s
      rate.record(t);
    }
    assertThat(rate.perSecond(20_000)).isCloseTo(10.0, within(0.2));
  }

  @Test
  void shouldShowTheRealRateOfAFreshCameraWithoutRampingUp() {
    RateWindow rate = new RateWindow(10_000);
    for (long t = 0; t < 2_000; t += 200) { // 5 per second for 2 s
      rate.record(t);
    }
    assertThat(rate.perSecond(2_000)).isCloseTo(5.0, within(0.01));
  }

  @Test
  void shouldDropToZeroWhenEventsStop() {
    RateWindow rate = new RateWindow(10_000);
    rate.record(0);
    rate.record(500);
    assertThat(rate.perSecond(10_501)).isZero();
  }
}
