package dev.scenelabeler.connectors.kafka;

import dev.scenelabeler.connectors.clients.KafkaClientConfig;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the system's topics on any broker (embedded or not) and waits until every partition has a
 * leader: a producer that starts before that gets NOT_LEADER errors and retries.
 */
public final class KafkaTopics {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);

  /** Frames, masks and dead letters carry images; each record must fit in one message. */
  static final String MAX_MESSAGE_BYTES =
      Integer.toString(RecordLimits.DEFAULTS.maxRecordBytes() + 1024);

  private KafkaTopics() {}

  /**
   * The four topics with {@code partitions} partitions each (the job's source parallelism is
   * bounded by the frames topic's count), replication factor 1 (single broker).
   */
  public static List<NewTopic> defaults(Topics names, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    Map<String, String> imageTopic = Map.of("max.message.bytes", MAX_MESSAGE_BYTES);
    return List.of(
        new NewTopic(names.frames(), partitions, (short) 1).configs(imageTopic),
        new NewTopic(names.masks(), partitions, (short) 1).configs(imageTopic),
        new NewTopic(names.maskStats(), partitions, (short) 1),
        new NewTopic(names.deadLetters(), partitions, (short) 1).configs(imageTopic));
  }

  /** Creates the topics that do not exist yet, then waits for leaders of all of them. */
  public static void createAndAwaitLeaders(
      String bootstrapServers, Collection<NewTopic> topics, Duration timeout) {
    createAndAwaitLeaders(bootstrapServers, KafkaClientConfig.none(), topics, timeout);
  }

  /** As above, as the client {@code clientConfig} describes (a secured broker's admin user). */
  public static void createAndAwaitLeaders(
      String bootstrapServers,
      KafkaClientConfig clientConfig,
      Collection<NewTopic> topics,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = admin(bootstrapServers, clientConfig, timeout)) {
      Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
      for (NewTopic topic : topics) {
        try {
          results.get(topic.name()).get(remaining(deadline), TimeUnit.NANOSECONDS);
          LOG.info("Created topic {} ({} partitions)", topic.name(), topic.numPartitions());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "could not create topic "
                    + topic.name()
                    + " on "
                    + bootstrapServers
                    + ": "
                    + e.getCause().getMessage(),
                e.getCause());
          }
          LOG.info("Topic {} already exists", topic.name());
        }
      }
      awaitLeaders(admin, topics.stream().map(NewTopic::name).toList(), deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "topics "
              + names(topics)
              + " not created on "
              + bootstrapServers
              + " within "
              + timeout.toMillis()
              + " ms",
          e);
    }
  }

  private static void awaitLeaders(Admin admin, List<String> names, long deadline)
      throws InterruptedException {
    List<String> leaderless = new ArrayList<>();
    while (true) {
      leaderless.clear();
      try {
        Map<String, TopicDescription> descriptions =
            admin
                .describeTopics(names)
                .allTopicNames()
                .get(remaining(deadline), TimeUnit.NANOSECONDS);
        for (TopicDescription description : descriptions.values()) {
          for (TopicPartitionInfo partition : description.partitions()) {
            if (partition.leader() == null || partition.leader().isEmpty()) {
              leaderless.add(description.name() + "-" + partition.partition());
            }
          }
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException(
              "could not describe topics " + names + ": " + e.getCause().getMessage(), e);
        }
        leaderless.add(e.getCause().getMessage());
      } catch (TimeoutException e) {
        leaderless.add("(describeTopics timed out)");
      }
      if (leaderless.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "partitions without a leader at the deadline: " + leaderless);
      }
      Thread.sleep(50);
    }
  }

  /** Waits until the broker answers a metadata request with at least one node. */
  static void awaitBrokerReady(
      String bootstrapServers, KafkaClientConfig clientConfig, Duration timeout) throws Exception {
    try (Admin admin = admin(bootstrapServers, clientConfig, timeout)) {
      int nodes =
          admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      if (nodes == 0) {
        throw new IllegalStateException("broker at " + bootstrapServers + " reports no nodes");
      }
    }
  }

  private static Admin admin(
      String bootstrapServers, KafkaClientConfig clientConfig, Duration timeout) {
    return Admin.create(
        clientConfig.over(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()),
                AdminClientConfig.CLIENT_ID_CONFIG,
                "scene-labeler-topics")));
  }

  private static long remaining(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }

  private static String names(Collection<NewTopic> topics) {
    return topics.stream().map(NewTopic::name).collect(Collectors.joining(", ", "[", "]"));
  }
}
