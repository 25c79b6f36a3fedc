package dev.scenelabeler.app.demo;

import static dev.scenelabeler.jobs.options.JobOptionDeclarations.*;

import dev.scenelabeler.app.local.LocalPipeline;
import dev.scenelabeler.connectors.kafka.EmbeddedKafkaBroker;
import dev.scenelabeler.connectors.publish.CameraFeed;
import dev.scenelabeler.connectors.publish.PublishRate;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.dashboard.DashboardOptions;
import dev.scenelabeler.dashboard.DashboardServer;
import dev.scenelabeler.jobs.local.LocalFlink;
import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.options.JobOptionsMixin;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./scene-labeler demo}: the whole system in one process. Starts the embedded Kafka broker,
 * serves the dashboard, replays the committed real drive (or other committed clips, {@code
 * --clips}, or {@code --video} files; one camera each) at its own rate in a loop, runs the
 * streaming job in live mode (frames the labeler cannot take within {@code --max-frame-age} are
 * skipped and counted, so the picture stays current on a CPU too) on a local Flink with its web UI
 * and Prometheus metrics, prints frames/s and latency every few seconds and a summary every minute,
 * and on Ctrl-C (or after {@code --duration}) stops it all in reverse order: job, publisher,
 * dashboard, broker.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Kafka, a camera replay, the Flink labeling job and the dashboard in one process.",
      "Example: ./scene-labeler demo",
      "         ./scene-labeler demo --clips drive,walk,street",
      "         ./scene-labeler demo --video front=a.mp4 --video rear=b.mp4 --duration 60"
    })
