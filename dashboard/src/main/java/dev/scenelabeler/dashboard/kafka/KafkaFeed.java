package dev.scenelabeler.dashboard.kafka;

import dev.scenelabeler.connectors.clients.KafkaAccess;
import dev.scenelabeler.connectors.clients.KafkaClientConfig;
import dev.scenelabeler.connectors.clients.KafkaRefusals;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.dashboard.feed.Feed;
import dev.scenelabeler.dashboard.feed.FeedListener;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the frames, masks, mask-stats and dead-letter topics from their latest offsets and tells a
 * {@link FeedListener}; once a second it measures its own lag, which doubles as the broker health
 * check. One thread owns the consumer (a KafkaConsumer is not thread-safe). It never gives up:
 * while the broker is away it says so and keeps trying, and the client reconnects by itself when
 * the broker is back.
 */
public final class KafkaFeed implements Feed {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaFeed.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long HEALTH_CHECK_MS = 1000;
  private static final Duration HEALTH_TIMEOUT = Duration.ofMillis(1500);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String bootstrapServers;
  private final RecordTranslator translator;
  private final FeedListener listener;
  private final Set<String> topics;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;
  private long lastHealthCheckMs;

  /**
   * Where the feed reads from.
   *
   * @param consumerGroup a group of this dashboard's own, so it sees every record
   * @param kafkaConfig security and other client settings, over the feed's own
   */
  public record Source(
      String bootstrapServers, String consumerGroup, Topics topics, KafkaClientConfig kafkaConfig) {

    /** Each topic the feed reads, with the READ it needs. */
    List<KafkaAccess.TopicNeed> needs() {
      return Stream.of(topics.frames(), topics.masks(), topics.maskStats(), topics.deadLetters())
          .map(t -> new KafkaAccess.TopicNeed(t, AclOperation.READ))
          .toList();
    }
  }

  private KafkaFeed(Source options, FeedListener listener) {
    Topics names = options.topics();
    this.topics = Set.of(names.frames(), names.masks(), names.maskStats(), names.deadLetters());
    this.listener = listener;
    this.translator = new RecordTranslator(names, listener);
    this.bootstrapServers = options.bootstrapServers();
    this.consumer = new KafkaConsumer<>(consumerConfig(options));
    this.thread = new Thread(this::run, "dashboard-kafka-feed");
    this.thread.setDaemon(true);
  }

  /** Starts reading in a thread of its own. */
  public static KafkaFeed start(Source options, FeedListener listener) {
    KafkaFeed feed = new KafkaFeed(options, listener);
    feed.thread.start();
    return feed;
  }

  static Properties consumerConfig(Source options) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, options.consumerGroup());
    // A group of its own: every dashboard sees every record instead of sharing partitions.
    config.put(ConsumerConfig.GROUP_ID_CONFIG, options.consumerGroup());
    // A wall screen shows what happens now, not the topics' history.
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    // Nothing to resume: a restarted dashboard starts at the latest offsets again.
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Values are parsed per topic in this class, so one bad record is counted and skipped
    // instead of failing the whole poll.
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // Notice topics created after the dashboard started within seconds, not the default 5 min.
    config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "3000");
    // Hand over records as soon as any are there: latency to the screen matters, not batching.
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
    config.putAll(options.kafkaConfig().settings());
    return config;
  }

  @Override
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      consumer.subscribe(topics, new MarkReadyOnAssignment());
      while (running) {
        pollOnce();
      }
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void pollOnce() {
    try {
      ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
      for (ConsumerRecord<byte[], byte[]> record : records) {
        translator.translate(record);
      }
      long now = System.currentTimeMillis();
      if (now - lastHealthCheckMs >= HEALTH_CHECK_MS) {
        lastHealthCheckMs = now;
        checkHealthAndLag();
      }
    } catch (WakeupException e) {
      // close() woke us; the loop condition ends the thread.
    } catch (KafkaException e) {
      // Retriable or not, the dashboard's answer is the same: show it and try again (an ACL
      // may be granted while it runs).
      LOG.warn(
          "dashboard consumer: {}", KafkaRefusals.explainOr(e, bootstrapServers, e.toString()));
      listener.onBrokerReachable(false);
      sleepQuietly(1000);
    }
  }

  /**
   * Asks the broker for the end offsets of the assigned partitions: a success means it is
   * reachable, and end minus position is the dashboard's lag.
   */
  private void checkHealthAndLag() {
    Set<TopicPartition> assigned = consumer.assignment();
    try {
      if (assigned.isEmpty()) {
        consumer.listTopics(HEALTH_TIMEOUT);
        listener.onBrokerReachable(true);
        return;
      }
      Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, HEALTH_TIMEOUT);
      long lag = 0;
      for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
        lag += Math.max(0, end.getValue() - consumer.position(end.getKey(), HEALTH_TIMEOUT));
      }
      listener.onBrokerReachable(true);
      listener.onConsumerLag(lag);
    } catch (TimeoutException e) {
      listener.onBrokerReachable(false);
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Fixes the starting (latest) offset of each new partition at once, so that what is published
   * after {@link #awaitReady} returns is read; then, once every topic has partitions, is ready.
   */
  private final class MarkReadyOnAssignment implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        consumer.position(partition);
      }
      Set<String> covered =
          consumer.assignment().stream().map(TopicPartition::topic).collect(Collectors.toSet());
      LOG.info("dashboard reads {}", consumer.assignment());
      if (covered.containsAll(topics)) {
        ready.countDown();
      } else {
        LOG.info(
            "dashboard waits for topics {}",
            topics.stream().filter(t -> !covered.contains(t)).toList());
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
  }
}
