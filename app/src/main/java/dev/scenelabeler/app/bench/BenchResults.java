package dev.scenelabeler.app.bench;

import dev.scenelabeler.app.local.Latencies;
import java.nio.file.Path;
import java.util.List;

/**
 * What each phase of {@code bench-pipeline} measured, as plain values; {@link BenchReport} prints
 * them.
 */
final class BenchResults {

  private BenchResults() {}

  /** What was benchmarked, on what. */
  record Setup(Path clip, String model, int frames, int parallelism, String delivery, int cores) {}

  /** 1. The bare labeler's frames/s. */
  record Bare(double fps) {}

  /**
   * Frames the pipeline labeled before anything was measured, and how long they took to be
   * readable.
   */
  record WarmUp(long masks, double seconds) {}

  /**
   * One saturated round: the pipeline's steady-state frames/s over the {@code masks} labeled after
   * the last of {@code frames} was published, between two bare runs.
   */
  record Round(int round, double fps, long masks, int frames, double bareBefore, double bareAfter) {
    double ratio() {
      return fps / ((bareBefore + bareAfter) / 2);
    }

    /** Fewer than two masks give no rate. */
    boolean counted() {
      return masks >= 2;
    }
  }

  /** 2. The saturated rounds and every bare run (before, between and after them). */
  record Saturated(List<Round> rounds, List<Double> bareRuns) {
    Saturated {
      rounds = List.copyOf(rounds);
      bareRuns = List.copyOf(bareRuns);
    }

    /**
     * Masks over the counted rounds' labeling time: each round weighs by its intervals between
     * masks.
     */
    double pipelineFps() {
      long intervals = rounds.stream().filter(Round::counted).mapToLong(r -> r.masks() - 1).sum();
      double seconds =
          rounds.stream().filter(Round::counted).mapToDouble(r -> (r.masks() - 1) / r.fps()).sum();
      return intervals / seconds;
    }

    long masksCounted() {
      return rounds.stream().filter(Round::counted).mapToLong(Round::masks).sum();
    }

    double bareMean() {
      return bareRuns.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    double ratio() {
      return pipelineFps() / bareMean();
    }

    /** One frame's labeling time by the bare runs' mean, ms: the unit of the latency goals. */
    double frameMs() {
      return 1000 / bareMean();
    }
  }

  /** 3. A steady input rate below capacity: frames/s out and capture -> readable latencies. */
  record Steady(
      double rateIn,
      double fpsOut,
      Latencies readable,
      long masksRead,
      long duplicates,
      double frameMs,
      long checkpointMs) {
    /** Two frames' labeling (the one in progress, then its own) and a checkpoint to commit it. */
    long goalP99Ms() {
      return Math.round(2 * frameMs + checkpointMs);
    }
  }

  /** One overload camera: frames in, what became of them, and its latencies. */
  record OverloadCamera(
      String id,
      double fps,
      long in,
      long labeled,
      long skipped,
      long deadLetters,
      long duplicates,
      Latencies labeling,
      Latencies readable) {
    long unaccounted() {
      return in - labeled - skipped - deadLetters;
    }
  }

  /** 4. Cameras sending {@code factor} times capacity to a live-mode job for {@code seconds}. */
  record Overload(
      double totalFps,
      double factor,
      int seconds,
      long maxFrameAgeMs,
      long coolDownSeconds,
      double frameMs,
      List<OverloadCamera> cameras) {
    Overload {
      cameras = List.copyOf(cameras);
    }

    /** The max frame age, then the frame in progress and its own labeling. */
    long goalP99Ms() {
      return Math.round(maxFrameAgeMs + 2 * frameMs);
    }
  }
}
