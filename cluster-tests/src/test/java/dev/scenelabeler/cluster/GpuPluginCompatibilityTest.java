package dev.scenelabeler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.jobs.labeling.DeviceAssignment;
import dev.scenelabeler.models.DeviceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginManager;
import org.apache.flink.runtime.externalresource.ExternalResourceInfoProvider;
import org.apache.flink.runtime.externalresource.ExternalResourceUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * flink-external-resource-gpu 2.0.0 (the only release on Maven Central) against the Flink 2.2.1
 * runtime, loaded the way a TaskManager loads it: from plugins/external-resource-gpu/ through
 * Flink's plugin class loader, driven by the same configuration keys, its answer read through
 * {@link ExternalResourceInfoProvider} as {@code getExternalResourceInfos("gpu")} reads it.
 */
class GpuPluginCompatibilityTest {

  private static final FlinkHome HOME =
      new FlinkHome(Path.of(System.getProperty("flink.home", "target/flink")));

  @Test
  void shouldLoadTheGpuDriverPluginAndReportTheIndicesTheDiscoveryScriptPrints(@TempDir Path dir)
      throws Exception {
    ExternalResourceInfoProvider provider =
        ExternalResourceUtils.createStaticExternalResourceInfoProviderFromConfig(
            gpuConfig(standInScript(dir), 2, "--indices 3,1"), pluginManager());

    Set<ExternalResourceInfo> gpus = provider.getExternalResourceInfos(ClusterConfig.GPU_RESOURCE);

    assertThat(gpus).hasSize(2);
    assertThat(gpus).allSatisfy(g -> assertThat(g.getKeys()).contains("index"));
    // What the labeling operator makes of it: sorted indices, spread over subtasks, CPU without
    // CUDA.
    List<Integer> indices = DeviceAssignment.gpuIndices(gpus);
    assertThat(indices).containsExactly(1, 3);
    DeviceAssignment second = DeviceAssignment.choose(DeviceSpec.auto(), indices, 0, 1);
    assertThat(second.onGpu()).isFalse();
    assertThat(second.reason()).contains("[1, 3]").contains("on CPU");
    assertThat(DeviceAssignment.choose(DeviceSpec.auto(), indices, 4, 1).device())
        .isEqualTo(DeviceSpec.gpu(3));
  }

  /**
   * Flink logs a failing discovery script and starts the TaskManager without GPUs rather than
   * failing it; the job then labels on CPU and says why. (Watch the TaskManager log for "Discovery
   * script exit with non-zero return code" after a driver upgrade.)
   */
  @Test
  void shouldStartWithoutGpusAndLabelOnCpuWhenTheDiscoveryScriptFails(@TempDir Path dir)
      throws Exception {
    Configuration config = gpuConfig(standInScript(dir), 2, "--indices 0");

    Set<ExternalResourceInfo> gpus =
        ExternalResourceUtils.createStaticExternalResourceInfoProviderFromConfig(
                config, pluginManager())
            .getExternalResourceInfos(ClusterConfig.GPU_RESOURCE);

    assertThat(gpus).isEmpty();
    DeviceAssignment assignment =
        DeviceAssignment.choose(DeviceSpec.auto(), DeviceAssignment.gpuIndices(gpus), 0, 0);
    assertThat(assignment.onGpu()).isFalse();
    assertThat(assignment.reason()).contains("no GPU assigned by Flink");
  }

  private static Configuration gpuConfig(Path script, int amount, String args) {
    Configuration config = new Configuration();
    config.setString("external-resources", ClusterConfig.GPU_RESOURCE);
    config.setString("external-resource.gpu.amount", Integer.toString(amount));
    config.setString(
        "external-resource.gpu.driver-factory.class", ClusterConfig.GPU_DRIVER_FACTORY);
    config.setString("external-resource.gpu.param.discovery-script.path", script.toString());
    config.setString("external-resource.gpu.param.discovery-script.args", args);
    return config;
  }

  private static PluginManager pluginManager() throws Exception {
    HOME.validate();
    return new DefaultPluginManager(
        new DirectoryBasedPluginFinder(HOME.plugins()).findPlugins(),
        CoreOptions.getPluginParentFirstLoaderPatterns(new Configuration()));
  }

  private static Path standInScript(Path dir) throws Exception {
    Path script = dir.resolve("stand-in-gpu-discovery.sh");
    try (var in = LocalFlinkCluster.class.getResourceAsStream("stand-in-gpu-discovery.sh")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }
}
