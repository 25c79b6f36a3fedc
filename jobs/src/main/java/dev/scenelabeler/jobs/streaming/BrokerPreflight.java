package dev.scenelabeler.jobs.streaming;

import dev.scenelabeler.connectors.clients.KafkaAccess;
import dev.scenelabeler.connectors.clients.KafkaAccess.TopicNeed;
import dev.scenelabeler.connectors.clients.KafkaRefusals;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.jobs.options.DeliveryMode;
import dev.scenelabeler.jobs.options.JobOptions;
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
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks before submitting the streaming job what would otherwise fail minutes later or silently:
 * the broker answers and accepts the client's credentials, the four topics exist and the ACLs allow
 * what the job does on them (READ frames and the consumer group, WRITE the other three and, for
 * exactly-once, the transactional ids), and the sink's transaction timeout fits the broker's {@code
 * transaction.max.timeout.ms} (a larger one makes every transactional producer fail with
 * InvalidTxnTimeoutException). It also warns (without failing) when the frames or dead-letter
 * topic's {@code max.message.bytes} is below the job's largest frame record: frames that large
 * could not be published, or their dead letters written (RecordTooLargeException).
 */
public final class BrokerPreflight {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerPreflight.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  /** Kafka's record batch header and the record's key and headers, on top of the record value. */
  static final int BATCH_OVERHEAD_BYTES = 1024;

  private BrokerPreflight() {}

  /**
   * What was found: problems stop the job, warnings are logged.
   *
   * @param problems what makes the job fail
   * @param warnings what makes some frames fail
   */
  record Findings(List<String> problems, List<String> warnings) {}

  /**
   * Checks, logs each warning, and throws if there is a problem.
   *
   * @throws IllegalStateException naming each problem found
   */
  public static void check(JobOptions options) {
    report(inspect(options, true), "cannot start the labeling job: ");
  }

  /**
   * {@code label-video --to-kafka}'s check: the broker accepts the credentials, the masks topic
   * exists and takes this principal's writes, and exactly-once its transactions.
   *
   * @throws IllegalStateException naming each problem found
   */
  public static void checkMaskSink(JobOptions options) {
    report(inspect(options, false), "cannot write masks to Kafka: ");
  }

  private static void report(Findings findings, String lead) {
    findings.warnings().forEach(w -> LOG.warn("{}", w));
    if (!findings.problems().isEmpty()) {
      throw new IllegalStateException(lead + String.join("; ", findings.problems()));
    }
  }

  /**
   * The {@code max.message.bytes} a topic carrying whole frame records needs: the job's {@code
   * --max-frame-bytes} plus {@link RecordLimits#MAX_METADATA_BYTES} (64 KiB) plus {@link
   * #BATCH_OVERHEAD_BYTES}, as {@code ./scene-labeler kafka} creates its topics.
   */
  static long neededMessageBytes(RecordLimits limits) {
    return (long) limits.maxRecordBytes() + BATCH_OVERHEAD_BYTES;
  }

  /**
   * A warning when {@code topic}'s {@code max.message.bytes} ({@code found}) is below {@link
   * #neededMessageBytes}, naming the topic, both values and the command that raises it.
   */
  static Optional<String> messageSizeWarning(
      String topic, String what, long found, RecordLimits limits, String bootstrap) {
    long needed = neededMessageBytes(limits);
    if (found >= needed) {
      return Optional.empty();
    }
    return Optional.of(
        "topic '"
            + topic
            + "' has max.message.bytes="
            + found
            + " but the job accepts frames of up to"
            + " --max-frame-bytes "
            + limits.maxImageBytes()
            + " + 64 KiB metadata + 1 KiB batch overhead, so it needs "
            + needed
            + ": "
            + what
            + " larger than "
            + found
            + " bytes will fail with RecordTooLargeException. Raise it with: kafka-configs.sh"
            + " --bootstrap-server "
            + bootstrap
            + " --alter --entity-type topics --entity-name "
            + topic
            + " --add-config max.message.bytes="
            + needed
            + " (the broker's message.max.bytes and replica.fetch.max.bytes must allow it too),"
            + " or lower --max-frame-bytes");
  }

