package dev.scenelabeler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command lines built from the local cluster's own configuration; nothing is started. */
class FlinkCommandLinesTest {

  @TempDir Path workDir;

  @Test
  void shouldGiveEachTaskManagerItsResourceIdAndTheGpuIndicesItsDiscoveryScriptReports() {
    List<String> command = commandLines(List.of()).taskManager("taskmanager-2", "1,3");

    assertThat(command)
        .contains(
            "-Dtaskmanager.resource-id=taskmanager-2",
            "-Dexternal-resource.gpu.param.discovery-script.args=--indices 1,3");
    assertThat(command)
        .contains("-Dlog.file=" + workDir.resolve("log").resolve("taskmanager-2.log"));
  }

  @Test
  void shouldPutTheExtraJvmOptionsAndTheMemoryFlagsBeforeTheTaskManagersMainClass() {
    List<String> command =
        commandLines(List.of("-Dscene.test=yes")).taskManager("taskmanager-1", "0");

    int mainClass = command.indexOf(FlinkCommandLines.TASK_MANAGER_CLASS);
    assertThat(mainClass).isPositive();
    assertThat(command.indexOf("-Dscene.test=yes")).isBetween(0, mainClass);
    assertThat(command.subList(0, mainClass)).anyMatch(arg -> arg.startsWith("-Xmx"));
    assertThat(command.subList(mainClass + 1, mainClass + 3))
        .containsExactly("--configDir", workDir.resolve("conf").toString());
  }

  @Test
  void shouldStartTheJobManagerWithoutTheTaskManagersOptions() {
    List<String> command = commandLines(List.of("-Dscene.test=yes")).jobManager("jobmanager");

    int mainClass = command.indexOf(FlinkCommandLines.JOB_MANAGER_CLASS);
    assertThat(mainClass).isPositive();
    assertThat(command).doesNotContain("-Dscene.test=yes");
    assertThat(command.subList(mainClass + 1, mainClass + 3))
        .containsExactly("--configDir", workDir.resolve("conf").toString());
  }

  @Test
  void shouldTellTheProcessesWhereThePluginsAndTheConfigurationAre() {
    Map<String, String> environment = commandLines(List.of()).environment();

    assertThat(environment)
        .containsEntry("FLINK_PLUGINS_DIR", workDir.resolve("flink/plugins").toString())
        .containsEntry("FLINK_CONF_DIR", workDir.resolve("conf").toString());
  }

  private FlinkCommandLines commandLines(List<String> taskManagerJvmOptions) {
    Map<String, Object> config =
        ClusterConfig.sessionCluster(workDir, 1, 2, 3, 2, workDir.resolve("gpu.sh"));
    return new FlinkCommandLines(
        new FlinkHome(workDir.resolve("flink")),
        workDir.resolve("conf"),
        workDir.resolve("log"),
        FlinkConfigurations.of(config),
        taskManagerJvmOptions);
  }
}
