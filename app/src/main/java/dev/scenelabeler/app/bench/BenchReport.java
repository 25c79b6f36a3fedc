package dev.scenelabeler.app.bench;

import dev.scenelabeler.app.bench.BenchResults.Bare;
import dev.scenelabeler.app.bench.BenchResults.Overload;
import dev.scenelabeler.app.bench.BenchResults.OverloadCamera;
import dev.scenelabeler.app.bench.BenchResults.Round;
import dev.scenelabeler.app.bench.BenchResults.Saturated;
import dev.scenelabeler.app.bench.BenchResults.Setup;
import dev.scenelabeler.app.bench.BenchResults.Steady;
import dev.scenelabeler.app.bench.BenchResults.WarmUp;
import dev.scenelabeler.app.local.Latencies;
import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints the results of {@code bench-pipeline}'s phases, one call each, as they come. */
final class BenchReport {

  private final PrintStream out;

  BenchReport(PrintStream out) {
    this.out = out;
  }

  void setup(Setup setup) {
    printf(
        "bench-pipeline: %s, model %s, %d frames, parallelism %d, %s, %d cores%n",
        setup.clip(),
        setup.model(),
        setup.frames(),
        setup.parallelism(),
        setup.delivery(),
        setup.cores());
  }

  void bare(Bare bare) {
    printf(
        "1. bare labeler:          %6.2f frames/s (labeler.label on JPEG-decoded frames, after"
            + " warm-up)%n",
        bare.fps());
  }

  void warmUp(WarmUp warmUp) {
    printf(
        "   warm-up: %d masks readable after %.1f s (not measured)%n",
        warmUp.masks(), warmUp.seconds());
  }

  void saturated(Saturated saturated) {
    for (Round round : saturated.rounds()) {
      printf(
          "   round %d: pipeline %6.2f frames/s (%d masks labeled after the last of %d frames was"
              + " published), bare before and after %.2f / %.2f, ratio %.3f%n",
          round.round(),
          round.fps(),
          round.masks(),
          round.frames(),
          round.bareBefore(),
          round.bareAfter(),
          round.ratio());
    }
    int perRound = saturated.rounds().get(0).frames();
    printf(
        "2. pipeline, saturated:   %6.2f frames/s (%d rounds of %d frames published at max rate;"
            + " steady state: the %d masks labeled after each round's last frame was published)%n",
        saturated.pipelineFps(), saturated.rounds().size(), perRound, saturated.masksCounted());
    printf(
        "   bare labeler again:    %6.2f frames/s (mean of the %d bare runs before, between and"
            + " after the rounds: %s)%n",
        saturated.bareMean(),
        saturated.bareRuns().size(),
        saturated.bareRuns().stream()
            .map(f -> format("%.2f", f))
            .collect(Collectors.joining(", ", "[", "]")));
    printf(
        "   ratio pipeline/bare:   %6.3f  (overhead %.1f%%; goal < 10%%; per round %s)%n",
        saturated.ratio(),
        100 * (1 - saturated.ratio()),
        saturated.rounds().stream()
            .map(r -> format("%.3f", r.ratio()))
            .collect(Collectors.joining(", ")));
  }

  void steady(Steady steady) {
    Latencies readable = steady.readable();
    printf(
        "3. pipeline, steady %.2f frames/s in: %6.2f frames/s out; capture -> readable by consumer:"
            + " p50 %d ms, p95 %d ms, p99 %d ms (%d masks)%n",
        steady.rateIn(),
        steady.fpsOut(),
        readable.percentile(0.5),
        readable.percentile(0.95),
        readable.percentile(0.99),
        readable.count());
    printf(
        "   goal p99 <= %d ms (2 x one frame's labeling time %.1f ms + checkpoint interval %d"
            + " ms)%n",
        steady.goalP99Ms(), steady.frameMs(), steady.checkpointMs());
    printf("   masks read %d, duplicates %d%n", steady.masksRead(), steady.duplicates());
  }

  void overload(Overload overload) {
    printf(
        "4. overload: %.2f frames/s in (%.1f x the bare labeler) for %d s, live mode, max frame age"
            + " %d ms, then %d s of one frame/s per camera%n",
        overload.totalFps(),
        overload.factor(),
        overload.seconds(),
        overload.maxFrameAgeMs(),
        overload.coolDownSeconds());
    printf(
        "   goal per camera: capture -> mask p99 <= %d ms (max frame age %d ms + 2 x one frame's"
            + " labeling time %.1f ms), labeled + skipped + dead letters = in, duplicates 0%n",
        overload.goalP99Ms(), overload.maxFrameAgeMs(), overload.frameMs());
    for (OverloadCamera camera : overload.cameras()) {
      Latencies labeling = camera.labeling();
      Latencies readable = camera.readable();
      printf(
          "overload %-11s %5.2f frames/s: in %d, labeled %d, skipped %d, dead letters %d,"
              + " unaccounted %d, duplicates %d; capture -> mask p50 %d ms, p95 %d ms, p99 %d ms;"
              + " capture -> readable (committed) p50 %d ms, p95 %d ms, p99 %d ms (%d masks of the"
              + " overload)%n",
          camera.id(),
          camera.fps(),
          camera.in(),
          camera.labeled(),
          camera.skipped(),
          camera.deadLetters(),
          camera.unaccounted(),
          camera.duplicates(),
          labeling.percentile(0.5),
          labeling.percentile(0.95),
          labeling.percentile(0.99),
          readable.percentile(0.5),
          readable.percentile(0.95),
          readable.percentile(0.99),
          readable.count());
    }
  }

  /**
   * Numbers with a point, whatever the machine's locale, so the report reads (and parses) the same
   * everywhere.
   */
  private void printf(String format, Object... args) {
    out.print(format(format, args));
  }

  private static String format(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
