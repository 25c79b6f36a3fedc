package dev.scenelabeler.dashboard;

import dev.scenelabeler.connectors.clients.KafkaClientConfig;
import dev.scenelabeler.connectors.records.Topics;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How a dashboard runs, parsed once. {@link #defaults(String)} gives the settings of {@code
 * ./scene-labeler dashboard} with no flags; {@code with*} changes one.
 *
 * @param host address the web server listens on
 * @param port web server port; 0 picks a free one
 * @param bootstrapServers Kafka bootstrap servers
 * @param topics the topics to read
 * @param consumerGroup the dashboard's own consumer group
 * @param staleAfter how long without masks before a camera shows as stale
 * @param history how much chart history to keep
 * @param kafkaConfig Kafka client settings ({@code --kafka-config}: security, credentials)
 */
public record DashboardOptions(
    String host,
    int port,
    String bootstrapServers,
    Topics topics,
    String consumerGroup,
    Duration staleAfter,
    Duration history,
    KafkaClientConfig kafkaConfig) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(5);
  public static final Duration DEFAULT_HISTORY = Duration.ofMinutes(5);

  public DashboardOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(consumerGroup, "consumerGroup");
    Objects.requireNonNull(kafkaConfig, "kafkaConfig");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (staleAfter.isNegative() || staleAfter.isZero()) {
      throw new IllegalArgumentException("staleAfter must be positive, got " + staleAfter);
    }
    if (history.toSeconds() < 10) {
      throw new IllegalArgumentException("history must be at least 10 s, got " + history);
    }
  }

  /**
   * Defaults for a dashboard on {@code bootstrapServers}: local address, default topics, and a
   * consumer group of its own, so two dashboards each see every record.
   */
  public static DashboardOptions defaults(String bootstrapServers) {
    return new DashboardOptions(
        DEFAULT_HOST,
        DEFAULT_PORT,
        bootstrapServers,
        Topics.DEFAULTS,
        uniqueGroup(),
        DEFAULT_STALE_AFTER,
        DEFAULT_HISTORY,
        KafkaClientConfig.none());
  }

  public static String uniqueGroup() {
    return "scene-labeler-dashboard-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public DashboardOptions withPort(int value) {
    return new DashboardOptions(
        host, value, bootstrapServers, topics, consumerGroup, staleAfter, history, kafkaConfig);
  }

  public DashboardOptions withTopics(Topics value) {
    return new DashboardOptions(
        host, port, bootstrapServers, value, consumerGroup, staleAfter, history, kafkaConfig);
  }

  public DashboardOptions withStaleAfter(Duration value) {
    return new DashboardOptions(
        host, port, bootstrapServers, topics, consumerGroup, value, history, kafkaConfig);
  }

  public DashboardOptions withKafkaConfig(KafkaClientConfig value) {
    return new DashboardOptions(
        host, port, bootstrapServers, topics, consumerGroup, staleAfter, history, value);
  }

  public DashboardOptions withHistory(Duration value) {
    return new DashboardOptions(
        host, port, bootstrapServers, topics, consumerGroup, staleAfter, value, kafkaConfig);
  }
}
