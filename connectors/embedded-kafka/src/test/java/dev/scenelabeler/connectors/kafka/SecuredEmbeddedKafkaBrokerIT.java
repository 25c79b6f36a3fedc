package dev.scenelabeler.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenelabeler.connectors.clients.KafkaAccess;
import dev.scenelabeler.connectors.clients.KafkaAccess.TopicNeed;
import dev.scenelabeler.connectors.clients.KafkaRefusals;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker with its SASL_SSL listener and the standard authorizer: users may do what
 * ACLs allow and nothing else, and each kind of refusal is explained by {@link KafkaRefusals} and
 * {@link KafkaAccess} within seconds.
 */
class SecuredEmbeddedKafkaBrokerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static EmbeddedKafkaBroker kafka;

  @BeforeAll
  static void start() throws Exception {
    kafka =
        EmbeddedKafkaBroker.builder()
            .optSaslSsl(Map.of("writer", "writer-secret-1", "nobody", "nobody-secret-2"))
            .build()
            .start();
    kafka.createTopics(
        List.of(new NewTopic("granted", 1, (short) 1), new NewTopic("closed", 1, (short) 1)));
    try (Admin admin = admin("admin")) {
      admin
          .createAcls(
              List.of(
                  new AclBinding(
                      new ResourcePattern(ResourceType.TOPIC, "granted", PatternType.LITERAL),
                      new AccessControlEntry(
                          "User:writer", "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
          .all()
          .get(20, TimeUnit.SECONDS);
    }
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  void shouldLetAUserWriteWhereAnAclAllowsAndSaySoBeforehand() throws Exception {
    try (Admin admin = admin("writer")) {
      assertThat(
              KafkaAccess.topicProblems(
                  admin, List.of(new TopicNeed("granted", AclOperation.WRITE)), TIMEOUT))
          .isEmpty();
      assertThat(
              KafkaAccess.topicProblems(
                  admin,
                  List.of(
                      new TopicNeed("granted", AclOperation.READ),
                      new TopicNeed("closed", AclOperation.WRITE)),
                  TIMEOUT))
          .containsExactly(
              "not authorized: the ACLs do not allow READ on topic 'granted' for this principal",
              "not authorized: the ACLs do not allow WRITE on topic 'closed' (not even DESCRIBE)"
                  + " for this principal");
    }
    try (KafkaProducer<String, String> producer = producer("writer")) {
      producer.send(new ProducerRecord<>("granted", "k", "v")).get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldRefuseAUserWithoutAnAclNamingTheTopic() {
    try (KafkaProducer<String, String> producer = producer("nobody")) {
      assertThatThrownBy(
              () ->
                  producer
                      .send(new ProducerRecord<>("granted", "k", "v"))
                      .get(20, TimeUnit.SECONDS))
          .satisfies(
              e ->
                  assertThat(KafkaRefusals.explain(e, kafka.bootstrapServers()))
                      .hasValueSatisfying(
                          m -> assertThat(m).contains("refused access to topic(s) [granted]")));
    }
  }

  @Test
  void shouldRefuseAWrongPasswordAsAuthenticationWithinSeconds() throws Exception {
    assertRefused(
        kafka.secured().orElseThrow().clientSettings("writer", "not-the-password"),
        "refused authentication");
  }

  @Test
  void shouldRefuseAnUnknownUserAsAuthentication() throws Exception {
    assertRefused(
        kafka.secured().orElseThrow().clientSettings("mallory", "whatever"),
        "refused authentication");
  }

  @Test
  void shouldRefuseABrokerCertificateTheClientDoesNotTrust() throws Exception {
    Map<String, String> settings =
        new HashMap<>(kafka.secured().orElseThrow().clientSettings("writer"));
    settings.remove("ssl.truststore.type");
    settings.remove("ssl.truststore.location"); // the JDK's own CAs, which never signed it
    assertRefused(settings, "the broker's certificate is not trusted");
  }

  private static void assertRefused(Map<String, String> settings, String expected)
      throws Exception {
    long begin = System.nanoTime();
    try (Admin admin = Admin.create(clientSettings(settings))) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get(20, TimeUnit.SECONDS))
          .satisfies(
              e ->
                  assertThat(KafkaRefusals.explain(e, kafka.bootstrapServers()))
                      .hasValueSatisfying(m -> assertThat(m).contains(expected)));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(15));
  }

  private static Admin admin(String user) {
    return Admin.create(clientSettings(kafka.secured().orElseThrow().clientSettings(user)));
  }

  private static KafkaProducer<String, String> producer(String user) {
    Map<String, Object> settings =
        clientSettings(kafka.secured().orElseThrow().clientSettings(user));
    settings.put("max.block.ms", 20_000);
    return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
  }

  private static Map<String, Object> clientSettings(Map<String, String> security) {
    Map<String, Object> settings = new HashMap<>(security);
    settings.put("bootstrap.servers", kafka.bootstrapServers());
    settings.put("default.api.timeout.ms", 20_000);
    settings.put("request.timeout.ms", 10_000);
    return settings;
  }
}
