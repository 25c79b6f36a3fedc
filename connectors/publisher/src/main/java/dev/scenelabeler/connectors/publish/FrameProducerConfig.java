package dev.scenelabeler.connectors.publish;

import dev.scenelabeler.connectors.records.RecordLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Producer settings for video frames, one comment per setting saying why. */
public final class FrameProducerConfig {

  private FrameProducerConfig() {}

  /** Public so the benchmark and the docs show the same values the publisher uses. */
  public static Map<String, Object> of(String bootstrapServers, RecordLimits limits) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "scene-labeler-publisher");
    // A retried send never duplicates a frame nor reorders a camera's frames.
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Required by idempotence; a frame counts as sent once every in-sync replica has it.
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    // The most idempotence allows with ordering kept; keeps the pipe full at --rate max.
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    // At --rate max several frames share a request; at 15-30 fps, 5 ms is far below a frame
    // interval.
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // ~20 JPEG frames of 480x360 per batch; the 16 KB default holds less than one frame.
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024);
    // One frame of the largest allowed size (image + metadata) must fit in a request.
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, limits.maxRecordBytes() + 1024);
    // Several cameras at --rate max queue frames while the broker catches up instead of blocking.
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    // JPEG and PNG are already entropy-coded: compressing again costs CPU and saves ~1 %.
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    return config;
  }
}
