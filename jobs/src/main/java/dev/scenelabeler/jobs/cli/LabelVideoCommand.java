package dev.scenelabeler.jobs.cli;

import static dev.scenelabeler.jobs.options.JobOptionDeclarations.BATCH_SIZE;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.BOOTSTRAP_SERVERS;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.DELIVERY;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.DEVICE;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.ENGINE;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.KAFKA_CONFIG;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.MASKS_TOPIC;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.MODEL;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.PARALLELISM;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.PRECISION;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.TEMPORAL_FILTER;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.TRANSACTIONAL_ID_PREFIX;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.TRANSACTION_TIMEOUT;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.WORKING_SIZE;

import dev.scenelabeler.connectors.video.FrameSize;
import dev.scenelabeler.connectors.video.FrameSourceOptions;
import dev.scenelabeler.jobs.batch.BatchLabelingJob;
import dev.scenelabeler.jobs.batch.VideoInput;
import dev.scenelabeler.jobs.batch.VideoInputs;
import dev.scenelabeler.jobs.batch.VideoResult;
import dev.scenelabeler.jobs.batch.VideoResultsAccumulator;
import dev.scenelabeler.jobs.local.LocalFlink;
import dev.scenelabeler.jobs.options.JobOption;
import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.options.JobOptionsMixin;
import dev.scenelabeler.jobs.streaming.BrokerPreflight;
import dev.scenelabeler.jobs.streaming.KafkaWiring;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./scene-labeler label-video}: the batch job over video files, with progress. */
@Command(
    name = "label-video",
    mixinStandardHelpOptions = true,
    description = {
      "Labels video files (or image folders) with a Flink job in BATCH mode, files in parallel.",
      "Per video: masks/mask-NNNNNN.png, overlay.mp4, stats.jsonl, summary.json, shares.png"
          + " (error.txt if it failed);",
      "per run: summary.json listing every video as ok or failed with the reason. A failed video"
          + " does not stop",
      "the others; the exit code is 1 if any failed.",
      "Example: ./scene-labeler label-video test-data/street/street-480x360-15fps.mp4 --out"
          + " out/street",
      "         ./scene-labeler label-video 'clips/*.mp4' -p 2 --every 2"
    })
public final class LabelVideoCommand extends JobCommand {

  @Parameters(
      arity = "1..*",
      paramLabel = "VIDEO|FOLDER|GLOB",
      description = "Video files, folders of videos or images, or globs.")
  List<String> inputs;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "out/label-video",
      description = {
        "Output folder; one subfolder per video (default: ${DEFAULT-VALUE}). On a cluster: a"
            + " folder",
        "every TaskManager sees (a shared path), or a URI on a Flink file system such as"
            + " s3://bucket/out."
      })
  String out;

  @Option(names = "--every", paramLabel = "N", description = "Label every N-th frame only.")
  int every;

  @Option(
      names = "--fps",
      paramLabel = "F",
      description = "Label at most F frames per second of video.")
  double fps;

  @Option(
      names = "--resize",
      paramLabel = "WxH",
      description = "Resize frames before labeling, e.g. 480x360.")
  String resize;

  @Option(
      names = "--to-kafka",
      description =
          "Publish mask records to the masks topic (--bootstrap, --masks-topic) instead of files.")
  boolean toKafka;

  /**
   * The options the batch job honours: no Kafka source, checkpoints or freshness (every frame is
   * labeled); the Kafka ones are for {@code --to-kafka}.
   */
  static final List<JobOption<?>> OPTIONS =
      List.of(
          MODEL,
          ENGINE,
          WORKING_SIZE,
          PRECISION,
          TEMPORAL_FILTER,
          DEVICE,
          BATCH_SIZE,
          PARALLELISM,
          BOOTSTRAP_SERVERS,
          KAFKA_CONFIG,
          MASKS_TOPIC,
          DELIVERY,
          TRANSACTION_TIMEOUT,
          TRANSACTIONAL_ID_PREFIX);

  @Mixin
  JobOptionsMixin jobOptions = JobOptionsMixin.withConfig(OPTIONS.toArray(JobOption<?>[]::new));

  /**
   * For {@code flink run -c LabelVideoJobMain}: the cluster supplies the environment; the videos
   * and the output folder must be where every TaskManager can read and write them.
   */
  public static LabelVideoCommand forCluster() {
    return onCluster(new LabelVideoCommand());
  }

  @Override
  public Integer call() throws Exception {
    if (every > 0 && fps > 0) {
      throw new IllegalArgumentException("--every and --fps cannot be combined");
    }
    FrameSize size = resize == null ? null : FrameSize.parse(resize, "--resize");
    FrameSourceOptions sampling = FrameSourceOptions.defaults();
    if (every > 0) {
      sampling = sampling.every(every);
    }
    if (fps > 0) {
      sampling = sampling.fps(fps);
    }
    if (size != null) {
      sampling = sampling.resize(size.width(), size.height());
    }
    StreamExecutionEnvironment clusterEnv = clusterEnvironment();
    JobOptions options = options(jobOptions, clusterEnv);
    List<VideoInput> videos = VideoInputs.expand(inputs, out);
    if (toKafka) {
      BrokerPreflight.checkMaskSink(options);
    }
    var factory = options.labelerFactory();
    BatchLabelingJob job =
        toKafka
            ? BatchLabelingJob.toMaskSink(
                options, videos, sampling, KafkaWiring.maskSink(options), factory)
            : BatchLabelingJob.toFiles(options, videos, sampling, factory);
    PrintStream err = System.err;
    err.printf(
        "Labeling %d video(s) with %s on %d subtask(s) -> %s%n",
        videos.size(),
        factory.describe(),
        job.parallelism(),
        toKafka ? "topic " + options.topics().masks() + " at " + options.bootstrapServers() : out);
    StreamExecutionEnvironment env = onCluster() ? clusterEnv : localEnvironment();
    job.buildDataflow(env);
    long start = System.nanoTime();
    JobClient client = env.executeAsync(BatchLabelingJob.JOB_NAME);
    AtomicReference<List<VideoResult>> latest = new AtomicReference<>(job.resultsInOrder(null));
    ProgressPrinter printer = new ProgressPrinter(videos, latest::get, err);
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "progress");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(
        () -> {
          try {
            latest.set(
                job.resultsInOrder(
                    client
                        .getAccumulators()
                        .get(5, TimeUnit.SECONDS)
                        .get(VideoResultsAccumulator.NAME)));
          } catch (Exception e) {
            return; // finished or not reachable this second: keep the last numbers
          }
          printer.print();
        },
        1,
        1,
        TimeUnit.SECONDS);
    String jobError = null;
    try {
      JobExecutionResult result = client.getJobExecutionResult().get();
      latest.set(job.resultsInOrder(result.getAccumulatorResult(VideoResultsAccumulator.NAME)));
    } catch (ExecutionException e) {
      Throwable cause = ExceptionUtils.stripExecutionException(e);
      jobError = "the job failed: " + rootMessage(cause);
    } finally {
      ticker.shutdownNow();
      ticker.awaitTermination(5, TimeUnit.SECONDS);
      printer.print();
      err.println();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new RunReport(videos, out, toKafka).print(latest.get(), jobError, seconds);
  }

  private static StreamExecutionEnvironment localEnvironment() {
    // Accumulators reach the client with the TaskManagers' heartbeats: often, for a live progress
    // bar.
    Configuration local = LocalFlink.loopbackConfiguration();
    local.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
    return LocalFlink.environment(local);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null
        ? root.toString()
        : root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
