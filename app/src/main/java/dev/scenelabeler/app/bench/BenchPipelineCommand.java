package dev.scenelabeler.app.bench;

import static dev.scenelabeler.jobs.options.JobOptionDeclarations.*;

import dev.scenelabeler.app.bench.BenchResults.Bare;
import dev.scenelabeler.app.bench.BenchResults.Saturated;
import dev.scenelabeler.app.bench.BenchResults.Setup;
import dev.scenelabeler.app.local.DemoClip;
import dev.scenelabeler.app.local.LocalPipeline;
import dev.scenelabeler.connectors.kafka.EmbeddedKafkaBroker;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.jobs.labeling.SceneModelLabelerFactory;
import dev.scenelabeler.jobs.local.LocalFlink;
import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.options.JobOptionsBuilder;
import dev.scenelabeler.jobs.options.JobOptionsMixin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./scene-labeler bench-pipeline}: what the pipeline costs over the bare labeler, in one run
 * on this machine. (1) The bare labeler's frames/s on the clip's frames (JPEG-decoded, as the job
 * sees them). (2) The same frames published at full speed through Kafka -> Flink (archive mode:
 * every frame labeled) -> Kafka -> a read_committed consumer: frames/s in steady state (the masks
 * labeled after the publisher finished, so job startup and the publisher's own decoding are not
 * counted), in {@code --rounds} rounds, each between two runs of the bare labeler, and the ratio
 * pipeline/bare: a shared machine whose speed drifts by tens of percent from one minute to the next
 * slows both sides of each round alike. (3) A steady input rate below capacity: frames/s and
 * capture-to-consumer latency p50/p95/p99. Each phase waits until its queue is drained. (4)
 * Overload: a live-mode job, three cameras sending together {@code --overload-factor} times what
 * the labeler can do: per camera, frames in, labeled, skipped, dead letters, duplicates and capture
 * -> mask p50/p95/p99, one line each starting with {@code overload}.
 */
@Command(
    name = "bench-pipeline",
    mixinStandardHelpOptions = true,
    description = {
      "Bare labeler vs publisher -> Kafka -> Flink -> Kafka -> consumer, in one run.",
      "Example: ./scene-labeler bench-pipeline --frames 120 --steady-seconds 30"
    })
public final class BenchPipelineCommand implements Callable<Integer> {

  @Option(names = "--video", description = "Clip to use (default: the test-data clip).")
  Path video;

  /**
   * The job's flags that make sense here; parallelism 1 compares like with like: one labeler, the
   * engine's threads.
   */
  @Mixin
  JobOptionsMixin jobOptions =
      JobOptionsMixin.of(
          JobOptions.builder().parallelism(1),
          MODEL,
          WORKING_SIZE,
          PRECISION,
          TEMPORAL_FILTER,
          PARALLELISM,
          DELIVERY,
          CHECKPOINT_INTERVAL,
          MAX_FRAME_AGE);

  @Option(
      names = "--frames",
      defaultValue = "1000",
      description =
          "Frames of the first bare run and of the saturated phase, split over its rounds "
              + "(default: ${DEFAULT-VALUE}).")
  int frames;

  /**
   * Warm-up: the job opens its model, the transactions get going and the JIT compiles the frame
   * path. After 200 frames the compiler threads still took 0.1-0.3 of a core through the saturated
   * phase (Kafka's client and broker code, Flink's record path), on the core the labeler's thread
   * then waits for.
   */
  @Option(
      names = "--warmup-frames",
      defaultValue = "1000",
      description =
          "Frames the pipeline labels before anything "
              + "is measured, so that the JIT compiler is mostly done (default: ${DEFAULT-VALUE}).")
  int warmupFrames;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description =
          "The saturated phase's rounds: --frames split over them, each round between two"
              + " bare-labeler runs of as many frames, so that a machine whose speed drifts slows"
              + " both alike (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--steady-seconds",
      defaultValue = "30",
      description = "Length of the steady-rate run (default: ${DEFAULT-VALUE}).")
  int steadySeconds;

  @Option(
      names = "--steady-load",
      defaultValue = "0.5",
      description =
          "Steady input rate as a share of the bare frames/s (default: ${DEFAULT-VALUE}).")
  double steadyLoad;

  @Option(
      names = "--overload-seconds",
      defaultValue = "60",
      description = "Length of the overload phase, 0 to leave it out (default: ${DEFAULT-VALUE}).")
  int overloadSeconds;

  @Option(
      names = "--overload-factor",
      defaultValue = "3",
      description =
          "Overload input rate as a multiple of the bare frames/s (default: ${DEFAULT-VALUE}).")
  double overloadFactor;

  private JobOptions requested; // the flags over the bench's defaults
  private int parallelism;
  private SceneModelLabelerFactory factory;

  @Override
  public Integer call() throws Exception {
    requested = jobOptions.toOptions();
    if (rounds < 1 || frames < rounds) {
      throw new IllegalArgumentException(
          "--rounds must be 1.." + frames + " (at least a frame a round), got " + rounds);
    }
    parallelism = requested.parallelism().orElse(1);
    Path clip = video != null ? video : DemoClip.locate();
    factory = requested.labelerFactory();
    BenchReport report = new BenchReport(System.out);
    report.setup(
        new Setup(
            clip,
            factory.describe(),
            frames,
            parallelism,
            requested.delivery().toString(),
            Runtime.getRuntime().availableProcessors()));

    try (BareLabeler bare = BareLabeler.open(clip, factory, Math.min(frames, 60))) {
      Bare first = new Bare(bare.fps(frames));
      report.bare(first);
      double capacity = first.fps() * parallelism;
      double frameMs;
      try (LocalPipeline pipeline = start()) {
        pipeline.startJob(
            phaseOptions(pipeline, "bench").archive().build(),
            factory,
            LocalFlink.environment(parallelism, 0, 0));
        ArchivePhases phases =
            new ArchivePhases(pipeline, clip, bare, requested.checkpointInterval());
        report.warmUp(phases.warmUp(warmupFrames));
        Saturated saturated = phases.saturated(frames, rounds);
        report.saturated(saturated);
        frameMs = saturated.frameMs();
        report.steady(
            phases.steady(
                Math.max(0.5, steadyLoad * capacity), Duration.ofSeconds(steadySeconds), frameMs));
      }
      if (overloadSeconds > 0) {
        try (LocalPipeline pipeline = start()) {
          pipeline.startJob(
              phaseOptions(pipeline, "bench-overload").live(requested.maxFrameAge()).build(),
              factory,
              LocalFlink.environment(parallelism, 0, 0));
          report.overload(
              new OverloadPhase(pipeline, clip)
                  .run(
                      capacity, overloadFactor, overloadSeconds, requested.maxFrameAge(), frameMs));
        }
      }
    }
    return 0;
  }

  /** A fresh broker per job, so the overload's live job reads no frame of the earlier phases. */
  private LocalPipeline start() {
    return LocalPipeline.start(
        EmbeddedKafkaBroker.builder(), Topics.DEFAULTS, Math.max(2, parallelism));
  }

  /** The job options of one phase: the flags given, on the phase's broker and topics. */
  private JobOptionsBuilder phaseOptions(LocalPipeline pipeline, String group) {
    return pipeline.jobOptions(requested).groupId(group).transactionTimeout(Duration.ofMinutes(5));
  }
}