  /**
   * The frames and dead-letter topics' max.message.bytes against the job's largest frame record.
   */
  private static List<String> messageSizeWarnings(
      Admin admin, JobOptions options, Set<String> existing) throws InterruptedException {
    var topics = options.topics();
    Map<String, String> carriesFrames = new LinkedHashMap<>();
    carriesFrames.put(topics.frames(), "frame records");
    carriesFrames.put(topics.deadLetters(), "dead letters (they carry the whole frame)");
    List<ConfigResource> resources =
        carriesFrames.keySet().stream()
            .filter(existing::contains)
            .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
            .toList();
    List<String> warnings = new ArrayList<>();
    if (resources.isEmpty()) {
      return warnings;
    }
    try {
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(resources).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      for (ConfigResource resource : resources) {
        var entry = configs.get(resource).get("max.message.bytes");
        if (entry != null && entry.value() != null) {
          messageSizeWarning(
                  resource.name(),
                  carriesFrames.get(resource.name()),
                  Long.parseLong(entry.value()),
                  options.recordLimits(),
                  options.bootstrapServers())
              .ifPresent(warnings::add);
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      warnings.add(
          "could not read max.message.bytes of "
              + carriesFrames.keySet()
              + " (large frames may fail with"
              + " RecordTooLargeException): "
              + (e.getCause() != null ? e.getCause().getMessage() : e.toString()));
    }
    return warnings;
  }

  /** Everything {@link #check} looks at; package-private for tests. */
  static Findings inspect(JobOptions options) {
    return inspect(options, true);
  }

  /**
   * @param streaming the whole streaming job; else only its mask sink ({@code label-video
   *     --to-kafka})
   */
  private static Findings inspect(JobOptions options, boolean streaming) {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    String bootstrap = options.bootstrapServers();
    try (Admin admin = Admin.create(clientSettings(options, "scene-labeler-preflight"))) {
      var nodes = admin.describeCluster().nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      var topics = options.topics();
      List<TopicNeed> needs =
          streaming
              ? topicNeeds(options)
              : topicNeeds(options).stream()
                  .filter(need -> need.topic().equals(topics.masks()))
                  .toList();
      List<String> topicProblems = KafkaAccess.topicProblems(admin, needs, TIMEOUT);
      topicProblems.stream()
          .map(
              p ->
                  p.endsWith("does not exist")
                      ? p + " (create it, e.g. ./scene-labeler kafka creates the defaults)"
                      : p)
          .forEach(problems::add);
      if (streaming) {
        KafkaAccess.groupProblem(admin, options.groupId(), TIMEOUT).ifPresent(problems::add);
        Set<String> usable =
            Set.of(topics.frames(), topics.deadLetters()).stream()
                .filter(t -> topicProblems.stream().noneMatch(p -> p.contains("'" + t + "'")))
                .collect(Collectors.toSet());
        warnings.addAll(messageSizeWarnings(admin, options, usable));
      }
      if (options.delivery() == DeliveryMode.EXACTLY_ONCE && !nodes.isEmpty()) {
        transactionTimeoutProblem(admin, nodes.iterator().next(), options, warnings)
            .ifPresent(problems::add);
        if (problems.isEmpty()) {
          TransactionProbe.problem(options, clientSettings(options, "scene-labeler-preflight-tx"))
              .ifPresent(problems::add);
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      problems.add(
          KafkaRefusals.explainOr(
              e,
              bootstrap,
              "Kafka at "
                  + bootstrap
                  + " does not answer: "
                  + (e.getCause() != null ? e.getCause().getMessage() : e.toString())
                  + (options.kafkaConfig().isEmpty()
                      ? ""
                      : " (is security.protocol "
                          + options.kafkaConfig().securityProtocol()
                          + " what the broker's listener speaks?)")));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("interrupted while checking Kafka");
    }
    return new Findings(problems, warnings);
  }

  /**
   * What the job does on each topic. Flink's exactly-once sinks also READ their topics: at start
   * they look for transactions a previous run left open (DescribeProducers), and fail without it.
   */
  static List<TopicNeed> topicNeeds(JobOptions options) {
    var topics = options.topics();
    List<TopicNeed> needs = new ArrayList<>();
    needs.add(new TopicNeed(topics.frames(), AclOperation.READ));
    for (String written : List.of(topics.masks(), topics.maskStats(), topics.deadLetters())) {
      needs.add(new TopicNeed(written, AclOperation.WRITE));
    }
    if (options.delivery() == DeliveryMode.EXACTLY_ONCE) {
      needs.add(new TopicNeed(topics.masks(), AclOperation.READ));
      needs.add(new TopicNeed(topics.deadLetters(), AclOperation.READ));
    }
    return needs;
  }

  /** An admin client's settings: short timeouts, then --kafka-config. */
  static Map<String, Object> clientSettings(JobOptions options, String clientId) {
    return options
        .kafkaConfig()
        .over(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                options.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis(),
                // Must not exceed the API timeout above (the client refuses to start otherwise).
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis() / 2,
                AdminClientConfig.CLIENT_ID_CONFIG,
                clientId));
  }

  /**
   * The transaction timeout against the broker's {@code transaction.max.timeout.ms}; reading it
   * needs DESCRIBE_CONFIGS on the cluster, which a job's principal often lacks: then a warning, and
   * the {@link TransactionProbe} finds a timeout the broker refuses.
   */
  private static Optional<String> transactionTimeoutProblem(
      Admin admin, Node node, JobOptions options, List<String> warnings)
      throws InterruptedException, TimeoutException, ExecutionException {
    ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node.idString());
    Config config;
    try {
      config =
          admin
              .describeConfigs(List.of(broker))
              .all()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .get(broker);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof ClusterAuthorizationException)) {
        throw e;
      }
      warnings.add(
          "could not read the broker's transaction.max.timeout.ms (no DESCRIBE_CONFIGS on the"
              + " cluster); --tx-timeout-ms is checked by a transactional producer instead");
      return Optional.empty();
    }
    var entry = config.get("transaction.max.timeout.ms");
    if (entry == null || entry.value() == null) {
      return Optional.empty();
    }
    long max = Long.parseLong(entry.value());
    if (options.transactionTimeout().toMillis() <= max) {
      return Optional.empty();
    }
    return Optional.of(
        "transaction timeout "
            + options.transactionTimeout().toMillis()
            + " ms exceeds the broker's transaction.max.timeout.ms "
            + max
            + " ms (use --tx-timeout-ms)");
  }
}
