package dev.scenelabeler.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.records.Topics;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

  @Test
  void shouldStartServeTopicsAndStopCleanly() throws Exception {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startDefault();
    Path dataDir = broker.dataDir();
    try {
      assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
      assertThat(broker.startTime()).isPositive();
      assertThat(broker.transactionMaxTimeout()).isEqualTo(Duration.ofMinutes(15));

      broker.createTopics(KafkaTopics.defaults(Topics.DEFAULTS, 3));

      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        Map<String, TopicDescription> topics =
            admin
                .describeTopics(List.of("frames", "masks", "mask-stats", "frames-dlq"))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS);
        assertThat(topics.values())
            .allSatisfy(
                topic -> {
                  assertThat(topic.partitions()).hasSize(3);
                  assertThat(topic.partitions())
                      .allSatisfy(p -> assertThat(p.leader().id()).isEqualTo(1));
                });
      }
      assertThat(roundTrip(broker, "frames", "hello")).isEqualTo("hello");
    } finally {
      broker.close();
    }
    assertThat(dataDir).doesNotExist();
    assertThat(portIsFree(broker.port())).as("port %d released", broker.port()).isTrue();
    broker.close(); // idempotent
  }

  @Test
  void shouldKeepDataInAConfiguredDirectoryAcrossRestarts(@TempDir Path dir) throws Exception {
    int port;
    try (EmbeddedKafkaBroker first =
        EmbeddedKafkaBroker.builder().optDataDir(dir).build().start()) {
      port = first.port();
      first.createTopics(List.of(new NewTopic("kept", 1, (short) 1)));
      produce(first, "kept", "survives a restart");
    }
    assertThat(dir.resolve("kraft-combined-logs/meta.properties")).exists();

    try (EmbeddedKafkaBroker second =
        EmbeddedKafkaBroker.builder().optDataDir(dir).optPort(port).build().start()) {
      assertThat(second.port()).isEqualTo(port);
      assertThat(second.recoveredUncleanShutdown()).as("stopped cleanly before").isFalse();
      second.createTopics(List.of(new NewTopic("kept", 1, (short) 1))); // exists: left alone
      assertThat(consumeAll(second, "kept")).containsExactly("survives a restart");
    }
    assertThat(Files.exists(dir)).isTrue();
  }

  @Test
  void shouldSayItRecoversLogsAfterAnUncleanStop(@TempDir Path dir) throws Exception {
    try (EmbeddedKafkaBroker first =
        EmbeddedKafkaBroker.builder().optDataDir(dir).build().start()) {
      first.createTopics(List.of(new NewTopic("kept", 1, (short) 1)));
      produce(first, "kept", "survives a crash");
    }
    // Kafka writes this marker on a clean stop and deletes it when it starts: a killed broker
    // leaves none behind.
    Path marker = dir.resolve("kraft-combined-logs/.kafka_cleanshutdown");
    assertThat(marker).exists();
    Files.delete(marker);

    try (EmbeddedKafkaBroker second =
        EmbeddedKafkaBroker.builder().optDataDir(dir).build().start()) {
      assertThat(second.recoveredUncleanShutdown()).isTrue();
      assertThat(consumeAll(second, "kept")).containsExactly("survives a crash");
    }
  }

  private static String roundTrip(EmbeddedKafkaBroker broker, String topic, String value) {
    produce(broker, topic, value);
    return consumeAll(broker, topic).get(0);
  }

  private static void produce(EmbeddedKafkaBroker broker, String topic, String value) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, 0, "k", value)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("could not produce to " + topic, e);
    }
  }

  private static List<String> consumeAll(EmbeddedKafkaBroker broker, String topic) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
            new StringDeserializer(),
            new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(Set.of(partition));
      consumer.seekToBeginning(Set.of(partition));
      long end = consumer.endOffsets(Set.of(partition)).get(partition);
      List<String> values = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 30_000;
      while (consumer.position(partition) < end && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
      return values;
    }
  }

  private static boolean portIsFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
