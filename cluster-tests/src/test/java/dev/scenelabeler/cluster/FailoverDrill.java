package dev.scenelabeler.cluster;

import dev.scenelabeler.cluster.RunningJob.SubtaskLocation;
import dev.scenelabeler.connectors.kafka.EmbeddedKafkaBroker;
import dev.scenelabeler.connectors.kafka.KafkaTopics;
import dev.scenelabeler.connectors.publish.CameraFeed;
import dev.scenelabeler.connectors.publish.FramePublisher;
import dev.scenelabeler.connectors.publish.PublishRate;
import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.connectors.video.FrameSourceOptions;
import dev.scenelabeler.jobs.cli.StreamingJobMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.kafka.common.utils.Utils;

/**
 * The failover drill on a {@link LocalFlinkCluster}: the shaded job jar submitted as {@code flink
 * run} does, frames of the project's street clip published by {@link FramePublisher}, one
 * TaskManager killed with kill -9 while frames are being labeled, then the job stopped with a
 * savepoint and resubmitted from it on the surviving TaskManager (a new user-code class loader in a
 * JVM that has libtorch, OpenCV and FFmpeg loaded already). Returns a {@link Report}; the test
 * asserts on it, {@code docker/local-cluster.sh} prints it.
 */
public final class FailoverDrill {

  static final int PARALLELISM = 2;
  static final String LABEL_VERTEX = "label frames";
  static final String MODEL = "untrained:farabet2013:42";

  /**
   * What to run the drill with. Frames are resized small: the drill tests plumbing, not the
   * network.
   */
  public record Settings(
      FlinkHome flinkHome,
      Path jobJar,
      Path workDir,
      Path video,
      int framesBeforeRestart,
      int framesAfterRestart,
      double fpsPerCamera,
      int width,
      int height,
      boolean nativesParentFirst) {
    public Settings {
      Objects.requireNonNull(flinkHome, "flinkHome");
      if (!Files.isRegularFile(jobJar)) {
        throw new IllegalArgumentException(
            "job jar "
                + jobJar
                + " not found; build it with: "
                + "mvn -B -pl jobs -am install -DskipTests");
      }
      if (!Files.isRegularFile(video)) {
        throw new IllegalArgumentException("video " + video + " not found");
      }
    }
  }

  /** Everything the drill observed; the numbers the closing note asks for. */
  public record Report(
      int framesIn,
      long masksOut,
      int distinctMasks,
      int duplicates,
      int missing,
      int unexpected,
      String killedTaskManager,
      long killedPid,
      int masksBeforeKill,
      Duration jobRunningAgainAfter,
      Duration masksFlowingAgainAfter,
      List<String> failures,
      String savepoint,
      String survivor,
      List<String> secondJobTaskManagers,
      List<String> gpuLogLines,
      Map<String, String> gpuMetrics,
      int nativeLinkErrors,
      int labelersOpenedOnSurvivor,
      Duration total) {

    public String summary() {
      StringBuilder s = new StringBuilder();
      s.append(
          String.format(
              "frames in: %d, masks out (read_committed): %d, distinct: %d, duplicates: %d,"
                  + " missing: %d, unexpected: %d%n",
              framesIn, masksOut, distinctMasks, duplicates, missing, unexpected));
      s.append(
          String.format(
              "killed %s (pid %d, kill -9) after %d masks; job running again after %.1f s;"
                  + " masks flowing again after %.1f s%n",
              killedTaskManager,
              killedPid,
              masksBeforeKill,
              jobRunningAgainAfter.toMillis() / 1000.0,
              masksFlowingAgainAfter.toMillis() / 1000.0));
      failures.forEach(f -> s.append("  job failure: ").append(f).append('\n'));
      s.append(
          String.format(
              "job restarted from savepoint %s on %s: subtasks on %s; UnsatisfiedLinkError in"
                  + " TaskManager logs: %d; labelers opened on %s: %d%n",
              savepoint,
              survivor,
              secondJobTaskManagers,
              nativeLinkErrors,
              survivor,
              labelersOpenedOnSurvivor));
      s.append("GPU slots (log lines):\n");
      gpuLogLines.forEach(l -> s.append("  ").append(l).append('\n'));
      s.append("GPU slots (metrics of the first job): ").append(gpuMetrics).append('\n');
      s.append(String.format("drill took %.1f s%n", total.toMillis() / 1000.0));
      return s.toString();
    }
  }

  private final Settings settings;

  public FailoverDrill(Settings settings) {
    this.settings = settings;
  }

  static String frameId(String camera, long sequence) {
    return camera + "#" + sequence;
  }

