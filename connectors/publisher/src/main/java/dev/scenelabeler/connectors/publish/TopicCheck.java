package dev.scenelabeler.connectors.publish;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * {@code publish}'s check, before it opens any source, that the broker answers and has the topic.
 */
final class TopicCheck {

  private TopicCheck() {}

  /** Fails fast, with a clear message, when no broker answers or the topic is missing. */
  static void requireTopic(String bootstrap, String topic) throws InterruptedException {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
      admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new IllegalStateException(
            "topic '"
                + topic
                + "' does not exist on "
                + bootstrap
                + " (./scene-labeler kafka creates it)");
      }
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw noBroker(bootstrap);
      }
      throw new IllegalStateException(
          "Kafka at " + bootstrap + " did not answer: " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw noBroker(bootstrap);
    }
  }

  private static IllegalStateException noBroker(String bootstrap) {
    return new IllegalStateException(
        "no Kafka broker answered at "
            + bootstrap
            + " within 10 s (start one with ./scene-labeler kafka, or pass --bootstrap)");
  }
}
