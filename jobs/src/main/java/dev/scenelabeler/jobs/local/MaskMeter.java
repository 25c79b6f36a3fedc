package dev.scenelabeler.jobs.local;

import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskRecordFormat;
import dev.scenelabeler.connectors.records.RecordLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A downstream consumer of the masks topic that measures what a consumer sees: masks per
 * second and the latency from each frame's capture to the mask being readable here
 * (read_committed, so in exactly-once mode this includes waiting for the checkpoint).
 * Not thread-safe: poll from one thread.
 */
public final class MaskMeter implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<Long> latenciesMs = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private final Map<String, List<Long>> labeledAtMsByCamera = new java.util.HashMap<>();
  private long masks;
  private long duplicates;

  public MaskMeter(String bootstrapServers, String topic, boolean fromLatest) {
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "scene-labeler-meter-" + UUID.randomUUID(),
        // Only masks of committed transactions: what a downstream consumer may act on.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromLatest ? "latest" : "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
  }

  /** Polls once and records what arrived. */
  public void poll(Duration timeout) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
      long now = System.currentTimeMillis();
      MaskRecord mask = MaskRecordFormat.INSTANCE.read(record.value(), RecordLimits.DEFAULTS);
      latenciesMs.add(now - mask.captureTimestampMs());
      labeledAtMsByCamera.computeIfAbsent(mask.cameraId(), c -> new ArrayList<>()).add(mask.labeledTimestampMs());
      masks++;
      if (!seen.add(mask.cameraId() + "#" + mask.sequence())) {
        duplicates++;
      }
    }
  }

  /** Waits until the consumer has its partitions (so a measurement starts at "now"). */
  public void awaitAssignment(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(100)).forEach(r -> { });
    }
  }

  public long masks() {
    return masks;
  }

  public long duplicates() {
    return duplicates;
  }

  /**
   * Masks per second that the job labeled for {@code camera}, from the masks' own labeling times
   * (so not quantized by the checkpoints that make them readable), counting the masks labeled
   * after {@code labeledAfterMs} (epoch ms).
   *
   * @return NaN with fewer than two such masks
   */
  public double labelingRate(String camera, long labeledAfterMs) {
    List<Long> times = labeledAtMsByCamera.getOrDefault(camera, List.of()).stream()
        .filter(t -> t > labeledAfterMs).sorted().toList();
    if (times.size() < 2 || times.get(times.size() - 1).equals(times.get(0))) {
      return Double.NaN;
    }
    return (times.size() - 1) / ((times.get(times.size() - 1) - times.get(0)) / 1000.0);
  }

  /** How many masks of {@code camera} were labeled after {@code labeledAfterMs}. */
  public long labeledAfter(String camera, long labeledAfterMs) {
    return labeledAtMsByCamera.getOrDefault(camera, List.of()).stream().filter(t -> t > labeledAfterMs).count();
  }

  /** Latencies since the last reset, and clears them. */
  public Window takeWindow() {
    long[] values = latenciesMs.stream().mapToLong(Long::longValue).toArray();
    latenciesMs.clear();
    return new Window(values);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }

  /** Latencies of a window, sorted. */
  public static final class Window {
    private final long[] sorted;

    public Window(long[] values) {
      this.sorted = values.clone();
      Arrays.sort(sorted);
    }

    /** One window of all the values of {@code windows}. */
    public static Window merge(List<Window> windows) {
      return new Window(windows.stream().flatMapToLong(w -> Arrays.stream(w.sorted)).toArray());
    }

    public int count() {
      return sorted.length;
    }

    /** The q-quantile (0..1), nearest rank; -1 for an empty window. */
    public long percentile(double q) {
      if (sorted.length == 0) {
        return -1;
      }
      int rank = (int) Math.ceil(q * sorted.length);
      return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }
  }
}
