package dev.scenelabeler.jobs.bench;

import static dev.scenelabeler.jobs.options.JobOptionDeclarations.*;

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
import dev.scenelabeler.jobs.labeling.FrameLabeler;
import dev.scenelabeler.jobs.labeling.SceneModelLabelerFactory;
import dev.scenelabeler.jobs.local.CameraTally;
import dev.scenelabeler.jobs.local.DemoClip;
import dev.scenelabeler.jobs.local.LocalFlink;
import dev.scenelabeler.jobs.local.MaskMeter;
import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.options.JobOptionsMixin;
import dev.scenelabeler.jobs.streaming.StreamingLabelingJob;
import dev.scenelabeler.models.DeviceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./scene-labeler bench-pipeline}: what the pipeline costs over the bare labeler, in
 * one run on this machine. (1) The bare labeler's frames/s on the clip's frames (JPEG-decoded,
 * as the job sees them). (2) The same frames published at full speed through Kafka -> Flink
 * (archive mode: every frame labeled) -> Kafka -> a read_committed consumer: frames/s in steady
 * state (the masks labeled after the publisher finished, so job startup and the publisher's own
 * decoding are not counted), in {@code --rounds} rounds, each between two runs of the bare
 * labeler, and the ratio pipeline/bare: a shared machine whose speed drifts by tens of percent
 * from one minute to the next slows both sides of each round alike. (3) A steady input rate
 * below capacity: frames/s and capture-to-consumer latency p50/p95/p99. Each phase waits until its queue is drained. (4)
 * Overload: a live-mode job, three cameras sending together {@code --overload-factor} times
 * what the labeler can do: per camera, frames in, labeled, skipped, dead letters, duplicates
 * and capture -> mask p50/p95/p99, one line each starting with {@code overload}.
 */
@Command(name = "bench-pipeline", mixinStandardHelpOptions = true,
    description = {"Bare labeler vs publisher -> Kafka -> Flink -> Kafka -> consumer, in one run.",
        "Example: ./scene-labeler bench-pipeline --frames 120 --steady-seconds 30"})
public final class BenchPipelineCommand implements Callable<Integer> {

  @Option(names = "--video", description = "Clip to use (default: the test-data clip).")
  Path video;

  /** The job's flags that make sense here; parallelism 1 compares like with like: one labeler, the engine's threads. */
  @Mixin JobOptionsMixin jobOptions = JobOptionsMixin.of(JobOptions.builder().parallelism(1),
      MODEL, WORKING_SIZE, PARALLELISM, DELIVERY, CHECKPOINT_INTERVAL, MAX_FRAME_AGE);

  @Option(names = "--frames", defaultValue = "1000", description = "Frames of the first bare run and of the saturated phase, split over its rounds "
      + "(default: ${DEFAULT-VALUE}).")
  int frames;

  /**
   * Warm-up: the job opens its model, the transactions get going and the JIT compiles the frame
   * path. After 200 frames the compiler threads still took 0.1-0.3 of a core through the
   * saturated phase (Kafka's client and broker code, Flink's record path), on the core the
   * labeler's thread then waits for.
   */
  @Option(names = "--warmup-frames", defaultValue = "1000", description = "Frames the pipeline labels before anything "
      + "is measured, so that the JIT compiler is mostly done (default: ${DEFAULT-VALUE}).")
  int warmupFrames;

  @Option(names = "--rounds", defaultValue = "3", description = "The saturated phase's rounds: --frames split over them, "
      + "each round between two bare-labeler runs of as many frames, so that a machine whose speed drifts "
      + "slows both alike (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--steady-seconds", defaultValue = "30", description = "Length of the steady-rate run (default: ${DEFAULT-VALUE}).")
  int steadySeconds;

  @Option(names = "--steady-load", defaultValue = "0.5", description = "Steady input rate as a share of the bare frames/s (default: ${DEFAULT-VALUE}).")
  double steadyLoad;

  @Option(names = "--overload-seconds", defaultValue = "60", description = "Length of the overload phase, 0 to leave it out (default: ${DEFAULT-VALUE}).")
  int overloadSeconds;

