package dev.scenelabeler.app.local;

import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskRecordFormat;
import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.connectors.records.MaskStatsJson;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The one downstream consumer of a local pipeline: reads the masks, mask-stats and dead-letter
 * topics (read_committed) into a {@link MaskTally}. It is positioned when opened, at the end
 * offsets of that moment, with {@code assign} and {@code seek}, no consumer group: open it before
 * the first frame is sent and it reads every mask of those frames, however late its first poll (a
 * group subscription with auto.offset.reset=latest instead starts wherever the topic ends when the
 * group is joined, and so missed masks committed before that). Not thread-safe.
 */
public final class MaskConsumer implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topics topics;
  private final MaskTally tally = new MaskTally();

  private MaskConsumer(KafkaConsumer<byte[], byte[]> consumer, Topics topics) {
    this.consumer = consumer;
    this.topics = topics;
  }

  /**
   * Opens a consumer of {@code topics}' masks, mask-stats and dead letters positioned at their
   * current ends.
   *
   * @throws IllegalStateException when a topic has no partitions, or no end offsets come, within
   *     {@code timeout}
   */
  public static MaskConsumer open(String bootstrapServers, Topics topics, Duration timeout) {
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                // Masks of committed transactions only: what a downstream consumer may act on.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                // A missing topic is an error to report, not one to create empty and wait on.
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                "false",
                // A dead letter carries its whole frame.
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                Integer.toString(16 << 20)),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(topics.masks(), topics.maskStats(), topics.deadLetters())) {
        partitions.addAll(partitions(consumer, topic, deadline, bootstrapServers, timeout));
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining(deadline));
      ends.forEach(consumer::seek);
      return new MaskConsumer(consumer, topics);
    } catch (KafkaException e) {
      consumer.close(Duration.ZERO);
      throw new IllegalStateException(
          "could not position a consumer on "
              + topics.masks()
              + " at "
              + bootstrapServers
              + " within "
              + timeout
              + ": "
              + e,
          e);
    } catch (RuntimeException | Error e) {
      consumer.close(Duration.ZERO);
      throw e;
    }
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<?, ?> consumer,
      String topic,
      long deadline,
      String bootstrapServers,
      Duration timeout) {
    while (true) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline));
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "topic "
                + topic
                + " has no partitions at "
                + bootstrapServers
                + " after "
                + timeout
                + ": create it before opening its consumer");
      }
      pause(Duration.ofMillis(100));
    }
  }

  /** Polls once and tallies what arrived. */
  public void poll(Duration timeout) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
      long now = System.currentTimeMillis();
      if (record.topic().equals(topics.masks())) {
        MaskRecord mask = MaskRecordFormat.INSTANCE.read(record.value(), RecordLimits.DEFAULTS);
        tally.mask(
            mask.cameraId(),
            mask.sequence(),
            mask.captureTimestampMs(),
            mask.labeledTimestampMs(),
            now);
      } else if (record.topic().equals(topics.maskStats())) {
        MaskStats stats = MaskStatsJson.INSTANCE.read(record.value(), RecordLimits.DEFAULTS);
        tally.skipped(stats.camera(), stats.skipped());
      } else {
        tally.deadLetter(
            record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8));
      }
    }
  }

  /** What was read so far. */
  public MaskTally tally() {
    return tally;
  }

  /**
   * Polls until {@code condition} holds.
   *
   * @throws IllegalStateException naming {@code what} and the tally when {@code timeout} passes
   *     first
   */
  public void pollUntil(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "gave up after "
                + timeout
                + " waiting for "
                + what
                + " on "
                + topics.masks()
                + "; read "
                + tally.masks()
                + " masks, "
                + tally.skipped()
                + " skipped, "
                + tally.duplicates()
                + " duplicates");
      }
      poll(Duration.ofMillis(100));
    }
  }

  /** Polls until {@code target} distinct masks have been read. */
  public void awaitMasks(long target, Duration timeout) {
    pollUntil(() -> tally.masks() >= target, timeout, target + " masks");
  }

  /**
   * Polls until nothing more has been answered for (masks, skips, dead letters) for {@code quiet}:
   * the job's queue is empty.
   *
   * @throws IllegalStateException when records still come after {@code timeout}
   */
  public void drain(Duration quiet, Duration timeout) {
    long[] last = {tally.accountedFor()};
    long[] since = {System.nanoTime()};
    pollUntil(
        () -> {
          if (tally.accountedFor() != last[0]) {
            last[0] = tally.accountedFor();
            since[0] = System.nanoTime();
          }
          return System.nanoTime() - since[0] >= quiet.toNanos();
        },
        timeout,
        quiet + " without a new record (the job drained)");
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
  }

  private static void pause(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for topic partitions", e);
    }
  }
}
