package dev.scenelabeler.connectors.publish;

import dev.scenelabeler.connectors.clients.KafkaClientConfig;
import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.RecordSerdes;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.connectors.video.FrameSourceOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays video files or image folders into the frames topic, one thread per camera, through one
 * shared producer. Each frame is encoded (JPEG by default), wrapped in a {@link FrameRecord} with
 * the camera's next sequence number, and keyed by camera id so a camera's frames stay in order in
 * one partition (Kafka's default partitioner: murmur2 of the key).
 *
 * <p>Capture time: at a paced rate ({@code realtime} or frames per second) a frame's capture time
 * is its scheduled time on the camera's replay timeline (the wall time of the first frame plus the
 * frame's offset: its presentation timestamp at {@code realtime}), not the moment it was sent; a
 * frame sent late (broker away, sends blocked) keeps its place in time, so latency figures
 * downstream show the delay. At {@code max} there is no timeline: the send time.
 *
 * <p>Sends the broker has not acknowledged for a while (5 s by default) are reported every few
 * seconds (a warning in the log, or {@link Builder#optStallListener}): how many frames are waiting
 * and since when.
 *
 * <pre>{@code
 * try (FramePublisher publisher = FramePublisher.builder()
 *     .setBootstrapServers(kafka.bootstrapServers()).optRate(PublishRate.parse("max")).build()) {
 *   PublishResult result = publisher.publish(List.of(CameraFeed.of("cam-1", clip)));
 * }
 * }</pre>
 */
public final class FramePublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FramePublisher.class);

  private final Producer<String, FrameRecord> producer;
  private final boolean ownsProducer;
  private final String topic;
  private final ReplaySettings replay;
  private final PublishRun.Listeners listeners;
  private volatile boolean stopRequested;

  private FramePublisher(Builder b, Producer<String, FrameRecord> producer, boolean ownsProducer) {
    this.producer = producer;
    this.ownsProducer = ownsProducer;
    this.topic = b.topic;
    this.replay =
        new ReplaySettings(
            b.rate, b.loop, b.encoding, b.jpegQuality, b.sourceOptions, b.maxFramesPerCamera);
    this.listeners =
        new PublishRun.Listeners(
            b.progressListener, b.progressInterval, b.sentListener, b.stallListener, b.stallAfter);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The producer settings the publisher uses; see {@link FrameProducerConfig}. */
  public static Map<String, Object> producerConfig(String bootstrapServers, RecordLimits limits) {
    return FrameProducerConfig.of(bootstrapServers, limits);
  }

  /**
   * Publishes every camera's frames, each camera on its own thread, until the sources end (or
   * {@link #stop()}, or the frame limit), then waits for the broker's acknowledgements.
   *
   * @throws PublishException if Kafka rejected a frame (the other cameras stop too)
   */
  public PublishResult publish(List<CameraFeed> feeds) {
    return PublishRun.run(
        feeds, producer, topic, replay, listeners, () -> stopRequested, this::stop);
  }

  /** Asks a running {@link #publish} to finish: cameras stop after their current frame. */
  public void stop() {
    stopRequested = true;
  }

  /** Closes the producer if the publisher made it. */
  @Override
  public void close() {
    if (ownsProducer) {
      producer.close(Duration.ofSeconds(30));
    }
  }

  /**
   * A progress snapshot: frames and bytes the broker acknowledged so far.
   *
   * @param elapsed since publishing started
   */
  public record Progress(long frames, long bytes, Duration elapsed) {
    public double framesPerSecond() {
      double seconds = elapsed.toNanos() / 1e9;
      return seconds > 0 ? frames / seconds : 0;
    }

    public double megabytesPerSecond() {
      double seconds = elapsed.toNanos() / 1e9;
      return seconds > 0 ? bytes / 1e6 / seconds : 0;
    }
  }

  /**
   * Sends the broker has not acknowledged for a while: usually it is down or unreachable.
   *
   * @param waitingFrames frames handed to the producer and not yet acknowledged (a send blocked on
   *     a full buffer included)
   * @param since when the oldest of them was handed over (wall clock)
   * @param waited how long the oldest has waited
   */
  public record SendStall(int waitingFrames, Instant since, Duration waited) {
    /** One line for a log or a terminal. */
    public String describe() {
      return String.format(
          "sends blocked: %d frame(s) waiting for Kafka to acknowledge, the oldest since %s (%.1f"
              + " s)",
          waitingFrames,
          LocalTime.ofInstant(since, ZoneId.systemDefault()).withNano(0),
          waited.toMillis() / 1000.0);
    }
  }

  /** Settings of a publisher: {@code set*} required, {@code opt*} optional. */
  public static final class Builder {
    private String bootstrapServers;
    private Producer<String, FrameRecord> producer;
    private String topic = Topics.FRAMES;
    private PublishRate rate = new PublishRate.Realtime();
    private boolean loop;
    private ImageEncoding encoding = ImageEncoding.JPEG;
    private int jpegQuality = 90;
    private FrameSourceOptions sourceOptions = FrameSourceOptions.defaults();
    private long maxFramesPerCamera = Long.MAX_VALUE;
    private RecordLimits limits = RecordLimits.DEFAULTS;
    private KafkaClientConfig clientConfig = KafkaClientConfig.none();
    private Consumer<Progress> progressListener;
    private Duration progressInterval = Duration.ofSeconds(1);
    private Consumer<FrameRecord> sentListener;
    private Consumer<SendStall> stallListener = stall -> LOG.warn(stall.describe());
    private Duration stallAfter = Duration.ofSeconds(5);

    private Builder() {}

    /** The brokers to publish to; the publisher makes and closes its producer. */
    public Builder setBootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    /**
     * A producer made elsewhere (tests, a mock); the caller closes it. Replaces bootstrap servers.
     */
    public Builder setProducer(Producer<String, FrameRecord> producer) {
      this.producer = producer;
      return this;
    }

    public Builder optTopic(String topic) {
      this.topic = Objects.requireNonNull(topic, "topic");
      return this;
    }

    public Builder optRate(PublishRate rate) {
      this.rate = Objects.requireNonNull(rate, "rate");
      return this;
    }

    /** Start each source again at its end, until stopped or the frame limit. */
    public Builder optLoop(boolean loop) {
      this.loop = loop;
      return this;
    }

    public Builder optEncoding(ImageEncoding encoding) {
      this.encoding = Objects.requireNonNull(encoding, "encoding");
      return this;
    }

    public Builder optJpegQuality(int quality) {
      if (quality < 1 || quality > 100) {
        throw new IllegalArgumentException("JPEG quality must be 1..100, got " + quality);
      }
      this.jpegQuality = quality;
      return this;
    }

    /**
     * Sampling and resizing of the sources (e.g. {@code FrameSourceOptions.defaults().resize(480,
     * 360)}).
     */
    public Builder optSourceOptions(FrameSourceOptions options) {
      this.sourceOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Stop each camera after this many frames (counting all passes with loop). */
    public Builder optMaxFramesPerCamera(long maxFrames) {
      if (maxFrames < 1) {
        throw new IllegalArgumentException("max frames must be at least 1, got " + maxFrames);
      }
      this.maxFramesPerCamera = maxFrames;
      return this;
    }

    /** Security and other client settings ({@code --kafka-config}), over the publisher's own. */
    public Builder optClientConfig(KafkaClientConfig clientConfig) {
      this.clientConfig = Objects.requireNonNull(clientConfig, "clientConfig");
      return this;
    }

    public Builder optLimits(RecordLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Called every {@code interval} from a background thread, and once at the end. */
    public Builder optProgressListener(Consumer<Progress> listener, Duration interval) {
      this.progressListener = listener;
      this.progressInterval = interval;
      return this;
    }

    /**
     * Called with each frame record as it is handed to the producer (tests compare what arrives).
     */
    public Builder optSentListener(Consumer<FrameRecord> listener) {
      this.sentListener = listener;
      return this;
    }

    /**
     * Called (from a background thread) when frames have waited {@code after} for the broker's
     * acknowledgement, and again every {@code after} while that lasts. Default: a warning in the
     * log after 5 s.
     */
    public Builder optStallListener(Consumer<SendStall> listener, Duration after) {
      this.stallListener = Objects.requireNonNull(listener, "listener");
      if (after.isNegative() || after.isZero()) {
        throw new IllegalArgumentException("stall threshold must be positive, got " + after);
      }
      this.stallAfter = after;
      return this;
    }

    public FramePublisher build() {
      if (producer != null) {
        return new FramePublisher(this, producer, false);
      }
      if (bootstrapServers == null) {
        throw new IllegalStateException(
            "FramePublisher.Builder: call setBootstrapServers or setProducer");
      }
      KafkaProducer<String, FrameRecord> owned =
          new KafkaProducer<>(
              clientConfig.over(producerConfig(bootstrapServers, limits)),
              new StringSerializer(),
              RecordSerdes.frames(limits));
      return new FramePublisher(this, owned, true);
    }
  }
}