  @Option(names = "--overload-factor", defaultValue = "3", description = "Overload input rate as a multiple of the bare frames/s (default: ${DEFAULT-VALUE}).")
  double overloadFactor;

  private JobOptions requested; // the flags over the bench's defaults
  private int parallelism;
  private double frameMs; // one frame's labeling time by the bare runs' mean, for the latency goals

  /** The overload cameras and their shares of the overload rate: one fast, one medium, one slow. */
  private static final Map<String, Double> OVERLOAD_SHARES = Map.of("over-fast", 0.65, "over-medium", 0.25, "over-slow", 0.10);

  @Override
  public Integer call() throws Exception {
    requested = jobOptions.toOptions();
    if (rounds < 1 || frames < rounds) {
      throw new IllegalArgumentException("--rounds must be 1.." + frames + " (at least a frame a round), got " + rounds);
    }
    parallelism = requested.parallelism().orElse(1);
    Path clip = video != null ? video : DemoClip.locate();
    SceneModelLabelerFactory factory = requested.labelerFactory();
    System.out.printf("bench-pipeline: %s, model %s, %d frames, parallelism %d, %s, %d cores%n", clip,
        factory.describe(), frames, parallelism, requested.delivery(), Runtime.getRuntime().availableProcessors());

    try (BareLabeler bare = BareLabeler.open(clip, factory, Math.min(frames, 60))) {
      double bareFps = bare.fps(frames);
      System.out.printf("1. bare labeler:          %6.2f frames/s (labeler.label on JPEG-decoded frames, after warm-up)%n", bareFps);
      onBroker(clip, factory, bare, bareFps);
    }
    return 0;
  }