  public Report run() throws Exception {
    long start = System.nanoTime();
    Topics topics = Topics.DEFAULTS;
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.startDefault();
        LocalFlinkCluster cluster =
            LocalFlinkCluster.builder()
                .setFlinkHome(settings.flinkHome())
                .setWorkDir(settings.workDir())
                .optGpuIndicesPerTaskManager(List.of("0", "1"))
                .optSlotsPerTaskManager(PARALLELISM)
                // The experiment docker/README.md describes: job jar's own DJL/JavaCPP, loaded
                // child-first.
                .optConfig(
                    "classloader.parent-first-patterns.additional",
                    settings.nativesParentFirst()
                        ? ClusterConfig.NATIVE_PARENT_FIRST_PATTERNS
                        : List.of())
                .build()
                .start()) {
      kafka.createTopics(KafkaTopics.defaults(topics, PARALLELISM));
      System.out.println(
          "Flink web UI: "
              + cluster.client().getWebInterfaceURL()
              + "  Kafka: "
              + kafka.bootstrapServers()
              + "  logs: "
              + cluster.workDir().resolve("log"));
      Path jar =
          JobJar.snapshot(
              settings.jobJar(),
              settings.workDir().resolve("usrlib"),
              StreamingJobMain.class.getName());
      List<String> args = jobArguments(kafka.bootstrapServers());

      RunningJob firstJob =
          new RunningJob(
              cluster.client(), cluster.submit(jar, args, PARALLELISM, Optional.empty()));
      awaitAllRunning(firstJob, Duration.ofMinutes(3));
      Map<String, String> gpuMetrics = gpuMetrics(firstJob);

      Set<String> published = ConcurrentSet.create();
      List<String> camerasBefore = camerasSpreadOverSubtasks(0);
      List<String> camerasAfter = camerasSpreadOverSubtasks(camerasBefore.size() * 100);
      try (MaskWatcher masks = new MaskWatcher(kafka.bootstrapServers(), topics.masks())) {
        // Phase 1: frames flow, one TaskManager dies mid-stream.
        CompletableFuture<?> publishing =
            publishAsync(
                kafka.bootstrapServers(), camerasBefore, settings.framesBeforeRestart(), published);
        int expectedBefore = camerasBefore.size() * settings.framesBeforeRestart();
        if (!masks.awaitDistinct(Math.max(4, expectedBefore / 4), Duration.ofMinutes(3))) {
          throw new IllegalStateException(
              "no masks before the kill: " + masks.distinct() + "; see " + cluster.workDir());
        }
        String victimName = taskManagerOf(firstJob.subtasks(), 0);
        FlinkProcess victim =
            cluster.taskManagers().stream()
                .filter(t -> t.name().equals(victimName))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no TaskManager named " + victimName));
        int masksBeforeKill = masks.distinct();
        masks.watchForMasksLabeledAfter(System.currentTimeMillis());
        long killedAt = System.nanoTime();
        victim.killHard();
        long runningAgainAt = awaitRecovered(firstJob, Duration.ofMinutes(3));
        long flowingAgainAt = awaitMaskLabeledAfterKill(masks, Duration.ofMinutes(3));
        publishing.get();
        awaitOrFail(masks, published.size(), "all frames published before the restart", cluster);
        String survivor =
            cluster.taskManagers().stream()
                .filter(FlinkProcess::isAlive)
                .findFirst()
                .orElseThrow()
                .name();

        // Phase 2: the job stopped with a savepoint and resubmitted on the surviving TaskManager.
        String savepoint =
            firstJob.stopWithSavepoint(
                settings.workDir().resolve("savepoints"), Duration.ofMinutes(2));
        RunningJob secondJob =
            new RunningJob(
                cluster.client(), cluster.submit(jar, args, PARALLELISM, Optional.of(savepoint)));
        awaitAllRunning(secondJob, Duration.ofMinutes(3));
        List<String> secondJobTms =
            secondJob.subtasks().stream()
                .map(SubtaskLocation::taskManagerId)
                .distinct()
                .sorted()
                .toList();
        publishAsync(
                kafka.bootstrapServers(), camerasAfter, settings.framesAfterRestart(), published)
            .get();
        awaitOrFail(masks, published.size(), "all frames", cluster);
        // Two more checkpoints: a duplicate committed late would show up now.
        LocalFlinkCluster.sleep(Duration.ofSeconds(3));
        List<String> failures = firstJob.failures();
        secondJob.cancel();

        Map<String, Integer> counts = masks.counts();
        int duplicates = counts.values().stream().mapToInt(c -> c - 1).sum();
        int missing = (int) published.stream().filter(id -> !counts.containsKey(id)).count();
        int unexpected =
            (int) counts.keySet().stream().filter(id -> !published.contains(id)).count();
        FlinkProcess survivorProcess =
            cluster.taskManagers().stream()
                .filter(t -> t.name().equals(survivor))
                .findFirst()
                .orElseThrow();
        return new Report(
            published.size(),
            masks.total(),
            counts.size(),
            duplicates,
            missing,
            unexpected,
            victim.name(),
            victim.pid(),
            masksBeforeKill,
            Duration.ofNanos(runningAgainAt - killedAt),
            Duration.ofNanos(flowingAgainAt - killedAt),
            failures,
            savepoint,
            survivor,
            secondJobTms,
            gpuLogLines(cluster),
            gpuMetrics,
            countInLogs(cluster, "UnsatisfiedLinkError"),
            count(survivorProcess.log(), "Labeling subtask"),
            Duration.ofNanos(System.nanoTime() - start));
      }
    }
  }

  static List<String> jobArguments(String bootstrap) {
    return List.of(
        "--bootstrap", bootstrap,
        "--model", MODEL,
        "--device", "auto",
        "--parallelism", Integer.toString(PARALLELISM),
        "--checkpoint-ms", "500",
        "--group", "drill",
        // Every published frame must get its mask, however long the failover takes: no skipping.
        "--mode", "archive",
        // Bounds how long an orphaned transaction of the killed TaskManager could hold back
        // read_committed readers.
        "--tx-timeout-ms", "60000",
        "--transactional-id-prefix", "drill-" + System.currentTimeMillis());
  }

  /**
   * Camera ids that spread over both frames partitions (Kafka's murmur2 of the key) and both
   * labeling subtasks (Flink's key groups), so both sources, both subtasks and both GPUs work.
   */
  static List<String> camerasSpreadOverSubtasks(int firstNumber) {
    int maxParallelism = KeyGroupRangeAssignment.computeDefaultMaxParallelism(PARALLELISM);
    List<String> cameras = new ArrayList<>();
    Set<Integer> partitions = new HashSet<>();
    Set<Integer> subtasks = new HashSet<>();
    for (int n = firstNumber;
        partitions.size() < PARALLELISM || subtasks.size() < PARALLELISM;
        n++) {
      String camera = "cam-" + n;
      int partition =
          Utils.toPositive(Utils.murmur2(camera.getBytes(StandardCharsets.UTF_8))) % PARALLELISM;
      int subtask =
          KeyGroupRangeAssignment.assignKeyToParallelOperator(camera, maxParallelism, PARALLELISM);
      if (!partitions.contains(partition) && !subtasks.contains(subtask)) {
        partitions.add(partition);
        subtasks.add(subtask);
        cameras.add(camera);
      }
    }
    return cameras;
  }

  CompletableFuture<Void> publishAsync(
      String bootstrap, List<String> cameras, int framesPerCamera, Set<String> published) {
    return CompletableFuture.runAsync(
        () -> {
          try (FramePublisher publisher =
              FramePublisher.builder()
                  .setBootstrapServers(bootstrap)
                  .optRate(PublishRate.parse(Double.toString(settings.fpsPerCamera())))
                  .optLoop(true)
                  .optMaxFramesPerCamera(framesPerCamera)
                  .optSourceOptions(
                      FrameSourceOptions.defaults().resize(settings.width(), settings.height()))
                  .optSentListener(
                      (FrameRecord f) -> published.add(frameId(f.cameraId(), f.sequence())))
                  .build()) {
            var result =
                publisher.publish(
                    cameras.stream().map(c -> CameraFeed.of(c, settings.video())).toList());
            if (!result.failures().isEmpty()) {
              throw new IllegalStateException("publishing failed: " + result.failures());
            }
          }
        });
  }

  private static String taskManagerOf(List<SubtaskLocation> subtasks, int subtask) {
    return subtasks.stream()
        .filter(s -> s.vertex().contains(LABEL_VERTEX) && s.subtask() == subtask)
        .map(SubtaskLocation::taskManagerId)
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("no labeling subtask " + subtask + " in " + subtasks));
  }

  static void awaitAllRunning(RunningJob job, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!job.allTasksRunning()) {
      JobStatus state = job.status();
      if (state == JobStatus.FAILED || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "job " + job.id() + " not running (" + state + "): " + job.failures());
      }
      LocalFlinkCluster.sleep(Duration.ofMillis(200));
    }
  }

  /**
   * Waits until every subtask runs again in a later attempt than the one the kill hit; returns
   * nanoTime.
   */
  private static long awaitRecovered(RunningJob job, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<SubtaskLocation> subtasks = job.subtasks();
      boolean restarted =
          subtasks.stream().allMatch(s -> s.attempt() > 0 && s.status() == ExecutionState.RUNNING);
      if (restarted && job.allTasksRunning()) {
        return System.nanoTime();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "job " + job.id() + " did not recover: " + subtasks + " " + job.failures());
      }
      LocalFlinkCluster.sleep(Duration.ofMillis(100));
    }
  }

  /**
   * Every frame without a committed mask at the kill is labeled (again) after it, so the first mask
   * labeled after the kill marks the moment masks flow again.
   */
  private static long awaitMaskLabeledAfterKill(MaskWatcher masks, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (masks.firstLabeledAfterArrivalNanos() == 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no mask labeled after the kill committed within "
                + timeout.toSeconds()
                + " s; "
                + masks.offsets());
      }
      LocalFlinkCluster.sleep(Duration.ofMillis(50));
    }
    return masks.firstLabeledAfterArrivalNanos();
  }

  static void awaitOrFail(MaskWatcher masks, int frames, String what, LocalFlinkCluster cluster) {
    if (!masks.awaitDistinct(frames, Duration.ofMinutes(4))) {
      throw new IllegalStateException(
          "masks for "
              + masks.distinct()
              + " of "
              + frames
              + " frames ("
              + what
              + ") within 4 min; "
              + masks.offsets()
              + "logs in "
              + cluster.workDir().resolve("log"));
    }
  }

  /**
   * The labeling operator's gauges per subtask: flinkGpuIndex (the GPU Flink offered), gpuIndex
   * (the one used, -1 on CPU) and device; the metric fetcher needs a moment.
   */
  private static Map<String, String> gpuMetrics(RunningJob job) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Map<String, String> metrics = new LinkedHashMap<>();
    while (metrics.size() < 3 * PARALLELISM && System.nanoTime() < deadline) {
      metrics = job.vertexMetrics(LABEL_VERTEX, List.of(".flinkGpuIndex", ".gpuIndex", ".device"));
      LocalFlinkCluster.sleep(Duration.ofMillis(500));
    }
    return new TreeMap<>(metrics);
  }

  /**
   * What Flink's GPU driver discovered on each TaskManager and which device each labeling subtask
   * took.
   */
  private static List<String> gpuLogLines(LocalFlinkCluster cluster) {
    List<String> lines = new ArrayList<>();
    for (FlinkProcess tm : cluster.taskManagers()) {
      tm.log()
          .lines()
          .filter(l -> l.contains("Discover GPU resources") || l.contains("Labeling subtask"))
          .map(l -> tm.name() + ": " + l.replaceAll("\\s{2,}", " "))
          .forEach(lines::add);
    }
    return lines;
  }

  private static int countInLogs(LocalFlinkCluster cluster, String text) {
    int n = count(cluster.jobManager().log(), text);
    for (FlinkProcess tm : cluster.taskManagers()) {
      n += count(tm.log(), text);
    }
    return n;
  }

  private static int count(String log, String text) {
    return (int) log.lines().filter(l -> l.contains(text)).count();
  }

  /** A thread-safe set for the publisher's per-camera threads. */
  private static final class ConcurrentSet {
    static Set<String> create() {
      return ConcurrentHashMap.newKeySet();
    }
  }

  /**
   * Runs the drill and prints the report; used by {@code docker/local-cluster.sh}. Arguments:
   * FLINK_HOME JOB_JAR VIDEO WORK_DIR [--natives-child-first] (the last one drops the parent-first
   * patterns for DJL/JavaCPP/OpenCV, to see what they prevent).
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 4
        || args.length > 5
        || (args.length == 5 && !args[4].equals("--natives-child-first"))) {
      System.err.println(
          "usage: FailoverDrill FLINK_HOME JOB_JAR VIDEO WORK_DIR [--natives-child-first]");
      System.exit(2);
    }
    Settings settings =
        new Settings(
            new FlinkHome(Path.of(args[0])),
            Path.of(args[1]),
            Path.of(args[3]),
            Path.of(args[2]),
            60,
            30,
            10,
            96,
            72,
            args.length == 4);
    Report report = new FailoverDrill(settings).run();
    System.out.print(report.summary());
    boolean ok = report.duplicates() == 0 && report.missing() == 0 && report.unexpected() == 0;
    System.out.println(ok ? "OK: exactly one mask per frame" : "FAILED: see the numbers above");
    System.exit(ok ? 0 : 1);
  }
}
