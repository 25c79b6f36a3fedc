package dev.scenelabeler.dashboard.kafka;

import dev.scenelabeler.connectors.clients.KafkaAccess;
import dev.scenelabeler.connectors.clients.KafkaRefusals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's start on a secured cluster: the credentials are accepted and the ACLs allow READ
 * on the four topics and the consumer group, or it stops at once saying which. A topic that does
 * not exist yet is fine (the feed picks it up), and so is a broker that does not answer (the page
 * shows it unreachable until it does).
 */
public final class FeedAccessCheck {

  private static final Logger LOG = LoggerFactory.getLogger(FeedAccessCheck.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private FeedAccessCheck() {}

  /**
   * @throws IllegalStateException naming the refusal or each missing ACL
   */
  public static void require(KafkaFeed.Source source) {
    String bootstrap = source.bootstrapServers();
    try (Admin admin =
        Admin.create(
            source
                .kafkaConfig()
                .over(
                    Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())))) {
      List<String> problems = new ArrayList<>();
      KafkaAccess.topicProblems(admin, source.needs(), TIMEOUT).stream()
          .filter(p -> !p.endsWith("does not exist"))
          .forEach(problems::add);
      KafkaAccess.groupProblem(admin, source.consumerGroup(), TIMEOUT).ifPresent(problems::add);
      if (!problems.isEmpty()) {
        throw new IllegalStateException(
            "the dashboard cannot read from Kafka at "
                + bootstrap
                + ": "
                + String.join("; ", problems));
      }
    } catch (ExecutionException | TimeoutException e) {
      if (KafkaRefusals.isRefusal(e)) {
        throw new IllegalStateException(KafkaRefusals.explainOr(e, bootstrap, ""), e);
      }
      LOG.warn(
          "Kafka at {} did not answer the dashboard's access check: {}", bootstrap, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking Kafka access", e);
    }
  }
}
