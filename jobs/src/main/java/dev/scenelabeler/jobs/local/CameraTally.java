package dev.scenelabeler.jobs.local;

import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskRecordFormat;
import dev.scenelabeler.connectors.records.MaskStatsJson;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a downstream consumer sees per camera on the masks, mask-stats and dead-letter topics
 * (read_committed): distinct masks, repeated masks, frames the job reported skipped (the stats'
 * {@code skipped}), dead letters, and two latencies per mask: capture -> labeled (the record's
 * labeling time) and capture -> readable here (after its transaction committed). Frames in minus the
 * other three is what is unaccounted for. Not thread-safe: poll from one thread.
 */
public final class CameraTally implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topics topics;
  private final Map<String, Camera> cameras = new TreeMap<>();

  public CameraTally(String bootstrapServers, Topics topics, boolean fromLatest) {
    this.topics = topics;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "scene-labeler-tally-" + UUID.randomUUID(),
        // Masks of committed transactions only: what a downstream consumer may act on.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromLatest ? "latest" : "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        // A dead letter carries its whole frame.
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20)),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topics.masks(), topics.maskStats(), topics.deadLetters()));
  }

  /** Waits until the consumer has its partitions (so counting starts at "now"). */
  public void awaitAssignment(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (consumer.assignment().size() < 3 && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(100)).forEach(r -> { });
    }
  }

  /** Polls once and counts what arrived. */
  public void poll(Duration timeout) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
      long now = System.currentTimeMillis();
      if (record.topic().equals(topics.masks())) {
        MaskRecord mask = MaskRecordFormat.INSTANCE.read(record.value(), RecordLimits.DEFAULTS);
        camera(mask.cameraId()).mask(mask.sequence(), mask.labeledTimestampMs() - mask.captureTimestampMs(),
            now - mask.captureTimestampMs());
      } else if (record.topic().equals(topics.maskStats())) {
        var stats = MaskStatsJson.INSTANCE.read(record.value(), RecordLimits.DEFAULTS);
        camera(stats.camera()).skipped += stats.skipped();
      } else {
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        camera(key).deadLetters++;
      }
    }
  }

  private Camera camera(String id) {
    return cameras.computeIfAbsent(id, c -> new Camera());
  }

  /** The counts of {@code camera} so far (zeros for a camera not seen). */
  public Camera counts(String camera) {
    return cameras.getOrDefault(camera, new Camera());
  }

  /** Every camera seen, by id. */
  public Map<String, Camera> cameras() {
    return cameras;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }

  /** One camera's counts. */
  public static final class Camera {
    private final Map<Long, Long> latencyBySequence = new TreeMap<>();
    private final Map<Long, Long> labelingLatencyBySequence = new TreeMap<>();
    private long duplicates;
    private long skipped;
    private long deadLetters;

    private void mask(long sequence, long labeledAfterMs, long readableAfterMs) {
      if (latencyBySequence.putIfAbsent(sequence, readableAfterMs) != null) {
        duplicates++;
      } else {
        labelingLatencyBySequence.put(sequence, labeledAfterMs);
      }
    }

    /** Distinct frames with a mask. */
    public long labeled() {
      return latencyBySequence.size();
    }

    public long duplicates() {
      return duplicates;
    }

    public long skipped() {
      return skipped;
    }

    public long deadLetters() {
      return deadLetters;
    }

    /** Capture -> mask readable here, of each distinct mask of a frame numbered below {@code sequenceEnd}. */
    public MaskMeter.Window latencies(long sequenceEnd) {
      return below(latencyBySequence, sequenceEnd);
    }

    /** Capture -> labeled (the mask record's labeling time), of the same masks as {@link #latencies}. */
    public MaskMeter.Window labelingLatencies(long sequenceEnd) {
      return below(labelingLatencyBySequence, sequenceEnd);
    }

    private static MaskMeter.Window below(Map<Long, Long> bySequence, long sequenceEnd) {
      return new MaskMeter.Window(bySequence.entrySet().stream().filter(e -> e.getKey() < sequenceEnd)
          .mapToLong(Map.Entry::getValue).toArray());
    }
  }
}
