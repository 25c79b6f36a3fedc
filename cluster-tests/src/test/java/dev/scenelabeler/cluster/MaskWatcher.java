package dev.scenelabeler.cluster;

import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskRecordFormat;
import dev.scenelabeler.connectors.records.RecordLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the masks topic as a downstream consumer does (read_committed) for the whole drill: how
 * many masks each (camera, sequence) got, and when masks were first seen, so the drill can tell
 * when they flow again after a failure.
 */
final class MaskWatcher implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String bootstrap;
  private final String topic;
  private final Thread thread;
  private final Map<String, Integer> counts = new ConcurrentHashMap<>();
  private final AtomicLong total = new AtomicLong();
  private volatile long labeledAfterMs = Long.MAX_VALUE;
  private final AtomicLong firstLabeledAfterArrivalNanos = new AtomicLong();
  private volatile boolean running = true;
  private volatile RuntimeException failure;

  MaskWatcher(String bootstrap, String topic) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    // Only masks of committed transactions: what exactly-once promises downstream.
    consumer = consumer("read_committed");
    List<TopicPartition> partitions = partitions(consumer);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::poll, "mask-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void poll() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          MaskRecord mask = MaskRecordFormat.INSTANCE.read(record.value(), RecordLimits.DEFAULTS);
          counts.merge(FailoverDrill.frameId(mask.cameraId(), mask.sequence()), 1, Integer::sum);
          total.incrementAndGet();
          if (mask.labeledTimestampMs() > labeledAfterMs) {
            firstLabeledAfterArrivalNanos.compareAndSet(0, System.nanoTime());
          }
        }
      }
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close();
    }
  }

  /** Masks read so far, repeats included. */
  long total() {
    check();
    return total.get();
  }

  /** Distinct (camera, sequence) pairs with at least one mask. */
  int distinct() {
    check();
    return counts.size();
  }

  /** From now on, note when the first mask labeled after {@code epochMs} arrives. */
  void watchForMasksLabeledAfter(long epochMs) {
    firstLabeledAfterArrivalNanos.set(0);
    labeledAfterMs = epochMs;
  }

  /** System.nanoTime() when the first mask labeled after the watched instant arrived; 0 before. */
  long firstLabeledAfterArrivalNanos() {
    check();
    return firstLabeledAfterArrivalNanos.get();
  }

  /** A copy of the per-frame mask counts. */
  Map<String, Integer> counts() {
    check();
    return Map.copyOf(counts);
  }

  /** Waits until {@code frames} distinct frames have masks; false on timeout. */
  boolean awaitDistinct(int frames, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (distinct() < frames) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LocalFlinkCluster.sleep(Duration.ofMillis(100));
    }
    return true;
  }

  /**
   * For failure messages: the topic's end offsets as read_uncommitted sees them (everything
   * written) and as read_committed sees them (the last stable offsets): a gap that stays means an
   * open transaction holds back every downstream reader.
   */
  String offsets() {
    StringBuilder s =
        new StringBuilder("read: " + total.get() + " masks, " + counts.size() + " distinct; ");
    for (String isolation : List.of("read_uncommitted", "read_committed")) {
      try (KafkaConsumer<byte[], byte[]> c = consumer(isolation)) {
        s.append(isolation)
            .append(" end offsets ")
            .append(c.endOffsets(partitions(c)))
            .append("; ");
      }
    }
    return s.toString();
  }

  /** A consumer of its own group that assigns partitions itself and reads from the start. */
  private KafkaConsumer<byte[], byte[]> consumer(String isolation) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "drill-watcher-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c) {
    return c.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .toList();
  }

  private void check() {
    if (failure != null) {
      throw new IllegalStateException("mask watcher failed: " + failure, failure);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}
