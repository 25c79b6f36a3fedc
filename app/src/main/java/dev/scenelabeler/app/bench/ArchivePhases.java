package dev.scenelabeler.app.bench;

import dev.scenelabeler.app.bench.BenchResults.Round;
import dev.scenelabeler.app.bench.BenchResults.Saturated;
import dev.scenelabeler.app.bench.BenchResults.Steady;
import dev.scenelabeler.app.bench.BenchResults.WarmUp;
import dev.scenelabeler.app.local.LocalPipeline;
import dev.scenelabeler.app.local.MaskConsumer;
import dev.scenelabeler.app.local.MaskTally;
import dev.scenelabeler.connectors.publish.CameraFeed;
import dev.scenelabeler.connectors.publish.PublishRate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Phases 2 and 3 of {@code bench-pipeline}, on a pipeline whose job runs in archive mode (every
 * frame labeled): warm-up, saturated rounds against the bare labeler, a steady rate below capacity.
 * Each phase waits until the job's queue is drained, so the next starts on an empty one.
 */
final class ArchivePhases {

  /**
   * Longest a phase waits for its masks; the real model on a loaded CPU takes minutes for a
   * thousand.
   */
  private static final Duration MASKS_TIMEOUT = Duration.ofMinutes(10);

  private final LocalPipeline pipeline;
  private final MaskConsumer masks;
  private final MaskTally tally;
  private final Path clip;
  private final BareLabeler bare;
  private final Duration checkpointInterval;

  ArchivePhases(LocalPipeline pipeline, Path clip, BareLabeler bare, Duration checkpointInterval) {
    this.pipeline = pipeline;
    this.masks = pipeline.masks();
    this.tally = masks.tally();
    this.clip = clip;
    this.bare = bare;
    this.checkpointInterval = checkpointInterval;
  }

  /** The job opens its model, the transactions get going and the JIT compiles the frame path. */
  WarmUp warmUp(int frames) {
    long start = System.nanoTime();
    long before = tally.masks();
    pipeline.publish(List.of(CameraFeed.of("warmup", clip)), PublishRate.parse("max"), frames);
    masks.awaitMasks(before + frames, MASKS_TIMEOUT);
    double seconds = (System.nanoTime() - start) / 1e9;
    drain();
    return new WarmUp(tally.masks() - before, seconds);
  }

  /**
   * {@code frames} split over {@code rounds}, each published at full speed and drained by the
   * pipeline as fast as it can, between two bare-labeler runs of as many frames: a machine whose
   * speed drifts slows both sides of a round alike.
   */
  Saturated saturated(int frames, int rounds) {
    int perRound = Math.max(1, frames / rounds);
    List<Double> bareRuns = new ArrayList<>(List.of(bare.fps(perRound)));
    List<Round> results = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      String camera = "saturate-" + round;
      long before = tally.masks();
      pipeline.publish(List.of(CameraFeed.of(camera, clip)), PublishRate.parse("max"), perRound);
      long publishedAt = System.currentTimeMillis();
      masks.awaitMasks(before + perRound, MASKS_TIMEOUT);
      // Steady state: the masks labeled after the publisher finished (its decoding and encoding no
      // longer
      // share the cores), by their own labeling times (not quantized by the checkpoints that commit
      // them).
      MaskTally.Camera counts = tally.counts(camera);
      double fps = counts.labelingRate(publishedAt);
      long labeled = counts.labeledAfter(publishedAt);
      drain();
      bareRuns.add(bare.fps(perRound));
      results.add(
          new Round(round, fps, labeled, perRound, bareRuns.get(round - 1), bareRuns.get(round)));
    }
    return new Saturated(results, bareRuns);
  }

  /**
   * A camera sending {@code rate} frames/s for {@code length}: latency as a consumer sees it. The
   * frames are encoded beforehand, so the sender's encoding takes no CPU from the pipeline.
   */
  Steady steady(double rate, Duration length, double frameMs) throws Exception {
    ClipJpegs jpegs = ClipJpegs.read(clip, 60);
    PacedCameras cameras =
        new PacedCameras(
            pipeline.bootstrapServers(),
            pipeline.topics().frames(),
            jpegs.jpegs(),
            jpegs.width(),
            jpegs.height());
    tally.takeWindow(); // the earlier phases' latencies are not this one's
    long before = tally.masks();
    long start = System.nanoTime();
    long sent =
        cameras
            .runWhilePolling(
                List.of(new PacedCameras.Camera("steady", rate)),
                length,
                Duration.ZERO,
                () -> masks.poll(Duration.ofMillis(100)))
            .total()
            .get("steady");
    masks.awaitMasks(before + sent, MASKS_TIMEOUT);
    double fpsOut = sent / ((System.nanoTime() - start) / 1e9); // until the last mask is readable
    drain();
    return new Steady(
        rate,
        fpsOut,
        tally.takeWindow(),
        tally.masks(),
        tally.duplicates(),
        frameMs,
        checkpointInterval.toMillis());
  }

  /** Until no mask has arrived for a few checkpoint intervals: the job's queue is empty. */
  private void drain() {
    masks.drain(
        Duration.ofMillis(Math.max(2_000, 3 * checkpointInterval.toMillis())), MASKS_TIMEOUT);
  }
}
