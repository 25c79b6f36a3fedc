package dev.scenelabeler.app.bench;

import dev.scenelabeler.app.bench.BenchResults.Overload;
import dev.scenelabeler.app.bench.BenchResults.OverloadCamera;
import dev.scenelabeler.app.local.LocalPipeline;
import dev.scenelabeler.app.local.MaskConsumer;
import dev.scenelabeler.app.local.MaskTally;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Phase 4 of {@code bench-pipeline}, on a pipeline whose job runs in live mode: three cameras
 * sending together a multiple of what the labeler can do; per camera, frames in, labeled, skipped,
 * dead letters, duplicates and the latencies of its masks.
 */
final class OverloadPhase {

  /** The cameras and their shares of the overload rate: one fast, one medium, one slow. */
  static final Map<String, Double> SHARES =
      Map.of("over-fast", 0.65, "over-medium", 0.25, "over-slow", 0.10);

  /** Until the job's first mask is readable (model loaded, transactions going). */
  private static final Duration WARM_UP_TIMEOUT = Duration.ofMinutes(3);

  /**
   * Nothing new for this long after the cool-down: every frame sent has been answered for, or never
   * will be.
   */
  private static final Duration QUIET = Duration.ofSeconds(5);

  private final LocalPipeline pipeline;
  private final MaskConsumer masks;
  private final ClipJpegs jpegs;

  OverloadPhase(LocalPipeline pipeline, Path clip) throws Exception {
    this.pipeline = pipeline;
    this.masks = pipeline.masks();
    this.jpegs = ClipJpegs.read(clip, 60);
  }

  /**
   * Sends {@code factor x bareFps} frames/s, split by {@link #SHARES}, for {@code seconds}, then
   * the cool-down, and waits until the job is quiet.
   */
  Overload run(double bareFps, double factor, int seconds, Duration maxFrameAge, double frameMs)
      throws InterruptedException {
    double totalFps = factor * bareFps;
    List<PacedCameras.Camera> cameras =
        SHARES.entrySet().stream()
            .sorted(Map.Entry.comparingByValue(Comparator.reverseOrder()))
            .map(e -> new PacedCameras.Camera(e.getKey(), e.getValue() * totalFps))
            .toList();
    warmUp();
    PacedCameras.Sent sent =
        cameras()
            .runWhilePolling(
                cameras,
                Duration.ofSeconds(seconds),
                PacedCameras.COOL_DOWN,
                () -> masks.poll(Duration.ofMillis(200)));
    masks.drain(QUIET, Duration.ofMinutes(5));
    MaskTally tally = masks.tally();
    List<OverloadCamera> results = new ArrayList<>();
    for (PacedCameras.Camera camera : cameras) {
      MaskTally.Camera counts = tally.counts(camera.id());
      long overloadFrames = sent.overload().get(camera.id());
      results.add(
          new OverloadCamera(
              camera.id(),
              camera.fps(),
              sent.total().get(camera.id()),
              counts.labeled(),
              counts.skipped(),
              counts.deadLetters(),
              counts.duplicates(),
              counts.labeling(overloadFrames),
              counts.readable(overloadFrames)));
    }
    return new Overload(
        totalFps,
        factor,
        seconds,
        maxFrameAge.toMillis(),
        PacedCameras.COOL_DOWN.toSeconds(),
        frameMs,
        results);
  }

  /** A frame a second until the first mask is readable; fails if none comes within the timeout. */
  private void warmUp() throws InterruptedException {
    PacedCameras warmUp = cameras();
    long deadline = System.nanoTime() + WARM_UP_TIMEOUT.toNanos();
    long sent = 0;
    while (masks.tally().counts("warmup").labeled() == 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no mask of the overload job's warm-up camera within "
                + WARM_UP_TIMEOUT
                + ": "
                + sent
                + " frames sent to "
                + pipeline.topics().frames()
                + " (a frame a second), "
                + masks.tally().counts("warmup").skipped()
                + " reported skipped; see the job's log above");
      }
      sent +=
          warmUp
              .run(
                  List.of(new PacedCameras.Camera("warmup", 1)),
                  Duration.ofSeconds(1),
                  Duration.ZERO)
              .total()
              .get("warmup");
      masks.poll(Duration.ofMillis(100));
    }
  }

  private PacedCameras cameras() {
    return new PacedCameras(
        pipeline.bootstrapServers(),
        pipeline.topics().frames(),
        jpegs.jpegs(),
        jpegs.width(),
        jpegs.height());
  }
}
