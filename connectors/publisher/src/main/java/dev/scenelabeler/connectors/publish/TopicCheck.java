package dev.scenelabeler.connectors.publish;

import dev.scenelabeler.connectors.clients.KafkaAccess;
import dev.scenelabeler.connectors.clients.KafkaAccess.TopicNeed;
import dev.scenelabeler.connectors.clients.KafkaClientConfig;
import dev.scenelabeler.connectors.clients.KafkaRefusals;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclOperation;

/**
 * {@code publish}'s check, before it opens any source, that the broker answers, accepts the
 * client's credentials, has the topic and lets this principal WRITE to it.
 */
final class TopicCheck {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private TopicCheck() {}

  /** Fails fast, with a clear message, on anything that would stop every frame. */
  static void requireTopic(String bootstrap, KafkaClientConfig clientConfig, String topic)
      throws InterruptedException {
    try (Admin admin =
        Admin.create(
            clientConfig.over(
                Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())))) {
      List<String> problems =
          KafkaAccess.topicProblems(
              admin, List.of(new TopicNeed(topic, AclOperation.WRITE)), TIMEOUT);
      if (!problems.isEmpty()) {
        String problem = problems.get(0);
        throw new IllegalStateException(
            problem.endsWith("does not exist")
                ? "topic '"
                    + topic
                    + "' does not exist on "
                    + bootstrap
                    + " (./scene-labeler kafka creates it)"
                : problem + " on " + bootstrap);
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw noBroker(bootstrap);
      }
      throw new IllegalStateException(
          KafkaRefusals.explainOr(
              e,
              bootstrap,
              "Kafka at " + bootstrap + " did not answer: " + e.getCause().getMessage()),
          e);
    } catch (TimeoutException e) {
      throw noBroker(bootstrap);
    }
  }

  private static IllegalStateException noBroker(String bootstrap) {
    return new IllegalStateException(
        "no Kafka broker answered at "
            + bootstrap
            + " within 10 s (start one with ./scene-labeler kafka, or pass --bootstrap; with"
            + " --kafka-config, check that security.protocol is what the broker's listener"
            + " speaks)");
  }
}
