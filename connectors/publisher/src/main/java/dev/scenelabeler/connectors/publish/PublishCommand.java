package dev.scenelabeler.connectors.publish;

import dev.scenelabeler.connectors.clients.KafkaClientConfig;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.connectors.video.FrameSize;
import dev.scenelabeler.connectors.video.FrameSourceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./scene-labeler publish}: replays video files or image folders into the frames topic as
 * cameras.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Replays video files or image folders into the frames topic as cameras.",
      "One camera per source, all at once. Prints progress each second and frames/s and",
      "MB/s at the end, and a warning every 5 s while Kafka does not acknowledge frames.",
      "A frame's capture time is its scheduled time on the source's timeline (at --rate max:",
      "its send time), so frames held up by a broker outage show the delay downstream.",
      "",
      "Examples:",
      "  publish --camera cam-1 test-data/street/street-480x360-15fps.mp4",
      "  publish --rate max --loop --max-frames 600 front=a.mp4 rear=frames-dir/",
    })
public final class PublishCommand implements Callable<Integer> {

  @Parameters(
      arity = "1..*",
      paramLabel = "[CAMERA=]SOURCE",
      description =
          "A video file (MP4, MKV, AVI, ...) or a folder of images, optionally prefixed with its"
              + " camera id.")
  List<String> sources;

  @Option(
      names = "--camera",
      paramLabel = "ID",
      description =
          "Camera id for sources given without one (several get ID-1, ID-2, ...; default: the file"
              + " name).")
  String camera;

  @Option(
      names = "--rate",
      defaultValue = "realtime",
      paramLabel = "realtime|max|FPS",
      description =
          "realtime (the source's timestamps), max (as fast as possible) or frames per second per"
              + " camera (default: ${DEFAULT-VALUE}).")
  String rate;

  @Option(
      names = "--loop",
      description = "Start each source again when it ends (until Ctrl-C or --max-frames).")
  boolean loop;

  @Option(
      names = "--max-frames",
      paramLabel = "N",
      description = "Stop each camera after N frames.")
  Long maxFrames;

  @Option(
      names = "--jpeg-quality",
      defaultValue = "90",
      paramLabel = "1..100",
      description = "JPEG quality (default: ${DEFAULT-VALUE}).")
  int jpegQuality;

  @Option(
      names = "--encoding",
      defaultValue = "jpeg",
      paramLabel = "jpeg|png",
      description =
          "Image encoding in the frame records (default: ${DEFAULT-VALUE}; png is lossless and ~10x"
              + " larger).")
  String encoding;

  @Option(names = "--resize", paramLabel = "WxH", description = "Resize every frame, e.g. 480x360.")
  String resize;

  @Option(
      names = "--max-frame-bytes",
      paramLabel = "BYTES",
      description =
          "Largest encoded frame image a record may carry (default 8 MiB); the jobs reading the"
              + " topic need the same.")
  Integer maxFrameBytes;

  @Option(
      names = "--bootstrap",
      defaultValue = "127.0.0.1:9092",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Kafka client properties (security.protocol, sasl.*, ssl.*), as Kafka's tools take"
              + " --producer.config; secrets can come from the"
              + " environment or a file through Kafka's config providers (docs/SECURITY.md).")
  Path kafkaConfig;

  @Option(
      names = "--topic",
      defaultValue = Topics.FRAMES,
      paramLabel = "TOPIC",
      description = "Frames topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<CameraFeed> feeds = feeds();
    FrameSourceOptions sourceOptions = sourceOptions();
    PublishRate publishRate = parse(() -> PublishRate.parse(rate));
    ImageEncoding imageEncoding = parse(() -> encoding(encoding));
    int quality = parse(() -> checkQuality(jpegQuality));
    Long frameLimit = maxFrames == null ? null : parse(() -> checkPositive(maxFrames));
    // Usage errors first (above, exit code 2); then the broker, which may take seconds to answer.
    KafkaClientConfig clientConfig =
        kafkaConfig == null
            ? KafkaClientConfig.none()
            : parse(() -> KafkaClientConfig.load(kafkaConfig));
    TopicCheck.requireTopic(bootstrap, clientConfig, topic);

    PublishConsole console =
        new PublishConsole(spec.commandLine().getOut(), spec.commandLine().getErr(), bootstrap);
    FramePublisher.Builder builder =
        FramePublisher.builder()
            .setBootstrapServers(bootstrap)
            .optClientConfig(clientConfig)
            .optTopic(topic)
            .optRate(publishRate)
            .optLoop(loop)
            .optEncoding(imageEncoding)
            .optJpegQuality(quality)
            .optSourceOptions(sourceOptions)
            .optLimits(
                maxFrameBytes == null
                    ? RecordLimits.DEFAULTS
                    : parse(() -> new RecordLimits(maxFrameBytes)))
            .optProgressListener(console::progress, Duration.ofSeconds(1))
            // Frames keep their scheduled capture times while they wait; say that they wait.
            .optStallListener(console::stall, Duration.ofSeconds(5));
    if (frameLimit != null) {
      builder.optMaxFramesPerCamera(frameLimit);
    }
    console.plan(feeds, topic, publishRate, loop);

    CountDownLatch finished = new CountDownLatch(1);
    try (FramePublisher publisher = builder.build()) {
      Thread hook =
          new Thread(
              () -> {
                publisher.stop();
                awaitQuietly(finished);
              },
              "publish-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      PublishResult result;
      try {
        result = publisher.publish(feeds);
      } finally {
        finished.countDown();
        removeHook(hook);
      }
      return console.result(result);
    }
  }

  private List<CameraFeed> feeds() {
    List<CameraFeed> feeds = new ArrayList<>();
    long bare = sources.stream().filter(s -> !s.contains("=")).count();
    int bareIndex = 0;
    for (String source : sources) {
      String defaultId = null;
      if (!source.contains("=") && camera != null) {
        defaultId = bare == 1 ? camera : camera + "-" + (++bareIndex);
      }
      String id = defaultId;
      CameraFeed feed = parse(() -> CameraFeed.parse(source, id));
      if (!Files.exists(Path.of(feed.description()))) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "source '" + feed.description() + "' of camera " + feed.cameraId() + " does not exist");
      }
      feeds.add(feed);
    }
    if (feeds.stream().map(CameraFeed::cameraId).distinct().count() != feeds.size()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "camera ids must be distinct, got "
              + feeds.stream().map(CameraFeed::cameraId).toList()
              + "; name them with CAMERA=SOURCE");
    }
    return feeds;
  }

  private FrameSourceOptions sourceOptions() {
    FrameSourceOptions options = FrameSourceOptions.defaults();
    if (resize == null) {
      return options;
    }
    FrameSize size = parse(() -> FrameSize.parse(resize, "--resize"));
    return options.resize(size.width(), size.height());
  }

  private static ImageEncoding encoding(String name) {
    try {
      return ImageEncoding.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--encoding must be jpeg or png, got '" + name + "'");
    }
  }

  private int checkQuality(int quality) {
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("--jpeg-quality must be 1..100, got " + quality);
    }
    return quality;
  }

  private long checkPositive(long frames) {
    if (frames < 1) {
      throw new IllegalArgumentException("--max-frames must be at least 1, got " + frames);
    }
    return frames;
  }

  /** Turns a validation error into a usage error (exit code 2, usage shown). */
  private <T> T parse(Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // Ctrl-C: the hook is running and waits for us.
    }
  }
}
