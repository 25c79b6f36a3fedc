package dev.scenelabeler.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyWindowTest {

  @Test
  void shouldReportNearestRankPercentiles() {
    LatencyWindow window = new LatencyWindow(60_000, 1000);
    for (int latency = 100; latency >= 1; latency--) {
      window.record(1_000, latency);
    }
    assertThat(window.summary(1_000)).isEqualTo(new LatencySummary(100, 50, 99));
  }

  @Test
  void shouldLetOneSlowFrameShowInP99ButNotP50() {
    LatencyWindow window = new LatencyWindow(60_000, 1000);
    for (int i = 0; i < 99; i++) {
      window.record(1_000, 40);
    }
    window.record(1_000, 900);
    LatencySummary summary = window.summary(1_000);
    assertThat(summary.p50Ms()).isEqualTo(40);
    assertThat(summary.p99Ms()).isEqualTo(40);
    window.record(1_000, 900);
    assertThat(window.summary(1_000).p99Ms()).isEqualTo(900);
  }

  @Test
  void shouldForgetSamplesOlderThanTheWindow() {
    LatencyWindow window = new LatencyWindow(10_000, 1000);
    window.record(0, 500);
    window.record(9_000, 20);
    assertThat(window.summary(9_500)).isEqualTo(new LatencySummary(2, 20, 500));
    assertThat(window.summary(10_001)).isEqualTo(new LatencySummary(1, 20, 20));
    assertThat(window.summary(30_000)).isEqualTo(LatencySummary.EMPTY);
  }

  @Test
  void shouldKeepOnlyTheNewestSamplesBeyondItsBound() {
    LatencyWindow window = new LatencyWindow(60_000, 3);
    window.record(0, 1000);
    window.record(1, 10);
    window.record(2, 10);
    window.record(3, 10);
    assertThat(window.summary(4)).isEqualTo(new LatencySummary(3, 10, 10));
  }

  @Test
  void shouldClampNegativeLatencyFromSkewedClocksToZero() {
    LatencyWindow window = new LatencyWindow(60_000, 10);
    window.record(0, -5);
    assertThat(window.summary(0).p50Ms()).isZero();
  }
}