  /** Phases 2 to 4, on an embedded broker. */
  private void onBroker(Path clip, SceneModelLabelerFactory factory, BareLabeler bare, double bareFps) throws Exception {
    Topics topics = Topics.DEFAULTS;
    try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.startDefault()) {
      kafka.createTopics(KafkaTopics.defaults(topics, Math.max(2, parallelism)));
      JobOptions options = onBroker(kafka, topics, "bench").archive().build();
      JobClient job = StreamingLabelingJob.onKafka(options, factory)
          .executeAsync(LocalFlink.environment(parallelism, 0, 0));
      try (MaskMeter meter = new MaskMeter(kafka.bootstrapServers(), topics.masks(), true)) {
        meter.awaitAssignment(Duration.ofSeconds(30));
        publish(kafka, clip, "warmup", warmupFrames, PublishRate.parse("max"));
        awaitMasks(meter, warmupFrames, Duration.ofMinutes(10));
        meter.takeWindow();

        drain(meter);
        meter.takeWindow();

        double bareMean = saturated(kafka, clip, meter, bare);
        frameMs = 1000 / bareMean;

        // 3. Steady rate below capacity: latency as a consumer sees it. The camera sends frames encoded
        // beforehand, so the publisher's decoding and encoding do not take CPU from the pipeline.
        double rate = Math.max(0.5, steadyLoad * bareFps * parallelism);
        ClipJpegs jpegs = ClipJpegs.read(clip, 60);
        PacedCameras steady = new PacedCameras(kafka.bootstrapServers(), topics.frames(), jpegs.jpegs(), jpegs.width(),
            jpegs.height());
        long before = meter.masks();
        long start = System.nanoTime();
        long steadyFrames = sendWhilePolling(steady, List.of(new PacedCameras.Camera("steady", rate)),
            Duration.ofSeconds(steadySeconds), Duration.ZERO, () -> meter.poll(Duration.ofMillis(100))).total().get("steady");
        awaitMasks(meter, before + steadyFrames, Duration.ofMinutes(10));
        double steadyFps = steadyFrames / ((System.nanoTime() - start) / 1e9); // until the last mask is readable
        drain(meter);
        MaskMeter.Window window = meter.takeWindow();
        System.out.printf("3. pipeline, steady %.2f frames/s in: %6.2f frames/s out; capture -> readable by consumer: "
            + "p50 %d ms, p95 %d ms, p99 %d ms (%d masks)%n", rate, steadyFps, window.percentile(0.5),
            window.percentile(0.95), window.percentile(0.99), window.count());
        long checkpointMs = requested.checkpointInterval().toMillis();
        System.out.printf("   goal p99 <= %d ms (2 x one frame's labeling time %.1f ms + checkpoint interval %d ms)%n",
            Math.round(2 * frameMs + checkpointMs), frameMs, checkpointMs);
        System.out.printf("   masks read %d, duplicates %d%n", meter.masks(), meter.duplicates());
      } finally {
        LocalFlink.cancel(job);
      }
      if (overloadSeconds > 0) {
        overload(kafka, clip, factory, bareFps);
      }
    }
  }

  /**
   * 2. Saturated: {@code rounds} times, frames published at full speed, drained by the pipeline
   * as fast as it can, each round between two bare-labeler runs of as many frames; prints the
   * pipeline's frames/s, the bare frames/s and their ratio, per round and over all rounds.
   *
   * @return the bare labeler's frames/s, the mean of its runs in this phase
   */
  private double saturated(EmbeddedKafkaBroker kafka, Path clip, MaskMeter meter, BareLabeler bare) {
    int perRound = Math.max(1, frames / rounds);
    List<Double> bareRuns = new ArrayList<>(List.of(bare.fps(perRound)));
    long masksCounted = 0;
    long intervals = 0; // between consecutive masks, what labelingRate counts
    double countedSeconds = 0;
    List<String> ratios = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      String camera = "saturate-" + round;
      long before = meter.masks();
      publish(kafka, clip, camera, perRound, PublishRate.parse("max"));
      long publishedAt = System.currentTimeMillis();
      awaitMasks(meter, before + perRound, Duration.ofMinutes(10));
      // Steady state: the masks labeled after the publisher finished (its decoding and encoding no longer
      // share the cores), by their own labeling times (not quantized by the checkpoints that commit them).
      double fps = meter.labelingRate(camera, publishedAt);
      long masks = meter.labeledAfter(camera, publishedAt);
      drain(meter);
      meter.takeWindow();
      bareRuns.add(bare.fps(perRound));
      double ratio = fps / ((bareRuns.get(round - 1) + bareRuns.get(round)) / 2);
      System.out.printf("   round %d: pipeline %6.2f frames/s (%d masks labeled after the last of %d frames was published), "
          + "bare before and after %.2f / %.2f, ratio %.3f%n", round, fps, masks, perRound, bareRuns.get(round - 1),
          bareRuns.get(round), ratio);
      ratios.add(String.format(Locale.ROOT, "%.3f", ratio));
      if (masks >= 2) { // fewer give no rate (NaN)
        masksCounted += masks;
        intervals += masks - 1;
        countedSeconds += (masks - 1) / fps;
      }
    }
    double pipelineFps = intervals / countedSeconds;
    double bareMean = bareRuns.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    System.out.printf("2. pipeline, saturated:   %6.2f frames/s (%d rounds of %d frames published at max rate; steady state: "
        + "the %d masks labeled after each round's last frame was published)%n", pipelineFps, rounds, perRound, masksCounted);
    System.out.printf("   bare labeler again:    %6.2f frames/s (mean of the %d bare runs before, between and after the rounds: %s)%n",
        bareMean, bareRuns.size(), bareRuns.stream().map(f -> String.format(Locale.ROOT, "%.2f", f)).toList());
    System.out.printf("   ratio pipeline/bare:   %6.3f  (overhead %.1f%%; goal < 10%%; per round %s)%n", pipelineFps / bareMean,
        100 * (1 - pipelineFps / bareMean), String.join(", ", ratios));
    return bareMean;
  }

  /** 4. A live job, cameras sending overloadFactor x capacity: what each camera gets. */
  private void overload(EmbeddedKafkaBroker kafka, Path clip, SceneModelLabelerFactory factory, double bareFps)
      throws Exception {
    Topics topics = new Topics("overload-frames", "overload-masks", "overload-stats", "overload-dlq");
    kafka.createTopics(KafkaTopics.defaults(topics, Math.max(2, parallelism)));
    JobOptions options = onBroker(kafka, topics, "bench-overload").live(requested.maxFrameAge()).build();
    double totalFps = overloadFactor * bareFps * parallelism;
    List<PacedCameras.Camera> cameras = OVERLOAD_SHARES.entrySet().stream().sorted(Map.Entry.comparingByValue(
        java.util.Comparator.reverseOrder())).map(e -> new PacedCameras.Camera(e.getKey(), e.getValue() * totalFps)).toList();
    ClipJpegs jpegs = ClipJpegs.read(clip, 60);
    JobClient job = StreamingLabelingJob.onKafka(options, factory).executeAsync(LocalFlink.environment(parallelism, 0, 0));
    try (CameraTally tally = new CameraTally(kafka.bootstrapServers(), topics, false)) {
      tally.awaitAssignment(Duration.ofSeconds(30));
      // Warm-up: a frame a second until the first mask is readable (model loaded, transactions going).
      PacedCameras warmup = new PacedCameras(kafka.bootstrapServers(), topics.frames(), jpegs.jpegs(), jpegs.width(), jpegs.height());
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (tally.counts("warmup").labeled() == 0 && System.nanoTime() < deadline) {
        warmup.run(List.of(new PacedCameras.Camera("warmup", 1)), Duration.ofSeconds(1), Duration.ZERO);
        tally.poll(Duration.ofMillis(100));
      }
      System.out.printf("4. overload: %.2f frames/s in (%.1f x the bare labeler) for %d s, live mode, max frame age %d ms, "
          + "then %d s of one frame/s per camera%n", totalFps, overloadFactor, overloadSeconds, requested.maxFrameAge().toMillis(),
          PacedCameras.COOL_DOWN.toSeconds());
      long budgetMs = requested.maxFrameAge().toMillis();
      System.out.printf("   goal per camera: capture -> mask p99 <= %d ms (max frame age %d ms + 2 x one frame's labeling "
          + "time %.1f ms), labeled + skipped + dead letters = in, duplicates 0%n", Math.round(budgetMs + 2 * frameMs),
          budgetMs, frameMs);
      PacedCameras phase = new PacedCameras(kafka.bootstrapServers(), topics.frames(), jpegs.jpegs(), jpegs.width(), jpegs.height());
      PacedCameras.Sent[] sent = {sendWhilePolling(phase, cameras, Duration.ofSeconds(overloadSeconds),
          PacedCameras.COOL_DOWN, () -> tally.poll(Duration.ofMillis(200)))};
      // Drained: every frame sent has its mask, skip or dead letter, or nothing more comes.
      long quietSince = System.nanoTime();
      long lastSeen = -1;
      while (System.nanoTime() - quietSince < Duration.ofSeconds(5).toNanos()) {
        tally.poll(Duration.ofMillis(200));
        long seen = tally.cameras().values().stream().mapToLong(c -> c.labeled() + c.skipped() + c.deadLetters()).sum();
        if (seen != lastSeen) {
          lastSeen = seen;
          quietSince = System.nanoTime();
        }
      }
      for (PacedCameras.Camera camera : cameras) {
        CameraTally.Camera counts = tally.counts(camera.id());
        long in = sent[0].total().get(camera.id());
        MaskMeter.Window latency = counts.latencies(sent[0].overload().get(camera.id()));
        MaskMeter.Window labeling = counts.labelingLatencies(sent[0].overload().get(camera.id()));
        System.out.printf(Locale.ROOT, "overload %-11s %5.2f frames/s: in %d, labeled %d, skipped %d, dead letters %d, "
            + "unaccounted %d, duplicates %d; capture -> mask p50 %d ms, p95 %d ms, p99 %d ms; capture -> readable "
            + "(committed) p50 %d ms, p95 %d ms, p99 %d ms (%d masks of the overload)%n",
            camera.id(), camera.fps(), in, counts.labeled(), counts.skipped(), counts.deadLetters(),
            in - counts.labeled() - counts.skipped() - counts.deadLetters(), counts.duplicates(),
            labeling.percentile(0.5), labeling.percentile(0.95), labeling.percentile(0.99),
            latency.percentile(0.5), latency.percentile(0.95), latency.percentile(0.99), latency.count());
      }
    } finally {
      LocalFlink.cancel(job);
    }
  }

  /**
   * Runs the cameras on a thread of their own while {@code poll} reads what comes back, so that a
   * mask's latency is taken when it arrives, not when the sending is over.
   */
  private static PacedCameras.Sent sendWhilePolling(PacedCameras phase, List<PacedCameras.Camera> cameras,
      Duration duration, Duration coolDown, Runnable poll) throws InterruptedException {
    PacedCameras.Sent[] sent = new PacedCameras.Sent[1];
    Thread sender = new Thread(() -> {
      try {
        sent[0] = phase.run(cameras, duration, coolDown);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bench-cameras");
    sender.start();
    while (sender.isAlive()) {
      poll.run();
    }
    sender.join();
    return sent[0];
  }

  /** The job options of one phase: the flags given, on the bench's broker and topics. */
  private JobOptions.Builder onBroker(EmbeddedKafkaBroker kafka, Topics topics, String group) {
    return requested.toBuilder().bootstrapServers(kafka.bootstrapServers()).topics(topics).groupId(group)
        .transactionTimeout(Duration.ofMinutes(5));
  }

  /** Polls until no mask has arrived for a few checkpoint intervals: the job's queue is empty. */
  private void drain(MaskMeter meter) {
    long quiet = Math.max(2_000, 3 * requested.checkpointInterval().toMillis()) * 1_000_000L;
    long last = meter.masks();
    long since = System.nanoTime();
    while (System.nanoTime() - since < quiet) {
      meter.poll(Duration.ofMillis(100));
      if (meter.masks() != last) {
        last = meter.masks();
        since = System.nanoTime();
      }
    }
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

  /**
   * One labeler on the clip's first frames, JPEG round-tripped like the publisher's, decoded
   * beforehand: what the pipeline's labeler could do with nothing around it.
   */
  private static final class BareLabeler implements AutoCloseable {
    private final FrameLabeler labeler;
    private final List<Mat> mats;

    private BareLabeler(FrameLabeler labeler, List<Mat> mats) {
      this.labeler = labeler;
      this.mats = mats;
    }

    static BareLabeler open(Path clip, SceneModelLabelerFactory factory, int distinctFrames) throws Exception {
      List<Mat> mats = new ArrayList<>();
      for (byte[] jpeg : ClipJpegs.read(clip, distinctFrames).jpegs()) {
        MatOfByte bytes = new MatOfByte(jpeg);
        mats.add(Imgcodecs.imdecode(bytes, Imgcodecs.IMREAD_COLOR));
        bytes.release();
      }
      BareLabeler bare;
      try {
        bare = new BareLabeler(factory.open(DeviceSpec.auto()), mats);
      } catch (Exception | Error e) {
        mats.forEach(Mat::release);
        throw e;
      }
      try {
        bare.fps(3); // warm-up
      } catch (RuntimeException | Error e) {
        bare.close();
        throw e;
      }
      return bare;
    }

    /** Frames/s labeling {@code count} frames one at a time. */
    double fps(int count) {
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        labeler.labelBatch(List.of(mats.get(i % mats.size())));
      }
      return count / ((System.nanoTime() - start) / 1e9);
    }

    @Override
    public void close() throws Exception {
      try {
        labeler.close();
      } finally {
        mats.forEach(Mat::release);
      }
    }
  }

  /** The first frames of a clip as the publisher sends them: JPEG, quality 90. */
  record ClipJpegs(List<byte[]> jpegs, int width, int height) {
    static ClipJpegs read(Path clip, int count) throws Exception {
      List<byte[]> jpegs = new ArrayList<>();
      FrameEncoder jpeg = new FrameEncoder(ImageEncoding.JPEG, 90);
      int width = 0;
      int height = 0;
      try (FrameSource source = FrameSource.open(clip)) {
        while (jpegs.size() < count) {
          Optional<VideoFrame> next = source.next();
          if (next.isEmpty()) {
            break;
          }
          Mat bgr = next.get().bgr();
          width = bgr.cols();
          height = bgr.rows();
          jpegs.add(jpeg.encode(bgr));
          bgr.release();
        }
      }
      if (jpegs.isEmpty()) {
        throw new IllegalArgumentException("no frames in " + clip);
      }
      return new ClipJpegs(jpegs, width, height);
    }
  }
}
