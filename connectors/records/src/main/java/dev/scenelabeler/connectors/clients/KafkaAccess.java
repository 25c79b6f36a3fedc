package dev.scenelabeler.connectors.clients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Asks the broker, before a client starts, whether this principal may do what the client will do:
 * each topic exists and allows the operation, the consumer group allows READ. The broker answers
 * with the operations its ACLs allow (Admin's {@code includeAuthorizedOperations}), so a missing
 * ACL is named before the first record instead of failing a running client.
 */
public final class KafkaAccess {

  private KafkaAccess() {}

  /** A topic and the operation a client needs on it (READ or WRITE; both imply DESCRIBE). */
  public record TopicNeed(String topic, AclOperation operation) {}

  /**
   * One problem per topic that is missing or does not allow its operation, in {@code needs}' order;
   * empty when all is well.
   *
   * @throws ExecutionException when the broker refused the connection itself (authentication, TLS:
   *     see {@link KafkaRefusals}) or another request failed
   * @throws TimeoutException when the broker did not answer within {@code timeout}
   */
  public static List<String> topicProblems(Admin admin, List<TopicNeed> needs, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    Map<String, List<AclOperation>> byTopic = new LinkedHashMap<>();
    needs.forEach(
        n -> byTopic.computeIfAbsent(n.topic(), t -> new ArrayList<>()).add(n.operation()));
    Map<String, KafkaFuture<TopicDescription>> answers =
        admin
            .describeTopics(
                byTopic.keySet(), new DescribeTopicsOptions().includeAuthorizedOperations(true))
            .topicNameValues();
    List<String> problems = new ArrayList<>();
    for (var entry : byTopic.entrySet()) {
      String topic = entry.getKey();
      try {
        TopicDescription description =
            answers.get(topic).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        missing(description.authorizedOperations(), entry.getValue())
            .ifPresent(ops -> problems.add(notAllowed(ops, "topic '" + topic + "'")));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          problems.add("topic '" + topic + "' does not exist");
        } else if (e.getCause() instanceof TopicAuthorizationException) {
          problems.add(notAllowed(entry.getValue(), "topic '" + topic + "' (not even DESCRIBE)"));
        } else {
          throw e;
        }
      }
    }
    return problems;
  }

  /**
   * A problem when the consumer group does not allow READ; empty when it does, or when the group
   * does not exist yet and DESCRIBE was allowed (the broker says no more until it exists).
   */
  public static Optional<String> groupProblem(Admin admin, String group, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    try {
      ConsumerGroupDescription description =
          admin
              .describeConsumerGroups(
                  List.of(group),
                  new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true))
              .describedGroups()
              .get(group)
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return missing(description.authorizedOperations(), List.of(AclOperation.READ))
          .map(ops -> notAllowed(ops, "consumer group '" + group + "'"));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupAuthorizationException) {
        return Optional.of(
            notAllowed(List.of(AclOperation.READ), "consumer group '" + group + "'"));
      }
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * The operations of {@code needed} that {@code allowed} lacks; empty if the broker did not say.
   */
  private static Optional<List<AclOperation>> missing(
      Set<AclOperation> allowed, List<AclOperation> needed) {
    if (allowed == null || allowed.contains(AclOperation.ALL)) {
      return Optional.empty();
    }
    List<AclOperation> lacking = needed.stream().filter(op -> !allowed.contains(op)).toList();
    return lacking.isEmpty() ? Optional.empty() : Optional.of(lacking);
  }

  private static String notAllowed(List<AclOperation> operations, String resource) {
    return "not authorized: the ACLs do not allow "
        + String.join(" and ", operations.stream().map(AclOperation::name).toList())
        + " on "
        + resource
        + " for this principal";
  }
}
