package dev.scenelabeler.app.cli;

import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.app.testing.CapturedLogs;
import dev.scenelabeler.app.testing.CliProcess;
import dev.scenelabeler.app.testing.StreamArgs;
import dev.scenelabeler.connectors.clients.KafkaClientConfig;
import dev.scenelabeler.connectors.kafka.EmbeddedKafkaBroker;
import dev.scenelabeler.connectors.kafka.KafkaTopics;
import dev.scenelabeler.connectors.kafka.SaslSslListener;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskRecordFormat;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.dashboard.DashboardOptions;
import dev.scenelabeler.dashboard.feed.DeadLetterUpdate;
import dev.scenelabeler.dashboard.feed.FeedListener;
import dev.scenelabeler.dashboard.feed.FrameUpdate;
import dev.scenelabeler.dashboard.feed.MaskUpdate;
import dev.scenelabeler.dashboard.feed.StatsUpdate;
import dev.scenelabeler.dashboard.kafka.KafkaFeed;
import dev.scenelabeler.jobs.testing.ListeningSockets;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product against a secured Kafka: a SASL_SSL broker (TLS, SASL/PLAIN users) with the standard
 * authorizer and exactly the ACLs docs/SECURITY.md lists. {@code publish}, {@code stream}
 * (exactly-once) and the dashboard's feed run as their own users with {@code --kafka-config}; each
 * kind of refusal ends its command within seconds naming what was refused; no password appears in
 * anything the processes or this JVM print.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredKafkaIT {

  private static final Topics TOPICS =
      new Topics("secure-frames", "secure-masks", "secure-stats", "secure-dlq");
  private static final String LABELER_GROUP = "secure-labeler";
  private static final String TX_PREFIX = "secure-labeler-tx";
  private static final String DASHBOARD_GROUP_PREFIX = "scene-labeler-dashboard-";
  private static final int FRAMES = 12;
  private static final Duration REFUSAL_BOUND = Duration.ofSeconds(45); // JVM start included
  private static final Duration WAIT = Duration.ofMinutes(4);
  private static final String PASSWORD_VARIABLE = "SCENE_LABELER_TEST_KAFKA_PASSWORD";

  /** The users and their passwords: random, so a leak is found by searching for them. */
  private final Map<String, String> users =
      Map.of(
          "labeler", "labeler-" + SaslSslListener.randomPassword(),
          "camera", "camera-" + SaslSslListener.randomPassword(),
          "viewer", "viewer-" + SaslSslListener.randomPassword(),
          "intruder", "intruder-" + SaslSslListener.randomPassword());

  private final CapturedLogs logs = CapturedLogs.capture();
  private final List<CliProcess> processes = new ArrayList<>();
  private final StringBuilder printed = new StringBuilder();
  private EmbeddedKafkaBroker kafka;
  @TempDir Path work;

  @BeforeAll
  void startSecuredBroker() throws Exception {
    kafka = EmbeddedKafkaBroker.builder().optSaslSsl(users).build().start();
    kafka.createTopics(KafkaTopics.defaults(TOPICS, 2));
    try (Admin admin = Admin.create(settings(kafka.adminConfig()))) {
      admin.createAcls(documentedAcls()).all().get(30, TimeUnit.SECONDS);
    }
  }

  /** Each test's processes end with it; their output is kept for the search at the end. */
  @AfterEach
  void stopProcesses() throws Exception {
    for (CliProcess process : processes) {
      process.close();
      String output = process.output();
      System.out.printf("[secured] %s printed %d characters%n", process.name(), output.length());
      printed.append(output);
    }
    processes.clear();
  }

  @AfterAll
  void stopAndSearchForPasswords() {
    kafka.close();
    logs.close();
    printed.append(logs.text());
    for (Map.Entry<String, String> user : users.entrySet()) {
      assertThat(printed.toString())
          .as("the password of " + user.getKey() + " in the output of this test")
          .doesNotContain(user.getValue());
    }
    assertThat(printed.toString())
        .as("the broker's super user password")
        .doesNotContain(kafka.secured().orElseThrow().users().get(SaslSslListener.ADMIN));
    System.out.printf(
        "[secured] searched %d characters of output for %d passwords%n",
        printed.length(), users.size() + 1);
  }

  /** The ACL table of docs/SECURITY.md, for this test's topics, group and prefix. */
  private static List<AclBinding> documentedAcls() {
    return List.of(
        allow("labeler", TOPIC, TOPICS.frames(), LITERAL, READ),
        allow("labeler", GROUP, LABELER_GROUP, LITERAL, READ),
        allow("labeler", TOPIC, TOPICS.masks(), LITERAL, WRITE),
        // Flink's exactly-once sinks look for transactions left open (DescribeProducers): READ.
        allow("labeler", TOPIC, TOPICS.masks(), LITERAL, READ),
        allow("labeler", TOPIC, TOPICS.maskStats(), LITERAL, WRITE),
        allow("labeler", TOPIC, TOPICS.deadLetters(), LITERAL, WRITE),
        allow("labeler", TOPIC, TOPICS.deadLetters(), LITERAL, READ),
        allow("labeler", TRANSACTIONAL_ID, TX_PREFIX, PREFIXED, WRITE),
        allow("camera", TOPIC, TOPICS.frames(), LITERAL, WRITE),
        allow("viewer", TOPIC, TOPICS.frames(), LITERAL, READ),
        allow("viewer", TOPIC, TOPICS.masks(), LITERAL, READ),
        allow("viewer", TOPIC, TOPICS.maskStats(), LITERAL, READ),
        allow("viewer", TOPIC, TOPICS.deadLetters(), LITERAL, READ),
        allow("viewer", GROUP, DASHBOARD_GROUP_PREFIX, PREFIXED, READ));
  }

  @Test
  void shouldLabelEveryFrameOnceWithExactlyTheDocumentedAcls() throws Exception {
    AtomicInteger fedMasks = new AtomicInteger();
    try (KafkaFeed feed =
        KafkaFeed.start(
            new KafkaFeed.Source(
                kafka.bootstrapServers(),
                DashboardOptions.uniqueGroup(),
                TOPICS,
                clientConfig("viewer")),
            new CountingListener(fedMasks))) {
      assertThat(feed.awaitReady(Duration.ofSeconds(60))).as("dashboard feed assigned").isTrue();

      CliProcess publish =
          run(
              "publish",
              "publish",
              "--bootstrap",
              kafka.bootstrapServers(),
              "--kafka-config",
              configFile("camera").toString(),
              "--topic",
              TOPICS.frames(),
              "--rate",
              "max",
              "--max-frames",
              Integer.toString(FRAMES),
              "cam-1=" + streetClip());
      assertThat(publish.process().waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(publish.process().exitValue()).as(publish.output()).isZero();

      CliProcess stream = run("stream", streamArgs("labeler", TX_PREFIX));
      stream.awaitUntil("a mask per frame", WAIT, () -> masks("viewer").size() >= FRAMES);
      Thread.sleep(3_000); // a duplicate would come with the next checkpoints
      List<String> masks = masks("viewer");
      System.out.printf(
          "[secured] %d frames published, %d masks read_committed, %d distinct; the dashboard"
              + " feed saw %d%n",
          FRAMES, masks.size(), masks.stream().distinct().count(), fedMasks.get());
      assertThat(masks).hasSize(FRAMES).doesNotHaveDuplicates();
      String webUi = flinkWebUiConfiguration(stream.pid());
      printed.append(webUi);
      System.out.printf(
          "[secured] the stream job's web UI: %d characters of job and cluster configuration%n",
          webUi.length());
      assertThat(stream.output())
          .as("the startup line shows the client settings, the secret hidden")
          .contains("kafka.config=" + configFile("labeler") + " {", "sasl.jaas.config=[hidden]");
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (fedMasks.get() < FRAMES && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(fedMasks.get()).as("masks the dashboard's feed saw").isEqualTo(FRAMES);
    }
  }

  @Test
  void shouldKeepMasksFromAConsumerWithoutCredentialsOrWithoutAnAcl() throws Exception {
    Map<String, Object> anonymous = new HashMap<>();
    anonymous.put("security.protocol", "SSL");
    anonymous.put("ssl.truststore.type", "PEM");
    anonymous.put(
        "ssl.truststore.location", kafka.secured().orElseThrow().tls().caCertificate().toString());
    assertThat(readMasksOrFailure(anonymous)).startsWith("failed");

    Map<String, Object> intruder = settings(clientConfig("intruder"));
    assertThat(readMasksOrFailure(intruder))
        .isEqualTo("failed: " + TopicAuthorizationException.class.getSimpleName());
  }

  @Test
  void shouldRefuseAWrongPasswordAnUnknownUserAndAnUntrustedBrokerWithinSeconds() throws Exception {
    SaslSslListener secured = kafka.secured().orElseThrow();
    assertPublishRefused(
        "wrong-password",
        secured.clientSettings("camera", "not-the-password"),
        "refused authentication");
    assertPublishRefused(
        "unknown-user",
        secured.clientSettings("mallory", "mallorys-password"),
        "refused authentication");
    Map<String, String> untrusting = new HashMap<>(secured.clientSettings("camera"));
    untrusting.remove("ssl.truststore.type");
    untrusting.remove("ssl.truststore.location");
    assertPublishRefused("untrusted", untrusting, "the broker's certificate is not trusted");
  }

  @Test
  void shouldNameTheMissingAclOfEachCommandBeforeItTakesAFrame() throws Exception {
    assertRefused(
        "publish-no-acl",
        List.of(
            "publish",
            "--bootstrap",
            kafka.bootstrapServers(),
            "--kafka-config",
            configFile("intruder").toString(),
            "--topic",
            TOPICS.frames(),
            "cam-1=" + streetClip()),
        "do not allow WRITE on topic '" + TOPICS.frames() + "'");
    assertRefused(
        "stream-no-read",
        streamArgs("camera", TX_PREFIX),
        "do not allow READ on topic '" + TOPICS.frames() + "'");
    assertRefused(
        "stream-no-transactional-id",
        streamArgs("labeler", "someone-elses-prefix"),
        "do not allow WRITE on transactional ids with prefix 'someone-elses-prefix'");
    assertRefused(
        "label-video-no-acl",
        List.of(
            "label-video",
            "--to-kafka",
            "--bootstrap",
            kafka.bootstrapServers(),
            "--kafka-config",
            configFile("intruder").toString(),
            "--masks-topic",
            TOPICS.masks(),
            "--model",
            "untrained:farabet2013",
            streetClip()),
        "cannot write masks to Kafka: not authorized: the ACLs do not allow WRITE");
    assertRefused(
        "dashboard-no-acl",
        List.of(
            "dashboard",
            "--bootstrap",
            kafka.bootstrapServers(),
            "--kafka-config",
            configFile("intruder").toString(),
            "--port",
            "0",
            "--topics",
            "frames=" + TOPICS.frames(),
            "--topics",
            "masks=" + TOPICS.masks(),
            "--topics",
            "mask-stats=" + TOPICS.maskStats(),
            "--topics",
            "dead-letters=" + TOPICS.deadLetters()),
        "do not allow READ on topic '" + TOPICS.masks() + "'");
  }

  private List<String> streamArgs(String user, String transactionalIdPrefix) throws IOException {
    return StreamArgs.archive(
        kafka.bootstrapServers(),
        work.resolve("checkpoints-" + transactionalIdPrefix),
        "--kafka-config",
        configFile(user).toString(),
        "--frames-topic",
        TOPICS.frames(),
        "--masks-topic",
        TOPICS.masks(),
        "--stats-topic",
        TOPICS.maskStats(),
        "--dlq-topic",
        TOPICS.deadLetters(),
        "--group",
        LABELER_GROUP,
        "--transactional-id-prefix",
        transactionalIdPrefix);
  }

  /**
   * What the Flink web UI of the stream process shows as configuration: the job's ({@code
   * /jobs/ID/config}) and the cluster's ({@code /jobmanager/config}), found among the process's
   * listening sockets.
   */
  private static String flinkWebUiConfiguration(long pid) throws Exception {
    if (!ListeningSockets.supported()) {
      return "";
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    for (ListeningSockets.Listener listener : ListeningSockets.of(pid)) {
      String base = "http://127.0.0.1:" + listener.port();
      try {
        String overview = get(http, base + "/jobs/overview");
        Matcher job = Pattern.compile("\"jid\":\"([0-9a-f]+)\"").matcher(overview);
        if (job.find()) {
          String config =
              get(http, base + "/jobs/" + job.group(1) + "/config")
                  + get(http, base + "/jobmanager/config");
          assertThat(config).as("the web UI's configuration").doesNotContain("sasl.jaas.config");
          return config;
        }
      } catch (IOException notRest) {
        // the blob server or another socket: not HTTP
      }
    }
    throw new AssertionError("no Flink REST endpoint among " + ListeningSockets.of(pid));
  }

  private static String get(HttpClient http, String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private void assertPublishRefused(String name, Map<String, String> settings, String expected)
      throws Exception {
    Path file = work.resolve(name + ".properties");
    write(file, settings);
    assertRefused(
        "publish-" + name,
        List.of(
            "publish",
            "--bootstrap",
            kafka.bootstrapServers(),
            "--kafka-config",
            file.toString(),
            "--topic",
            TOPICS.frames(),
            "cam-1=" + streetClip()),
        expected);
  }

  /** The command exits non-zero within {@link #REFUSAL_BOUND}, its output naming the refusal. */
  private void assertRefused(String name, List<String> args, String expected) throws Exception {
    long begin = System.nanoTime();
    CliProcess process = run(name, args);
    boolean exited = process.process().waitFor(REFUSAL_BOUND.toSeconds(), TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - begin);
    System.out.printf(
        "[secured] %s: %s in %.1f s (JVM start included)%n",
        name,
        exited ? "exit " + process.process().exitValue() : "still running",
        took.toMillis() / 1000.0);
    assertThat(exited)
        .as(name + " ended within " + REFUSAL_BOUND + ":\n" + process.output())
        .isTrue();
    assertThat(process.process().exitValue()).as(process.output()).isNotZero();
    assertThat(process.output()).contains(expected).doesNotContain("\tat ");
  }

  private CliProcess run(String name, String... args) {
    return run(name, List.of(args));
  }

  private CliProcess run(String name, List<String> args) {
    CliProcess process =
        CliProcess.start(name, work, args, Map.of(PASSWORD_VARIABLE, users.get("camera")));
    processes.add(process);
    return process;
  }

  /** {@code camera#sequence} of every mask a read_committed consumer of {@code user} sees. */
  private List<String> masks(String user) {
    List<String> ids = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : readCommitted(settings(clientConfig(user)))) {
      MaskRecord mask = MaskRecordFormat.INSTANCE.read(record.value(), RecordLimits.DEFAULTS);
      ids.add(mask.cameraId() + "#" + mask.sequence());
    }
    return ids;
  }

  /** "read N" or "failed: EXCEPTION" for a consumer of the masks topic with these settings. */
  private String readMasksOrFailure(Map<String, Object> settings) {
    try {
      return "read " + readCommitted(settings).size();
    } catch (RuntimeException e) {
      return "failed: " + e.getClass().getSimpleName();
    }
  }

  private List<ConsumerRecord<byte[], byte[]>> readCommitted(Map<String, Object> settings) {
    Map<String, Object> props = new HashMap<>(settings);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(TOPICS.masks(), Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private KafkaClientConfig clientConfig(String user) {
    return KafkaClientConfig.of("user " + user, kafka.secured().orElseThrow().clientSettings(user));
  }

  private Map<String, Object> settings(KafkaClientConfig config) {
    return config.over(Map.of("bootstrap.servers", kafka.bootstrapServers()));
  }

  /**
   * The client file of {@code user}. The labeler's and the viewer's hold their passwords as written
   * (the startup line prints the job's, and must hide it); the camera's comes from the environment
   * ({@code ${env:...}}) and the intruder's from a secrets file ({@code ${file:...}}), both
   * resolved by Kafka's config providers inside the clients, as docs/SECURITY.md shows.
   */
  private Path configFile(String user) throws IOException {
    Path file = work.resolve(user + ".properties");
    if (Files.exists(file)) {
      return file;
    }
    SaslSslListener secured = kafka.secured().orElseThrow();
    Map<String, String> settings = new HashMap<>();
    switch (user) {
      case "camera" -> {
        settings.put("config.providers", "env");
        settings.put(
            "config.providers.env.class",
            "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        settings.putAll(secured.clientSettings(user, "${env:" + PASSWORD_VARIABLE + "}"));
      }
      case "intruder" -> {
        Path secrets = work.resolve(user + "-secret.properties");
        write(secrets, Map.of("password", users.get(user)));
        settings.put("config.providers", "file");
        settings.put(
            "config.providers.file.class",
            "org.apache.kafka.common.config.provider.FileConfigProvider");
        settings.putAll(secured.clientSettings(user, "${file:" + secrets + ":password}"));
      }
      default -> settings.putAll(secured.clientSettings(user));
    }
    write(file, settings);
    return file;
  }

  private static void write(Path file, Map<String, String> settings) throws IOException {
    Properties properties = new Properties();
    properties.putAll(settings);
    try (Writer writer = Files.newBufferedWriter(file)) {
      properties.store(writer, "Kafka client settings of " + file.getFileName());
    }
  }

  private static String streetClip() {
    return Path.of("..", "test-data", "street", "street-480x360-15fps.mp4")
        .toAbsolutePath()
        .normalize()
        .toString();
  }

  private static AclBinding allow(
      String user, ResourceType type, String name, PatternType pattern, AclOperation operation) {
    return new AclBinding(
        new ResourcePattern(type, name, pattern),
        new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
  }

  /** Counts the masks the dashboard's feed hands over. */
  private record CountingListener(AtomicInteger masks) implements FeedListener {
    @Override
    public void onFrame(FrameUpdate frame) {}

    @Override
    public void onMask(MaskUpdate mask) {
      masks.incrementAndGet();
    }

    @Override
    public void onStats(StatsUpdate stats) {}

    @Override
    public void onDeadLetter(DeadLetterUpdate deadLetter) {}

    @Override
    public void onUnreadableRecord(String topic, String reason) {}

    @Override
    public void onConsumerLag(long records) {}

    @Override
    public void onBrokerReachable(boolean reachable) {}
  }
}
