package dev.scenelabeler.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;

/**
 * The files a local cluster's processes read, under its work directory: {@code conf/config.yaml},
 * {@code conf/log4j.properties} and the stand-in GPU discovery script in {@code bin/}.
 */
final class ClusterFiles {

  static final String DISCOVERY_SCRIPT = "stand-in-gpu-discovery.sh";

  private ClusterFiles() {}

  /** Copies the stand-in discovery script to {@code workDir/bin}, executable; returns its path. */
  static Path writeDiscoveryScript(Path workDir) {
    Path script = workDir.resolve("bin").resolve(DISCOVERY_SCRIPT);
    try (InputStream in =
        Objects.requireNonNull(
            ClusterFiles.class.getResourceAsStream(DISCOVERY_SCRIPT), DISCOVERY_SCRIPT)) {
      Files.createDirectories(script.getParent());
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      return script;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + script, e);
    }
  }

  /** Writes config.yaml and log4j.properties into {@code confDir}. */
  static void writeConf(Path confDir, Map<String, Object> config) {
    FlinkYaml.write(confDir.resolve("config.yaml"), config);
    writeLog4jConfig(confDir);
  }

  /** Each process logs to its own file ({@code log.file}); Kafka and Pekko only their warnings. */
  private static void writeLog4jConfig(Path confDir) {
    String log4j =
        String.join(
            "\n",
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
}
