package dev.scenelabeler.jobs.streaming;

import dev.scenelabeler.jobs.options.DeliveryMode;
import dev.scenelabeler.jobs.options.JobOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Checks before submitting the streaming job what would otherwise fail minutes later or
 * silently: the broker answers, the four topics exist, and the sink's transaction timeout
 * fits the broker's {@code transaction.max.timeout.ms} (a larger one makes every
 * transactional producer fail with InvalidTxnTimeoutException).
 */
public final class BrokerPreflight {

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private BrokerPreflight() {}

  /** @throws IllegalStateException naming each problem found */
  public static void check(JobOptions options) {
    List<String> problems = new ArrayList<>();
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
        // Must not exceed the API timeout above (the client refuses to start otherwise).
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2,
        AdminClientConfig.CLIENT_ID_CONFIG, "scene-labeler-preflight"))) {
      var nodes = admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      var topics = options.topics();
      for (String topic : List.of(topics.frames(), topics.masks(), topics.maskStats(), topics.deadLetters())) {
        if (!existing.contains(topic)) {
          problems.add("topic '" + topic + "' does not exist (create it, e.g. ./scene-labeler kafka creates the defaults)");
        }
      }
      if (options.delivery() == DeliveryMode.EXACTLY_ONCE && !nodes.isEmpty()) {
        Node node = nodes.iterator().next();
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node.idString());
        Config config = admin.describeConfigs(List.of(broker)).all()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(broker);
        var entry = config.get("transaction.max.timeout.ms");
        if (entry != null && entry.value() != null) {
          long max = Long.parseLong(entry.value());
          if (options.transactionTimeout().toMillis() > max) {
            problems.add("transaction timeout " + options.transactionTimeout().toMillis()
                + " ms exceeds the broker's transaction.max.timeout.ms " + max + " ms (use --tx-timeout-ms)");
          }
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      problems.add("Kafka at " + options.bootstrapServers() + " does not answer: "
          + (e.getCause() != null ? e.getCause().getMessage() : e.toString()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("interrupted while checking Kafka");
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("cannot start the labeling job: " + String.join("; ", problems));
    }
  }
}
