package dev.scenelabeler.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.ProgramInvocationException;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.rest.handler.legacy.messages.ClusterOverviewWithVersion;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink session cluster as separate JVMs on this machine, started the way Flink's own scripts
 * start one ({@code jobmanager.sh}, {@code taskmanager.sh}) but without the distribution
 * tarball: Flink's entrypoint classes on the class path of a {@link FlinkHome}, a generated
 * {@code conf/config.yaml}, JVM memory flags computed by Flink's own process-memory utilities.
 *
 * <p>Each TaskManager gets its own GPU indices from the stand-in discovery script (TaskManager
 * {@code i} reports {@code gpuIndices.get(i)}), so a test sees which GPU each subtask took.
 *
 * <p>Jobs are submitted, watched and stopped with Flink's own {@link RestClusterClient}, the
 * client {@code flink run} uses.
 */
public final class LocalFlinkCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);
  static final String JOB_MANAGER_CLASS = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASK_MANAGER_CLASS = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration POLL = Duration.ofMillis(250);

  private final FlinkHome home;
  private final Path workDir;
  private final Path confDir;
  private final int slotsPerTaskManager;
  private final List<String> gpuIndices;
  private final List<String> extraJvmOptions;
  private final Map<String, Object> config;
  private final RestClusterClient<StandaloneClusterId> client;
  private FlinkProcess jobManager;
  private int jobManagerStarts = 1;
  private final List<FlinkProcess> taskManagers = new ArrayList<>();
  private final List<FlinkProcess> killed = new ArrayList<>();

  private LocalFlinkCluster(Builder b) {
    this.home = b.home.validate();
    this.workDir = b.workDir.toAbsolutePath();
    this.confDir = workDir.resolve("conf");
    this.slotsPerTaskManager = b.slotsPerTaskManager;
    this.gpuIndices = List.copyOf(b.gpuIndices);
    this.extraJvmOptions = List.copyOf(b.extraJvmOptions);
    this.config = ClusterConfig.sessionCluster(workDir, freePort(), freePort(), freePort(), slotsPerTaskManager,
        writeDiscoveryScript(workDir));
    this.config.putAll(b.overrides);
    Configuration clientConfig = flinkConfiguration();
    // While the JobManager starts, the client retries a refused connection; overview() stops it early if the JobManager died.
    clientConfig.set(RestOptions.RETRY_DELAY, POLL);
    clientConfig.set(RestOptions.RETRY_MAX_ATTEMPTS, (int) (STARTUP_TIMEOUT.toMillis() / POLL.toMillis()));
    try {
      this.client = new RestClusterClient<>(clientConfig, StandaloneClusterId.getInstance());
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the REST client", e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts the JobManager, waits for its REST API, starts the TaskManagers, waits until all registered. */
  public LocalFlinkCluster start() {
    FlinkYaml.write(confDir.resolve("config.yaml"), config);
    writeLog4jConfig();
    jobManager = FlinkProcess.start("jobmanager", jobManagerCommand("jobmanager"), workDir.resolve("log"), environment());
    LOG.info("Started {}; REST at {}", jobManager, client.getWebInterfaceURL());
    overview();
    for (int i = 0; i < gpuIndices.size(); i++) {
      startTaskManager();
    }
    awaitTaskManagers(taskManagers.size());
    return this;
  }

  /** Starts one more TaskManager (e.g. to replace a killed one); it reports the next GPU indices in turn. */
  public FlinkProcess startTaskManager() {
    int n = taskManagers.size();
    String name = "taskmanager-" + (n + 1);
    String indices = gpuIndices.get(n % gpuIndices.size());
    FlinkProcess tm = FlinkProcess.start(name, taskManagerCommand(name, indices), workDir.resolve("log"), environment());
    LOG.info("Started {} with GPU indices {}", tm, indices);
    taskManagers.add(tm);
    return tm;
  }

  /** Waits until {@code count} TaskManagers are registered with the JobManager. */
  public void awaitTaskManagers(int count) {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    int registered;
    while ((registered = overview().getNumTaskManagersConnected()) != count) {
      for (FlinkProcess tm : taskManagers) {
        if (!tm.isAlive() && !killed.contains(tm)) {
          throw new IllegalStateException(tm + " exited during startup; see " + tm.logFile() + "\n" + tail(tm));
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + registered + " of " + count
            + " TaskManagers registered within " + STARTUP_TIMEOUT.toSeconds() + " s; logs in " + workDir.resolve("log"));
      }
      sleep(POLL);
    }
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

  /** {@code flink run -c ENTRY_CLASS ...}: as {@link #submit(Path, List, int, Optional)} with another main class of the jar. */
  public JobID submit(Path jar, String entryClass, List<String> args, int parallelism, Optional<String> savepoint) {
    Configuration submitter = submitterConfiguration();
    try (PackagedProgram program = PackagedProgram.newBuilder()
        .setJarFile(jar.toFile())
        .setEntryPointClassName(entryClass)
        .setArguments(args.toArray(String[]::new))
        .setConfiguration(submitter)
        .setSavepointRestoreSettings(savepoint.map(path -> SavepointRestoreSettings.forPath(path, false))
            .orElse(SavepointRestoreSettings.none()))
        .build()) {
      JobGraph job = PackagedProgramUtils.createJobGraph(program, submitter, parallelism, false);
      return await(client.submitJob(job), Duration.ofMinutes(3), "submission of " + jar);
    } catch (ProgramInvocationException e) {
      throw new IllegalStateException("no job graph from " + jar + " " + args + ": " + e.getMessage(), e);
    }
  }

  /**
   * The answer of a client call, waited for at most {@code timeout}; Flink's error message (the
   * REST API's, or the job's) in the exception.
   */
  public static <T> T await(CompletableFuture<T> answer, Duration timeout, String what) {
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new IllegalStateException(what + " not done within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
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

  /** kill -9 of the JobManager, as when its machine or container dies; TaskManagers keep running. */
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
    jobManager = FlinkProcess.start("jobmanager-" + jobManagerStarts, jobManagerCommand("jobmanager-" + jobManagerStarts),
        workDir.resolve("log"), environment());
    LOG.info("Started {}", jobManager);
    overview();
    return jobManager;
  }

  /** Flink's REST client for this cluster; the caller does not close it. */
  public RestClusterClient<StandaloneClusterId> client() {
    return client;
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
    client.close();
    for (FlinkProcess tm : taskManagers) {
      tm.stop(Duration.ofSeconds(10));
    }
    if (jobManager != null) {
      jobManager.stop(Duration.ofSeconds(10));
    }
  }

  private List<String> jobManagerCommand(String name) {
    JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(flinkConfiguration());
    List<String> command = javaCommand(name);
    command.addAll(split(JobManagerProcessUtils.generateJvmParametersStr(spec, flinkConfiguration())));
    command.add(JOB_MANAGER_CLASS);
    command.addAll(List.of("--configDir", confDir.toString()));
    command.addAll(split(JobManagerProcessUtils.generateDynamicConfigsStr(spec)));
    return command;
  }

  private List<String> taskManagerCommand(String name, String indices) {
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(flinkConfiguration());
    List<String> command = javaCommand(name);
    command.addAll(split(ProcessMemoryUtils.generateJvmParametersStr(spec)));
    command.addAll(extraJvmOptions);
    command.add(TASK_MANAGER_CLASS);
    command.addAll(List.of("--configDir", confDir.toString()));
    command.addAll(split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
    command.add("-Dtaskmanager.resource-id=" + name);
    command.add("-Dexternal-resource.gpu.param.discovery-script.args=--indices " + indices);
    return command;
  }

  private List<String> javaCommand(String name) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ClusterConfig.JAVA17_OPENS);
    command.add("-Dlog.file=" + workDir.resolve("log").resolve(name + ".log"));
    command.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties").toUri());
    // DJL must not try the network; the native library comes from the jar in lib/.
    command.add("-Dai.djl.offline=true");
    command.add("-cp");
    command.add(home.classPath());
    return command;
  }

  /** What Flink's scripts export: where plugins (the GPU driver) and the configuration are. */
  private Map<String, String> environment() {
    return Map.of("FLINK_HOME", home.dir().toString(), "FLINK_PLUGINS_DIR", home.plugins().toString(),
        "FLINK_CONF_DIR", confDir.toString());
  }

  /**
   * The cluster overview (TaskManagers, slots). While the JobManager starts, the client retries;
   * fails as soon as the JobManager process has exited.
   */
  private ClusterOverviewWithVersion overview() {
    CompletableFuture<ClusterOverviewWithVersion> answer = client.getClusterOverview();
    while (!answer.isDone()) {
      if (!jobManager.isAlive()) {
        answer.cancel(true);
        throw new IllegalStateException(jobManager + " exited; see " + jobManager.logFile() + "\n" + tail(jobManager));
      }
      sleep(Duration.ofMillis(50));
    }
    return await(answer, STARTUP_TIMEOUT, "GET /overview");
  }

  /**
   * The cluster's configuration, with Kafka's classes parent-first as well: the JVM that submits
   * has (unlike {@code flink run}'s) the Kafka connector on its class path, whose classes load
   * parent-first (org.apache.flink.) and must see the same Kafka classes as the job's own.
   */
  private Configuration submitterConfiguration() {
    Configuration c = flinkConfiguration();
    List<String> parentFirst = new ArrayList<>(c.get(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL));
    parentFirst.add("org.apache.kafka.");
    c.set(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL, parentFirst);
    return c;
  }

  private Configuration flinkConfiguration() {
    Configuration c = new Configuration();
    config.forEach((k, v) -> c.setString(k, v instanceof List<?> l ? String.join(";", l.stream().map(Object::toString).toList()) : v.toString()));
    return c;
  }

  private void writeLog4jConfig() {
    String log4j = String.join("\n",
        "monitorInterval = 0",
        "rootLogger.level = INFO",
        "rootLogger.appenderRef.file.ref = MainAppender",
        "logger.kafka.name = org.apache.kafka",
        "logger.kafka.level = WARN",
        "logger.pekko.name = org.apache.pekko",
        "logger.pekko.level = WARN",
        "appender.main.name = MainAppender",
        "appender.main.type = File",
        "appender.main.append = true",
        "appender.main.fileName = ${sys:log.file}",
        "appender.main.layout.type = PatternLayout",
        "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
        "");
    try {
      Files.writeString(confDir.resolve("log4j.properties"), log4j);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write log4j.properties", e);
    }
  }

  private static Path writeDiscoveryScript(Path workDir) {
    Path script = workDir.resolve("bin").resolve("stand-in-gpu-discovery.sh");
    try (InputStream in = Objects.requireNonNull(
        LocalFlinkCluster.class.getResourceAsStream("stand-in-gpu-discovery.sh"), "stand-in-gpu-discovery.sh")) {
      Files.createDirectories(script.getParent());
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      return script;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + script, e);
    }
  }

  private static String tail(FlinkProcess process) {
    String log = process.log();
    return log.substring(Math.max(0, log.length() - 4000));
  }

  private static List<String> split(String flags) {
    return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
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
    private final Map<String, Object> overrides = new java.util.LinkedHashMap<>();

    public Builder setFlinkHome(FlinkHome home) {
      this.home = home;
      return this;
    }

    /** Configuration, logs, checkpoints and savepoints go here. */
    public Builder setWorkDir(Path workDir) {
      this.workDir = workDir;
      return this;
    }

    /** One TaskManager per entry; entry {@code i} is what TaskManager {@code i}'s discovery script reports. */
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
