package dev.scenelabeler.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.ProgramInvocationException;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink session cluster as separate JVMs on this machine, started the way Flink's own scripts
 * start one ({@code jobmanager.sh}, {@code taskmanager.sh}) but without the distribution tarball:
 * Flink's entrypoint classes on the class path of a {@link FlinkHome}, a generated {@code
 * conf/config.yaml}, JVM memory flags computed by Flink's own process-memory utilities.
 *
 * <p>Each TaskManager gets its own GPU indices from the stand-in discovery script (TaskManager
 * {@code i} reports {@code gpuIndices.get(i)}), so a test sees which GPU each subtask took.
 *
 * <p>Jobs are submitted, watched and stopped with Flink's own {@link RestClusterClient}, the client
 * {@code flink run} uses.
 */
public final class LocalFlinkCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);

  private final Path workDir;
  private final Path confDir;
  private final Path logDir;
  private final List<String> gpuIndices;
  private final Map<String, Object> config;
  private final FlinkCommandLines commandLines;
  private final ClusterRest rest;
  private FlinkProcess jobManager;
  private int jobManagerStarts = 1;
  private final List<FlinkProcess> taskManagers = new ArrayList<>();
  private final List<FlinkProcess> killed = new ArrayList<>();

  private LocalFlinkCluster(Builder b) {
    FlinkHome home = b.home.validate();
    this.workDir = b.workDir.toAbsolutePath();
    this.confDir = workDir.resolve("conf");
    this.logDir = workDir.resolve("log");
    this.gpuIndices = List.copyOf(b.gpuIndices);
    this.config =
        ClusterConfig.sessionCluster(
            workDir,
            freePort(),
            freePort(),
            freePort(),
            b.slotsPerTaskManager,
            ClusterFiles.writeDiscoveryScript(workDir));
    this.config.putAll(b.overrides);
    Configuration flinkConfig = FlinkConfigurations.of(config);
    this.commandLines =
        new FlinkCommandLines(home, confDir, logDir, flinkConfig, b.extraJvmOptions);
    this.rest = ClusterRest.connect(flinkConfig);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the JobManager, waits for its REST API, starts the TaskManagers, waits until all
   * registered.
   */
  public LocalFlinkCluster start() {
    ClusterFiles.writeConf(confDir, config);
    jobManager =
        FlinkProcess.start(
            "jobmanager",
            commandLines.jobManager("jobmanager"),
            logDir,
            commandLines.environment());
    LOG.info("Started {}; REST at {}", jobManager, rest.client().getWebInterfaceURL());
    rest.overview(jobManager);
    for (int i = 0; i < gpuIndices.size(); i++) {
      startTaskManager();
    }
    awaitTaskManagers(taskManagers.size());
    return this;
  }

  /**
   * Starts one more TaskManager (e.g. to replace a killed one); it reports the next GPU indices in
   * turn.
   */
  public FlinkProcess startTaskManager() {
    int n = taskManagers.size();
    String name = "taskmanager-" + (n + 1);
    String indices = gpuIndices.get(n % gpuIndices.size());
    FlinkProcess tm =
        FlinkProcess.start(
            name, commandLines.taskManager(name, indices), logDir, commandLines.environment());
    LOG.info("Started {} with GPU indices {}", tm, indices);
    taskManagers.add(tm);
    return tm;
  }

  /** Waits until {@code count} TaskManagers are registered with the JobManager. */
  public void awaitTaskManagers(int count) {
    List<FlinkProcess> notKilled =
        taskManagers.stream().filter(tm -> !killed.contains(tm)).toList();
    rest.awaitTaskManagers(count, jobManager, notKilled, logDir);
  }

  /**
   * What {@code flink run [-s SAVEPOINT] -p PARALLELISM JAR ARGS} does: runs the jar's main class
   * (its manifest's) in this JVM, in a class loader configured as on the cluster, to get the job
   * graph, and submits that with the jar. The job resumes from {@code savepoint} if given (every
   * operator state must be restored).
   */
  public JobID submit(Path jar, List<String> args, int parallelism, Optional<String> savepoint) {
    return submit(jar, null, args, parallelism, savepoint);
  }

  /**
   * {@code flink run -c ENTRY_CLASS ...}: as {@link #submit(Path, List, int, Optional)} with
   * another main class of the jar.
   */
  public JobID submit(
      Path jar, String entryClass, List<String> args, int parallelism, Optional<String> savepoint) {
    Configuration submitter = FlinkConfigurations.forSubmitter(config);
    try (PackagedProgram program =
        PackagedProgram.newBuilder()
            .setJarFile(jar.toFile())
            .setEntryPointClassName(entryClass)
            .setArguments(args.toArray(String[]::new))
            .setConfiguration(submitter)
            .setSavepointRestoreSettings(
                savepoint
                    .map(path -> SavepointRestoreSettings.forPath(path, false))
                    .orElse(SavepointRestoreSettings.none()))
            .build()) {
      JobGraph job = PackagedProgramUtils.createJobGraph(program, submitter, parallelism, false);
      return ClusterRest.await(
          rest.client().submitJob(job), Duration.ofMinutes(3), "submission of " + jar);
    } catch (ProgramInvocationException e) {
      throw new IllegalStateException(
          "no job graph from " + jar + " " + args + ": " + e.getMessage(), e);
    }
  }

  /** kill -9 of TaskManager {@code index} (0-based). */
  public FlinkProcess killTaskManager(int index) {
    FlinkProcess tm = taskManagers.get(index);
    tm.killHard();
    killed.add(tm);
    LOG.info("Killed {} (kill -9)", tm);
    return tm;
  }

  /**
   * kill -9 of the JobManager, as when its machine or container dies; TaskManagers keep running.
   */
  public FlinkProcess killJobManager() {
    FlinkProcess old = jobManager;
    old.killHard();
    LOG.info("Killed {} (kill -9)", old);
    return old;
  }

  /**
   * Starts a new JobManager with the same configuration and ports (after {@link #killJobManager()},
   * as a container's restart policy would) and waits for its REST API. With high availability it
   * recovers the running jobs from their latest checkpoint; without, it starts empty.
   */
  public FlinkProcess restartJobManager() {
    jobManagerStarts++;
    String name = "jobmanager-" + jobManagerStarts;
    jobManager =
        FlinkProcess.start(name, commandLines.jobManager(name), logDir, commandLines.environment());
    LOG.info("Started {}", jobManager);
    rest.overview(jobManager);
    return jobManager;
  }

  /** Flink's REST client for this cluster; the caller does not close it. */
  public RestClusterClient<StandaloneClusterId> client() {
    return rest.client();
  }

  public FlinkProcess jobManager() {
    return jobManager;
  }

  public List<FlinkProcess> taskManagers() {
    return List.copyOf(taskManagers);
  }

  public Path workDir() {
    return workDir;
  }

  public Path confDir() {
    return confDir;
  }

  /** The configuration written to conf/config.yaml. */
  public Map<String, Object> config() {
    return Map.copyOf(config);
  }

  /** Stops every process: TaskManagers first, then the JobManager. Idempotent. */
  @Override
  public void close() {
    rest.client().close();
    for (FlinkProcess tm : taskManagers) {
      tm.stop(Duration.ofSeconds(10));
    }
    if (jobManager != null) {
      jobManager.stop(Duration.ofSeconds(10));
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Settings of a local cluster; {@code opt*} are optional. */
  public static final class Builder {
    private FlinkHome home;
    private Path workDir;
    private int slotsPerTaskManager = 2;
    private List<String> gpuIndices = List.of("0", "1");
    private final List<String> extraJvmOptions = new ArrayList<>();
    private final Map<String, Object> overrides = new LinkedHashMap<>();

    public Builder setFlinkHome(FlinkHome home) {
      this.home = home;
      return this;
    }

    /** Configuration, logs, checkpoints and savepoints go here. */
    public Builder setWorkDir(Path workDir) {
      this.workDir = workDir;
      return this;
    }

    /**
     * One TaskManager per entry; entry {@code i} is what TaskManager {@code i}'s discovery script
     * reports.
     */
    public Builder optGpuIndicesPerTaskManager(List<String> indices) {
      this.gpuIndices = indices;
      return this;
    }

    public Builder optSlotsPerTaskManager(int slots) {
      this.slotsPerTaskManager = slots;
      return this;
    }

    public Builder optTaskManagerJvmOption(String option) {
      this.extraJvmOptions.add(option);
      return this;
    }

    /** Any Flink setting, applied after ours. */
    public Builder optConfig(String key, Object value) {
      this.overrides.put(key, value);
      return this;
    }

    public LocalFlinkCluster build() {
      Objects.requireNonNull(home, "flink home");
      Objects.requireNonNull(workDir, "work dir");
      if (gpuIndices.isEmpty()) {
        throw new IllegalArgumentException("at least one TaskManager");
      }
      return new LocalFlinkCluster(this);
    }
  }
}
