package dev.scenelabeler.jobs.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.models.DeviceSpec;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class SkipLedgerTest {

  private final LabelingMetrics metrics =
      new LabelingMetrics(
          new UnregisteredMetricsGroup(), new DeviceAssignment(DeviceSpec.cpu(), "test"));
  private final SkipLedger skips = new SkipLedger(metrics);

  @Test
  void shouldReportACamerasSkipsOnItsNextMaskOnly() {
    skips.skipped("cam-a");
    skips.skipped("cam-b");
    skips.skipped("cam-a");

    assertThat(skips.takeForMask("cam-a")).isEqualTo(2);
    assertThat(skips.takeForMask("cam-a")).as("already reported").isZero();
    assertThat(skips.takeForMask("cam-b")).isEqualTo(1);
    assertThat(skips.takeForMask("cam-c")).isZero();
  }

  @Test
  void shouldCountEverySkipInTheCamerasAndTheTotalMetricAtOnce() {
    skips.skipped("cam-a");
    skips.skipped("cam-a");
    skips.skipped("cam-b");

    assertThat(metrics.camera("cam-a").framesSkipped.getCount()).isEqualTo(2);
    assertThat(metrics.framesSkipped.getCount()).isEqualTo(3);
  }
}
