package dev.scenelabeler.connectors.publish;

import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.RecordSerdes;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.connectors.video.FrameSource;
import dev.scenelabeler.connectors.video.FrameSourceOptions;
import dev.scenelabeler.connectors.video.VideoException;
import dev.scenelabeler.connectors.video.VideoFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays video files or image folders into the frames topic, one thread per camera, through
 * one shared producer. Each frame is encoded (JPEG by default), wrapped in a {@link FrameRecord}
 * with the camera's next sequence number, and keyed by camera id so a camera's frames stay in
 * order in one partition (Kafka's default partitioner: murmur2 of the key).
 *
 * <p>Capture time: at a paced rate ({@code realtime} or frames per second) a frame's capture
 * time is its scheduled time on the camera's replay timeline (the wall time of the first frame
 * plus the frame's offset: its presentation timestamp at {@code realtime}), not the moment it
 * was sent; a frame sent late (broker away, sends blocked) keeps its place in time, so latency
 * figures downstream show the delay. At {@code max} there is no timeline: the send time.
 *
 * <p>Sends the broker has not acknowledged for a while (5 s by default) are reported every
 * few seconds (a warning in the log, or {@link Builder#optStallListener}): how many frames are
 * waiting and since when.
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
  private final PublishRate rate;
  private final boolean loop;
  private final ImageEncoding encoding;
  private final int jpegQuality;
  private final FrameSourceOptions sourceOptions;
  private final long maxFramesPerCamera;
  private final Consumer<Progress> progressListener;
  private final Duration progressInterval;
  private final Consumer<FrameRecord> sentListener;
  private final Consumer<SendStall> stallListener;
  private final Duration stallAfter;
  private volatile boolean stopRequested;

  private FramePublisher(Builder b, Producer<String, FrameRecord> producer, boolean ownsProducer) {
    this.producer = producer;
    this.ownsProducer = ownsProducer;
    this.topic = b.topic;
    this.rate = b.rate;
    this.loop = b.loop;
    this.encoding = b.encoding;
    this.jpegQuality = b.jpegQuality;
    this.sourceOptions = b.sourceOptions;
    this.maxFramesPerCamera = b.maxFramesPerCamera;
    this.progressListener = b.progressListener;
    this.progressInterval = b.progressInterval;
    this.sentListener = b.sentListener;
    this.stallListener = b.stallListener;
    this.stallAfter = b.stallAfter;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Producer settings for video frames. Public so the benchmark and the docs show the same
   * values the publisher uses.
   */
  public static Map<String, Object> producerConfig(String bootstrapServers, RecordLimits limits) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "scene-labeler-publisher");
    // A retried send never duplicates a frame nor reorders a camera's frames.
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Required by idempotence; a frame counts as sent once every in-sync replica has it.
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    // The most idempotence allows with ordering kept; keeps the pipe full at --rate max.
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    // At --rate max several frames share a request; at 15-30 fps, 5 ms is far below a frame interval.
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

  /**
   * Publishes every camera's frames, each camera on its own thread, until the sources end
   * (or {@link #stop()}, or the frame limit), then waits for the broker's acknowledgements.
   *
   * @throws PublishException if Kafka rejected a frame (the other cameras stop too)
   */
  public PublishResult publish(List<CameraFeed> feeds) {
    if (feeds.isEmpty()) {
      throw new IllegalArgumentException("no cameras to publish");
    }
    long distinct = feeds.stream().map(CameraFeed::cameraId).distinct().count();
    if (distinct != feeds.size()) {
      throw new IllegalArgumentException("camera ids must be distinct: "
          + feeds.stream().map(CameraFeed::cameraId).toList());
    }
    Tally tally = new Tally();
    ExecutorService cameras = Executors.newFixedThreadPool(feeds.size(), daemon("publish-camera"));
    ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(daemon("publish-progress"));
    long start = System.nanoTime();
    if (progressListener != null) {
      long every = progressInterval.toMillis();
      reporter.scheduleAtFixedRate(() -> progressListener.accept(tally.progress(start)), every, every, TimeUnit.MILLISECONDS);
    }
    StallWatch stallWatch = new StallWatch(tally.backlog);
    long checkEvery = Math.max(10, Math.min(1000, stallAfter.toMillis() / 2));
    reporter.scheduleWithFixedDelay(stallWatch::check, checkEvery, checkEvery, TimeUnit.MILLISECONDS);
    List<String> failures = new ArrayList<>();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (CameraFeed feed : feeds) {
        running.add(cameras.submit(() -> {
          publishCamera(feed, tally);
          return null;
        }));
      }
      for (int i = 0; i < running.size(); i++) {
        try {
          running.get(i).get();
        } catch (ExecutionException e) {
          String failure = feeds.get(i).cameraId() + " (" + feeds.get(i).description() + "): "
              + describe(e.getCause());
          LOG.error("Camera {} stopped: {}", feeds.get(i).cameraId(), failure);
          failures.add(failure);
        }
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopRequested = true;
    } finally {
      cameras.shutdownNow();
      reporter.shutdownNow();
    }
    Throwable sendError = tally.sendError.get();
    if (sendError != null) {
      throw new PublishException("frames could not be delivered to topic '" + topic + "': "
          + describe(sendError), sendError);
    }
    Progress last = tally.progress(start);
    if (progressListener != null) {
      progressListener.accept(last);
    }
    return new PublishResult(last.frames(), last.bytes(), last.elapsed(), tally.firstAck(start),
        tally.framesByCamera(feeds), List.copyOf(failures));
  }

  private void publishCamera(CameraFeed feed, Tally tally) throws VideoException {
    FrameEncoder encoder = new FrameEncoder(encoding, jpegQuality);
    String camera = feed.cameraId();
    long sequence = 0;
    long passStartMicros = 0;
    // The replay clock starts at this camera's first frame, not at publish(): opening a source
    // and loading the codecs takes seconds, and frames would otherwise burst out to catch up.
    ReplayClock clock = null;
    boolean passHadFrames;
    do {
      passHadFrames = false;
      long lastPts = 0;
      double frameRate;
      try (FrameSource source = feed.opener().open(sourceOptions)) {
        frameRate = source.info().frameRate();
        while (!stopping(tally) && sequence < maxFramesPerCamera) {
          Optional<VideoFrame> next = source.next();
          if (next.isEmpty()) {
            break;
          }
          VideoFrame frame = next.get();
          try {
            long streamMicros = passStartMicros + frame.timestampMicros();
            long due = rate.dueNanos(sequence, streamMicros);
            if (clock == null) {
              clock = ReplayClock.startingNow(System.nanoTime(), System.currentTimeMillis(), due);
            }
            waitUntil(clock.sendAtNanos(due), tally);
            long captureMillis = rate.paced() ? clock.scheduledEpochMillis(due) : System.currentTimeMillis();
            FrameRecord record = new FrameRecord(camera, sequence, captureMillis,
                encoding, frame.width(), frame.height(), encoder.encode(frame.bgr()));
            send(record, tally);
            sequence++;
            passHadFrames = true;
            lastPts = frame.timestampMicros();
          } finally {
            frame.bgr().release();
          }
        }
      }
      // The next pass continues the stream's clock one frame after this pass's last frame.
      passStartMicros += lastPts + (long) (1e6 / (frameRate > 0 ? frameRate : 30));
    } while (loop && passHadFrames && !stopping(tally) && sequence < maxFramesPerCamera);
    LOG.debug("Camera {} done after {} frames", camera, sequence);
  }

  private void send(FrameRecord record, Tally tally) {
    // Counted as waiting from here: send() itself blocks while the producer's buffer is full.
    long pending = tally.backlog.begin(System.nanoTime());
    Callback onAck = (metadata, error) -> {
      tally.backlog.done(pending);
      if (error != null) {
        tally.sendError.compareAndSet(null, error);
      } else {
        tally.acked(record.cameraId(), metadata.serializedKeySize() + metadata.serializedValueSize());
      }
    };
    try {
      producer.send(new ProducerRecord<>(topic, null, record.captureTimestampMs(), record.cameraId(), record), onAck);
    } catch (RuntimeException e) {
      tally.backlog.done(pending);
      throw e;
    }
    if (sentListener != null) {
      sentListener.accept(record);
    }
  }

  private boolean stopping(Tally tally) {
    return stopRequested || tally.sendError.get() != null || Thread.currentThread().isInterrupted();
  }

  private void waitUntil(long dueNanos, Tally tally) {
    long wait;
    while ((wait = dueNanos - System.nanoTime()) > 0 && !stopping(tally)) {
      LockSupport.parkNanos(Math.min(wait, 50_000_000L));
    }
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

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong count = new AtomicLong();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
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
   * @param waitingFrames frames handed to the producer and not yet acknowledged (a send blocked
   *     on a full buffer included)
   * @param since when the oldest of them was handed over (wall clock)
   * @param waited how long the oldest has waited
   */
  public record SendStall(int waitingFrames, java.time.Instant since, Duration waited) {
    /** One line for a log or a terminal. */
    public String describe() {
      return String.format("sends blocked: %d frame(s) waiting for Kafka to acknowledge, the oldest since %s (%.1f s)",
          waitingFrames, java.time.LocalTime.ofInstant(since, java.time.ZoneId.systemDefault()).withNano(0),
          waited.toMillis() / 1000.0);
    }
  }

  /** Reports a stall when it starts and every {@code stallAfter} while it lasts, and its end. */
  private final class StallWatch {
    private final SendBacklog backlog;
    private long lastReportNanos;
    private boolean stalled;

    StallWatch(SendBacklog backlog) {
      this.backlog = backlog;
    }

    void check() {
      long now = System.nanoTime();
      Optional<SendStall> stall = backlog.stall(now, System.currentTimeMillis(), stallAfter);
      if (stall.isPresent()) {
        if (!stalled || now - lastReportNanos >= stallAfter.toNanos()) {
          stalled = true;
          lastReportNanos = now;
          try {
            stallListener.accept(stall.get());
          } catch (RuntimeException e) {
            LOG.warn("Stall listener failed: {}", e.toString());
          }
        }
      } else if (stalled) {
        stalled = false;
        LOG.info("Kafka acknowledges frames again; {} frame(s) waiting", backlog.waiting());
      }
    }
  }

  /** Acknowledgement counts, written by producer callbacks. */
  private static final class Tally {
    private final SendBacklog backlog = new SendBacklog();
    private final LongAdder frames = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final Map<String, LongAdder> byCamera = new ConcurrentHashMap<>();
    private final AtomicLong firstAckNanos = new AtomicLong();
    private final AtomicLong lastAckNanos = new AtomicLong();
    private final AtomicReference<Throwable> sendError = new AtomicReference<>();

    void acked(String camera, long size) {
      frames.increment();
      bytes.add(size);
      byCamera.computeIfAbsent(camera, c -> new LongAdder()).increment();
      long now = System.nanoTime();
      firstAckNanos.compareAndSet(0, now);
      lastAckNanos.set(now);
    }

    Duration firstAck(long start) {
      long first = firstAckNanos.get();
      return first == 0 ? Duration.ZERO : Duration.ofNanos(Math.max(0, first - start));
    }

    Progress progress(long start) {
      long last = lastAckNanos.get();
      long end = frames.sum() > 0 && last > 0 ? Math.max(last, start) : System.nanoTime();
      return new Progress(frames.sum(), bytes.sum(), Duration.ofNanos(end - start));
    }

    Map<String, Long> framesByCamera(List<CameraFeed> feeds) {
      Map<String, Long> counts = new LinkedHashMap<>();
      for (CameraFeed feed : feeds) {
        LongAdder count = byCamera.get(feed.cameraId());
        counts.put(feed.cameraId(), count == null ? 0 : count.sum());
      }
      return counts;
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

    /** A producer made elsewhere (tests, a mock); the caller closes it. Replaces bootstrap servers. */
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

    /** Sampling and resizing of the sources (e.g. {@code FrameSourceOptions.defaults().resize(480, 360)}). */
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

    /** Called with each frame record as it is handed to the producer (tests compare what arrives). */
    public Builder optSentListener(Consumer<FrameRecord> listener) {
      this.sentListener = listener;
      return this;
    }

    /**
     * Called (from a background thread) when frames have waited {@code after} for the broker's
     * acknowledgement, and again every {@code after} while that lasts. Default: a warning in
     * the log after 5 s.
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
        throw new IllegalStateException("FramePublisher.Builder: call setBootstrapServers or setProducer");
      }
      KafkaProducer<String, FrameRecord> owned = new KafkaProducer<>(
          producerConfig(bootstrapServers, limits), new StringSerializer(), RecordSerdes.frames(limits));
      return new FramePublisher(this, owned, true);
    }
  }
}
