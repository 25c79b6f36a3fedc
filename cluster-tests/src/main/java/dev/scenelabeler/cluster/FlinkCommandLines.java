package dev.scenelabeler.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * The command lines and environment of the cluster's JVMs, as {@code jobmanager.sh} and {@code
 * taskmanager.sh} build them: memory flags and dynamic properties computed by Flink's own
 * process-memory utilities from the configuration, the entrypoint class, {@code --configDir}.
 */
final class FlinkCommandLines {

  static final String JOB_MANAGER_CLASS =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASK_MANAGER_CLASS =
      "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  private final FlinkHome home;
  private final Path confDir;
  private final Path logDir;
  private final Configuration config;
  private final List<String> taskManagerJvmOptions;

  FlinkCommandLines(
      FlinkHome home,
      Path confDir,
      Path logDir,
      Configuration config,
      List<String> taskManagerJvmOptions) {
    this.home = home;
    this.confDir = confDir;
    this.logDir = logDir;
    this.config = config;
    this.taskManagerJvmOptions = List.copyOf(taskManagerJvmOptions);
  }

  List<String> jobManager(String name) {
    JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(config);
    List<String> command = javaCommand(name);
    command.addAll(split(JobManagerProcessUtils.generateJvmParametersStr(spec, config)));
    command.add(JOB_MANAGER_CLASS);
    command.addAll(List.of("--configDir", confDir.toString()));
    command.addAll(split(JobManagerProcessUtils.generateDynamicConfigsStr(spec)));
    return command;
  }

  /**
   * A TaskManager named {@code name} (its resource id) whose discovery script reports {@code
   * gpuIndices}.
   */
  List<String> taskManager(String name, String gpuIndices) {
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(config);
    List<String> command = javaCommand(name);
    command.addAll(split(ProcessMemoryUtils.generateJvmParametersStr(spec)));
    command.addAll(taskManagerJvmOptions);
    command.add(TASK_MANAGER_CLASS);
    command.addAll(List.of("--configDir", confDir.toString()));
    command.addAll(split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
    command.add("-Dtaskmanager.resource-id=" + name);
    command.add("-Dexternal-resource.gpu.param.discovery-script.args=--indices " + gpuIndices);
    return command;
  }

  /** What Flink's scripts export: where plugins (the GPU driver) and the configuration are. */
  Map<String, String> environment() {
    return Map.of(
        "FLINK_HOME",
        home.dir().toString(),
        "FLINK_PLUGINS_DIR",
        home.plugins().toString(),
        "FLINK_CONF_DIR",
        confDir.toString());
  }

  private List<String> javaCommand(String name) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ClusterConfig.JAVA17_OPENS);
    command.add("-Dlog.file=" + logDir.resolve(name + ".log"));
    command.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties").toUri());
    // DJL must not try the network; the native library comes from the jar in lib/.
    command.add("-Dai.djl.offline=true");
    command.add("-cp");
    command.add(home.classPath());
    return command;
  }

  private static List<String> split(String flags) {
    return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }
}
