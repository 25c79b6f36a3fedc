package dev.scenelabeler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterFilesTest {

  @TempDir Path workDir;

  @Test
  void shouldWriteTheDiscoveryScriptExecutableUnderBin() {
    Path script = ClusterFiles.writeDiscoveryScript(workDir);

    assertThat(script).isEqualTo(workDir.resolve("bin").resolve(ClusterFiles.DISCOVERY_SCRIPT));
    assertThat(Files.isExecutable(script)).isTrue();
  }

  @Test
  void shouldLogEachProcessToTheFileItsCommandLineNames() throws Exception {
    Path conf = workDir.resolve("conf");

    ClusterFiles.writeConf(conf, Map.of("rest.port", 8081));

    assertThat(Files.readString(conf.resolve("config.yaml"))).contains("rest.port: '8081'");
    assertThat(Files.readString(conf.resolve("log4j.properties")))
        .contains("appender.main.fileName = ${sys:log.file}");
  }
}
