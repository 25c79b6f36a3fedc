package dev.scenelabeler.connectors.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.storage.internals.checkpoint.CleanShutdownFileHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker's KRaft log directory: formatting on first use, noticing a previous unclean
 * shutdown and saying while Kafka recovers from it, and deleting a temporary one.
 */
final class KraftDataDir {

  // The broker's logger: these lines read, and are configured, as before they moved here.
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private KraftDataDir() {}

  /**
   * Whether {@code logDir} was formatted and then not shut down cleanly (the process was killed).
   */
  static boolean wasShutDownUncleanly(Path logDir) {
    return Files.exists(logDir.resolve("meta.properties"))
        && !Files.exists(logDir.resolve(CleanShutdownFileHandler.CLEAN_SHUTDOWN_FILE_NAME));
  }

  static void formatIfNew(Path logDir) throws Exception {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      LOG.info("Reusing formatted Kafka data directory {}", logDir);
      return;
    }
    new Formatter()
        .setPrintStream(LoggingPrintStream.debug(LOG))
        .setClusterId(Uuid.randomUuid().toString())
        .setNodeId(BrokerConfig.NODE_ID)
        .setDirectories(List.of(logDir.toString()))
        .setMetadataLogDirectory(logDir.toString())
        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setControllerListenerName("CONTROLLER")
        .run();
  }

  /**
   * Warns that {@code logDir} is being recovered and logs every 5 s while it lasts; the caller
   * shuts the returned executor down once the broker serves.
   */
  static ScheduledExecutorService reportRecovery(Path logDir, long beginNanos) {
    // Kafka checks every segment of every partition after a crash before it serves; that
    // takes seconds to minutes and Kafka itself says so only at INFO level.
    LOG.warn(
        "Kafka data in {} was not shut down cleanly: recovering its logs before the broker"
            + " serves (this can take a while)",
        logDir);
    ScheduledExecutorService progress =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kafka-recovery-progress");
              t.setDaemon(true);
              return t;
            });
    progress.scheduleAtFixedRate(
        () ->
            LOG.info(
                "Still recovering Kafka logs in {} ({} s)",
                logDir,
                Duration.ofNanos(System.nanoTime() - beginNanos).toSeconds()),
        5,
        5,
        TimeUnit.SECONDS);
    return progress;
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.warn("Could not delete Kafka data directory {}: {}", dir, e.toString());
    }
  }
}
