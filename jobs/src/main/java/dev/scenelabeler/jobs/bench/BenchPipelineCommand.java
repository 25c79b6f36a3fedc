package dev.scenelabeler.jobs.bench;

import dev.scenelabeler.connectors.kafka.EmbeddedKafkaBroker;
import dev.scenelabeler.connectors.kafka.KafkaTopics;
import dev.scenelabeler.connectors.publish.CameraFeed;
import dev.scenelabeler.connectors.publish.FrameEncoder;
import dev.scenelabeler.connectors.publish.FramePublisher;
import dev.scenelabeler.connectors.publish.PublishRate;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.connectors.video.FrameSource;
import dev.scenelabeler.connectors.video.VideoFrame;
import dev.scenelabeler.jobs.demo.DemoCommand;
import dev.scenelabeler.jobs.demo.LocalFlink;
import dev.scenelabeler.jobs.labeling.FrameLabeler;
import dev.scenelabeler.jobs.labeling.SceneModelLabelerFactory;
import dev.scenelabeler.jobs.options.DeliveryMode;
import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.streaming.StreamingLabelingJob;
import dev.scenelabeler.models.DeviceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./scene-labeler bench-pipeline}: what the pipeline costs over the bare labeler, in
 * one run on this machine. (1) The bare labeler's frames/s on the clip's frames (JPEG-decoded,
 * as the job sees them). (2) The same frames published at full speed through Kafka -> Flink ->
 * Kafka -> a read_committed consumer: drain frames/s, and the ratio pipeline/bare. (3) A
 * steady input rate below capacity: frames/s and capture-to-consumer latency p50/p95/p99.
 */
@Command(name = "bench-pipeline", mixinStandardHelpOptions = true,
    description = {"Bare labeler vs publisher -> Kafka -> Flink -> Kafka -> consumer, in one run.",
        "Example: ./scene-labeler bench-pipeline --frames 120 --steady-seconds 30"})
public final class BenchPipelineCommand implements Callable<Integer> {

  @Option(names = "--video", description = "Clip to use (default: the test-data clip).")
  Path video;

  @Option(names = "--model", defaultValue = "default", description = "Model (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--frames", defaultValue = "120", description = "Frames for the bare and the saturated runs (default: ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--steady-seconds", defaultValue = "30", description = "Length of the steady-rate run (default: ${DEFAULT-VALUE}).")
  int steadySeconds;

  @Option(names = "--steady-load", defaultValue = "0.7", description = "Steady input rate as a share of the bare frames/s (default: ${DEFAULT-VALUE}).")
  double steadyLoad;

  @Option(names = {"-p", "--parallelism"}, defaultValue = "1",
      description = "Labeling subtasks; 1 compares like with like: one labeler, the engine's threads (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--delivery", defaultValue = "exactly-once", description = "exactly-once | at-least-once (default: ${DEFAULT-VALUE}).")
  String delivery;

  @Option(names = "--checkpoint-ms", defaultValue = "1000", description = "Checkpoint interval (default: ${DEFAULT-VALUE}).")
  long checkpointMs;

