package dev.scenelabeler.dashboard;

import dev.scenelabeler.connectors.clients.KafkaClientConfig;
import dev.scenelabeler.connectors.records.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./scene-labeler dashboard}: the live web dashboard, until Ctrl-C. */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description =
        "Serves a live dashboard of the labeling pipeline: per camera the latest frame with its"
            + " mask, class shares over the last minutes, frames/s, latency p50/p99, backlog, dead"
            + " letters; the dashboard's consumer lag and the broker's health. Reads the topics"
            + " from their latest offsets in a consumer group of its own. Runs until Ctrl-C.")
public final class DashboardCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--bootstrap",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Kafka client properties (security.protocol, sasl.*, ssl.*), as Kafka's tools take"
              + " --consumer.config; secrets can come from the"
              + " environment or a file through Kafka's config providers (docs/SECURITY.md).")
  Path kafkaConfig;

  @Option(
      names = "--host",
      defaultValue = DashboardOptions.DEFAULT_HOST,
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--topics",
      split = ",",
      mapFallbackValue = "",
      paramLabel = "ROLE=NAME",
      description =
          "Topic names, e.g. masks=cam-masks,frames=cam-frames. Roles: frames, masks,"
              + " mask-stats, dead-letters (defaults: frames, masks, mask-stats, frames-dlq).")
  Map<String, String> topics = new LinkedHashMap<>();

  @Option(
      names = "--group",
      description =
          "Consumer group (default: scene-labeler-dashboard-<random>, one per dashboard).")
  String group;

  @Option(
      names = "--stale-after",
      defaultValue = "5",
      description =
          "Seconds without masks before a camera shows as stale (default: ${DEFAULT-VALUE}).")
  long staleAfterSeconds;

  @Option(
      names = "--history",
      defaultValue = "5",
      description = "Minutes of class-share history in the chart (default: ${DEFAULT-VALUE}).")
  long historyMinutes;

  @Override
  public Integer call() throws Exception {
    DashboardOptions options = options();
    CountDownLatch stopped = new CountDownLatch(1);
    try (DashboardServer server = DashboardServer.start(options)) {
      Thread hook =
          new Thread(
              () -> {
                server.close();
                stopped.countDown();
              },
              "dashboard-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      spec.commandLine()
          .getOut()
          .printf(
              "dashboard: %s  (Kafka %s, topics %s, group %s; Ctrl-C to stop)%n",
              server.uri(), options.bootstrapServers(), options.topics(), options.consumerGroup());
      spec.commandLine().getOut().flush();
      stopped.await();
    }
    return 0;
  }

  DashboardOptions options() {
    if (staleAfterSeconds <= 0) {
      throw new ParameterException(
          spec.commandLine(), "--stale-after must be positive, got " + staleAfterSeconds);
    }
    if (historyMinutes <= 0 || historyMinutes > 60) {
      throw new ParameterException(
          spec.commandLine(), "--history must be 1..60 minutes, got " + historyMinutes);
    }
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0..65535, got " + port);
    }
    return new DashboardOptions(
        host,
        port,
        bootstrap,
        parseTopics(topics),
        group != null ? group : DashboardOptions.uniqueGroup(),
        Duration.ofSeconds(staleAfterSeconds),
        Duration.ofMinutes(historyMinutes),
        kafkaConfig());
  }

  private KafkaClientConfig kafkaConfig() {
    try {
      return kafkaConfig == null ? KafkaClientConfig.none() : KafkaClientConfig.load(kafkaConfig);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--kafka-config: " + e.getMessage());
    }
  }

  private Topics parseTopics(Map<String, String> byRole) {
    Topics result = Topics.DEFAULTS;
    for (Map.Entry<String, String> entry : byRole.entrySet()) {
      String name = entry.getValue();
      if (name == null || name.isBlank()) {
        throw new ParameterException(
            spec.commandLine(), "--topics " + entry.getKey() + "= needs a topic name");
      }
      result =
          switch (entry.getKey()) {
            case "frames" -> result.withFrames(name);
            case "masks" -> result.withMasks(name);
            case "mask-stats" -> result.withMaskStats(name);
            case "dead-letters" -> result.withDeadLetters(name);
            default ->
                throw new ParameterException(
                    spec.commandLine(),
                    "--topics: unknown role '"
                        + entry.getKey()
                        + "'; roles are frames, masks, mask-stats, dead-letters");
          };
    }
    return result;
  }
}