public final class DemoCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

  @Option(
      names = "--video",
      paramLabel = "[CAMERA=]FILE",
      description =
          "Video to replay as a camera (named CAMERA, else cam-N); repeat for several cameras."
              + " Replaces --clips.")
  List<String> videos = new ArrayList<>();

  @Option(
      names = "--clips",
      split = ",",
      paramLabel = "NAME[,NAME...]",
      defaultValue = DemoCameras.DEFAULT_CLIPS,
      description =
          "Committed clips to replay, one camera each: drive (real car camera, San Francisco,"
              + " 960x540), walk (real hand-held walk, 848x480), street (synthetic, 480x360)"
              + " (default: ${DEFAULT-VALUE}).")
  List<String> clips = new ArrayList<>();

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      description = "Stop after this long (default: run until Ctrl-C).")
  long durationSeconds;

  /** The job's flags that make sense here; broker, topics and group are the demo's own. */
  @Mixin
  JobOptionsMixin jobOptions =
      JobOptionsMixin.of(
          JobOptions.builder().groupId("scene-labeler-demo"),
          MODEL,
          WORKING_SIZE,
          PRECISION,
          TEMPORAL_FILTER,
          DEVICE,
          PARALLELISM,
          BATCH_SIZE,
          DELIVERY,
          CHECKPOINT_INTERVAL,
          MODE,
          MAX_FRAME_AGE);

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Broker port; a free one if taken (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--flink-ui-port",
      defaultValue = "8081",
      description = "Flink web UI port; a free one if taken (default: ${DEFAULT-VALUE}).")
  int flinkUiPort;

  @Option(
      names = "--dashboard-port",
      defaultValue = "8080",
      description = "Dashboard port; a free one if taken (default: ${DEFAULT-VALUE}).")
  int dashboardPort;

  @Option(
      names = "--prometheus-port",
      defaultValue = "9249",
      description =
          "Prometheus metrics port, 0 for none; a free one if taken (default: ${DEFAULT-VALUE}).")
  int prometheusPort;

  @Option(
      names = "--rate",
      defaultValue = "realtime",
      paramLabel = "realtime|max|F",
      description =
          "Camera replay rate: the clip's own, as fast as possible, or F frames/s (default:"
              + " ${DEFAULT-VALUE}). A labeler slower than the cameras skips the frames it cannot"
              + " label in time (see --mode).")
  String rate;

  @Option(names = "--no-dashboard", description = "Do not serve the dashboard.")
  boolean noDashboard;

  @Option(
      names = "--status-every",
      defaultValue = "3",
      paramLabel = "SECONDS",
      description = "Print frames/s and latency this often (default: ${DEFAULT-VALUE}).")
  int statusEverySeconds;

  private final List<AutoCloseable> started = new ArrayList<>(); // closed in reverse
  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    List<CameraFeed> feeds =
        DemoCameras.feeds(videos, clips); // a bad name or file fails before anything starts
    PrintStream out = System.out;
    Thread hook = new Thread(this::stopAll, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      run(feeds, out);
    } finally {
      stopAll();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is what runs us now
      }
    }
    return 0;
  }

  private void run(List<CameraFeed> feeds, PrintStream out) throws Exception {
    Topics topics = Topics.DEFAULTS;
    JobOptions requested = jobOptions.toOptions(); // bad flags fail here, before anything starts
    int slots =
        requested.parallelism().orElse(Math.min(4, Runtime.getRuntime().availableProcessors()));
    // Started in this order and stopped in the reverse: broker (and the mask consumer), dashboard,
    // publisher, job; the job goes while the broker it commits offsets and transactions to is still
    // there.
    LocalPipeline pipeline =
        LocalPipeline.start(
            EmbeddedKafkaBroker.builder().optPort(LocalFlink.freePort(kafkaPort)),
            topics,
            Math.max(slots, feeds.size()));
    started.add(pipeline);
    EmbeddedKafkaBroker kafka = pipeline.broker();

    DashboardServer dashboard = null;
    if (!noDashboard) {
      dashboard =
          DashboardServer.start(
              DashboardOptions.defaults(kafka.bootstrapServers())
                  .withTopics(topics)
                  .withPort(LocalFlink.freePort(dashboardPort)));
      pipeline.attach(dashboard);
    }

    pipeline.startPublishing(feeds, PublishRate.parse(rate));

    JobOptions options =
        pipeline
            .jobOptions(requested)
            .parallelism(slots)
            .transactionTimeout(
                min(JobOptions.DEFAULT_TRANSACTION_TIMEOUT, kafka.transactionMaxTimeout()))
            .build();

    int uiPort = LocalFlink.freePort(flinkUiPort);
    int promPort = prometheusPort > 0 ? LocalFlink.freePort(prometheusPort) : 0;
    JobClient job =
        pipeline.startJob(
            options, options.labelerFactory(), LocalFlink.environment(slots, uiPort, promPort));

    out.println();
    out.println("scene-labeler demo is running:");
    out.printf(
        "  Kafka broker      %s (topics %s, %s, %s, %s)%n",
        kafka.bootstrapServers(),
        topics.frames(),
        topics.masks(),
        topics.maskStats(),
        topics.deadLetters());
    int idWidth = feeds.stream().mapToInt(feed -> feed.cameraId().length()).max().orElse(0);
    for (CameraFeed feed : feeds) {
      out.printf(
          "  camera %-" + Math.max(10, idWidth) + "s %s, rate %s, looping%n",
          feed.cameraId(),
          feed.description(),
          rate);
    }
    out.printf(
        "  Flink job         %s, parallelism %d, %s, checkpoint every %d ms, model %s, %s%n",
        job.getJobID(),
        slots,
        options.delivery(),
        options.checkpointInterval().toMillis(),
        options.model(),
        options.freshness());
    out.printf("  Flink web UI      http://127.0.0.1:%d%n", uiPort);
    if (promPort > 0) {
      out.printf("  Prometheus        http://127.0.0.1:%d/metrics%n", promPort);
    }
    if (dashboard != null) {
      out.printf("  Dashboard         %s%n", dashboard.uri());
    }
    out.println(
        durationSeconds > 0
            ? "Stopping after " + durationSeconds + " s."
            : "Press Ctrl-C to stop.");
    out.println();

    long end =
        durationSeconds > 0
            ? System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds)
            : Long.MAX_VALUE;
    DemoStatus.printUntilStopped(pipeline.masks(), job, out, statusEverySeconds, end, stopped);
  }

  /** Stops everything started, newest first; safe to call twice (Ctrl-C and normal end). */
  private synchronized void stopAll() {
    if (stopped.getCount() == 0 && started.isEmpty()) {
      return;
    }
    stopped.countDown();
    if (started.isEmpty()) {
      return;
    }
    System.out.println("Stopping the demo...");
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        LOG.warn("Stopping {} failed: {}", started.get(i), e.toString());
      }
    }
    started.clear();
    System.out.println(
        "Demo stopped: job cancelled, then publisher, dashboard and Kafka broker closed.");
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