  @Override
  public Integer call() throws Exception {
    Path clip = video != null ? video : DemoCommand.defaultClipPath();
    SceneModelLabelerFactory factory = SceneModelLabelerFactory.of(model);
    System.out.printf("bench-pipeline: %s, model %s, %d frames, parallelism %d, %s, %d cores%n", clip,
        factory.describe(), frames, parallelism, delivery, Runtime.getRuntime().availableProcessors());

    double bareFps = bare(clip, factory);
    System.out.printf("1. bare labeler:          %6.2f frames/s (labeler.label on JPEG-decoded frames, after warm-up)%n", bareFps);

    Topics topics = Topics.DEFAULTS;
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.startDefault()) {
      kafka.createTopics(KafkaTopics.defaults(topics, Math.max(2, parallelism)));
      JobOptions options = JobOptions.builder()
          .bootstrapServers(kafka.bootstrapServers()).topics(topics).groupId("bench")
          .model(model).device(DeviceSpec.auto()).parallelism(parallelism)
          .delivery(DeliveryMode.parse(delivery)).checkpointInterval(Duration.ofMillis(checkpointMs))
          .transactionTimeout(Duration.ofMinutes(5)).build();
      JobClient job = StreamingLabelingJob.onKafka(options, factory)
          .executeAsync(LocalFlink.environment(parallelism, 0, 0));
      try (MaskMeter meter = new MaskMeter(kafka.bootstrapServers(), topics.masks(), true)) {
        meter.awaitAssignment(Duration.ofSeconds(30));
        // Warm-up: the job opens its model and the transactions get going.
        publish(kafka, clip, "warmup", 10, PublishRate.parse("max"));
        awaitMasks(meter, 10, Duration.ofMinutes(3));
        meter.takeWindow();

        // 2. Saturated: all frames at once; the pipeline drains them as fast as it can.
        long before = meter.masks();
        long start = System.nanoTime();
        publish(kafka, clip, "saturate", frames, PublishRate.parse("max"));
        awaitMasks(meter, before + frames, Duration.ofMinutes(10));
        double drainFps = frames / ((System.nanoTime() - start) / 1e9);
        meter.takeWindow();
        System.out.printf("2. pipeline, saturated:   %6.2f frames/s (%d frames published at max rate, until the last mask is readable)%n",
            drainFps, frames);
        // The machine may be shared: measure the bare labeler again right after, compare with the mean.
        double bareAfter = bare(clip, factory);
        double bareMean = (bareFps + bareAfter) / 2;
        System.out.printf("   bare labeler again:    %6.2f frames/s (mean of both bare runs %.2f)%n", bareAfter, bareMean);
        System.out.printf("   ratio pipeline/bare:   %6.3f  (overhead %.1f%%; goal < 10%%)%n", drainFps / bareMean,
            100 * (1 - drainFps / bareMean));

        // 3. Steady rate below capacity: latency as a consumer sees it.
        double rate = Math.max(0.5, steadyLoad * bareFps * parallelism);
        int steadyFrames = (int) Math.round(rate * steadySeconds);
        before = meter.masks();
        start = System.nanoTime();
        publish(kafka, clip, "steady", steadyFrames, PublishRate.parse(String.format(java.util.Locale.ROOT, "%.3f", rate)));
        awaitMasks(meter, before + steadyFrames, Duration.ofMinutes(10));
        double steadyFps = steadyFrames / ((System.nanoTime() - start) / 1e9);
        MaskMeter.Window window = meter.takeWindow();
        System.out.printf("3. pipeline, steady %.2f frames/s in: %6.2f frames/s out; capture -> readable by consumer: "
            + "p50 %d ms, p95 %d ms, p99 %d ms (%d masks)%n", rate, steadyFps, window.percentile(0.5),
            window.percentile(0.95), window.percentile(0.99), window.count());
        System.out.printf("   masks read %d, duplicates %d%n", meter.masks(), meter.duplicates());
      } finally {
        DemoCommand.cancel(job);
      }
    }
    return 0;
  }

  private static void publish(EmbeddedKafkaBroker kafka, Path clip, String camera, long count, PublishRate rate) {
    try (FramePublisher publisher = FramePublisher.builder().setBootstrapServers(kafka.bootstrapServers())
        .optRate(rate).optLoop(true).optMaxFramesPerCamera(count).build()) {
      publisher.publish(List.of(CameraFeed.of(camera, clip)));
    }
  }

  private static void awaitMasks(MaskMeter meter, long target, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (meter.masks() < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + meter.masks() + " of " + target + " masks within " + timeout);
      }
      meter.poll(Duration.ofMillis(100));
    }
  }

  /** Frames/s of one labeler on the clip's frames, JPEG round-tripped like the publisher's. */
  private double bare(Path clip, SceneModelLabelerFactory factory) throws Exception {
    List<Mat> mats = new ArrayList<>();
    FrameEncoder jpeg = new FrameEncoder(ImageEncoding.JPEG, 90);
    try (FrameSource source = FrameSource.open(clip)) {
      while (mats.size() < Math.min(frames, 60)) {
        Optional<VideoFrame> next = source.next();
        if (next.isEmpty()) {
          break;
        }
        MatOfByte bytes = new MatOfByte(jpeg.encode(next.get().bgr()));
        mats.add(Imgcodecs.imdecode(bytes, Imgcodecs.IMREAD_COLOR));
        bytes.release();
        next.get().bgr().release();
      }
    }
    try (FrameLabeler labeler = factory.open(DeviceSpec.auto())) {
      for (int i = 0; i < 3; i++) {
        labeler.labelBatch(List.of(mats.get(i % mats.size())));
      }
      long start = System.nanoTime();
      for (int i = 0; i < frames; i++) {
        labeler.labelBatch(List.of(mats.get(i % mats.size())));
      }
      return frames / ((System.nanoTime() - start) / 1e9);
    } finally {
      mats.forEach(Mat::release);
    }
  }
}
