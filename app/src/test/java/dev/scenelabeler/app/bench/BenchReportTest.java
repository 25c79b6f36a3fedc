package dev.scenelabeler.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.app.bench.BenchResults.Overload;
import dev.scenelabeler.app.bench.BenchResults.OverloadCamera;
import dev.scenelabeler.app.bench.BenchResults.Round;
import dev.scenelabeler.app.bench.BenchResults.Saturated;
import dev.scenelabeler.app.bench.BenchResults.Steady;
import dev.scenelabeler.app.local.Latencies;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class BenchReportTest {

  /**
   * Two rounds with a rate, one without: 10 masks at 10 frames/s and 5 at 5 frames/s, the bare
   * labeler at 20.
   */
  private static final Saturated SATURATED =
      new Saturated(
          List.of(
              new Round(1, 10.0, 11, 100, 20, 20),
              new Round(2, 5.0, 6, 100, 20, 20),
              new Round(3, Double.NaN, 1, 100, 20, 20)),
          List.of(20.0, 20.0, 20.0, 20.0));

  @Test
  void shouldWeighSaturatedRoundsByTheirMasksAndLeaveOutARoundWithoutARate() {
    assertThat(SATURATED.pipelineFps()).isEqualTo(7.5); // 15 intervals in 2 s
    assertThat(SATURATED.masksCounted()).isEqualTo(17);
    assertThat(SATURATED.ratio()).isEqualTo(0.375);

    String out = printed(report -> report.saturated(SATURATED));

    assertThat(out)
        .contains(
            "2. pipeline, saturated:     7.50 frames/s (3 rounds of 100 frames",
            "the 17 masks labeled",
            "ratio pipeline/bare:    0.375  (overhead 62.5%",
            "per round 0.500, 0.250, NaN)",
            "round 1: pipeline  10.00 frames/s (11 masks",
            "bare labeler again:     20.00 frames/s (mean of the 4 bare runs");
  }

  @Test
  void shouldPrintTheSteadyLatenciesAndAGoalOfTwoFramesAndACheckpoint() {
    Steady steady =
        new Steady(2.5, 2.4, new Latencies(new long[] {100, 200, 300, 400}), 1234, 0, 125.0, 1000);

    String out = printed(report -> report.steady(steady));

    assertThat(out)
        .contains(
            "3. pipeline, steady 2.50 frames/s in:   2.40 frames/s out",
            "p50 200 ms, p95 400 ms, p99 400 ms (4 masks)",
            "goal p99 <= 1250 ms (2 x one frame's labeling time 125.0 ms + checkpoint interval 1000"
                + " ms)",
            "masks read 1234, duplicates 0");
  }

  @Test
  void shouldPrintOneLinePerOverloadCameraWithTheFramesUnaccountedFor() {
    Latencies labeling = new Latencies(new long[] {50, 60});
    Latencies readable = new Latencies(new long[] {900, 1100});
    Overload overload =
        new Overload(
            30,
            3,
            10,
            2000,
            6,
            100,
            List.of(
                new OverloadCamera("over-fast", 19.5, 201, 50, 140, 1, 0, labeling, readable),
                new OverloadCamera("over-slow", 3.0, 36, 30, 6, 0, 2, labeling, readable)));

    String out = printed(report -> report.overload(overload));

    assertThat(out.lines().filter(line -> line.startsWith("overload "))).hasSize(2);
    assertThat(out)
        .contains(
            "goal per camera: capture -> mask p99 <= 2200 ms",
            "overload over-fast   19.50 frames/s: in 201, labeled 50, skipped 140, dead letters 1,"
                + " unaccounted 10, duplicates 0; capture -> mask p50 50 ms, p95 60 ms, p99 60 ms;"
                + " capture -> readable (committed) p50 900 ms, p95 1100 ms, p99 1100 ms (2 masks"
                + " of the overload)",
            "overload over-slow    3.00 frames/s: in 36, labeled 30, skipped 6, dead letters 0,"
                + " unaccounted 0, duplicates 2");
  }

  @Test
  void shouldPrintNumbersWithAPointWhateverTheDefaultLocale() {
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      assertThat(printed(report -> report.saturated(SATURATED)))
          .contains("ratio pipeline/bare:    0.375");
    } finally {
      Locale.setDefault(before);
    }
  }

  private static String printed(Consumer<BenchReport> print) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    print.accept(new BenchReport(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
