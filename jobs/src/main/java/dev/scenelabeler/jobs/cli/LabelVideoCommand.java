package dev.scenelabeler.jobs.cli;

import dev.scenelabeler.connectors.video.FrameSize;
import dev.scenelabeler.jobs.batch.BatchLabelingJob;
import dev.scenelabeler.jobs.batch.BatchProgress;
import dev.scenelabeler.jobs.batch.Sampling;
import dev.scenelabeler.jobs.batch.VideoInput;
import dev.scenelabeler.jobs.batch.VideoInputs;
import dev.scenelabeler.jobs.demo.LocalFlink;
import dev.scenelabeler.jobs.labeling.SceneModelLabelerFactory;
import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.options.JobOptionsMixin;
import dev.scenelabeler.jobs.streaming.KafkaWiring;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./scene-labeler label-video}: the batch job over video files, with progress. */
@Command(name = "label-video", mixinStandardHelpOptions = true,
    description = {"Labels video files (or image folders) with a Flink job in BATCH mode, files in parallel.",
        "Per video: masks/mask-NNNNNN.png, overlay.mp4, stats.jsonl, summary.json, shares.png.",
        "Example: ./scene-labeler label-video test-data/street/street-480x360-15fps.mp4 --out out/street",
        "         ./scene-labeler label-video 'clips/*.mp4' -p 2 --every 2"})
public final class LabelVideoCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "VIDEO|FOLDER|GLOB", description = "Video files, folders of videos or images, or globs.")
  List<String> inputs;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/label-video",
      description = "Output folder; one subfolder per video (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--every", paramLabel = "N", description = "Label every N-th frame only.")
  int every;

  @Option(names = "--fps", paramLabel = "F", description = "Label at most F frames per second of video.")
  double fps;

  @Option(names = "--resize", paramLabel = "WxH", description = "Resize frames before labeling, e.g. 480x360.")
  String resize;

  @Option(names = "--to-kafka", description = "Publish mask records to the masks topic (--bootstrap, --masks-topic) instead of files.")
  boolean toKafka;

  @Mixin JobOptionsMixin jobOptions;

  @Override
  public Integer call() throws Exception {
    if (every > 0 && fps > 0) {
      throw new IllegalArgumentException("--every and --fps cannot be combined");
    }
    FrameSize size = resize == null ? null : FrameSize.parse(resize, "--resize");
    Sampling sampling = new Sampling(every, fps, size == null ? 0 : size.width(), size == null ? 0 : size.height());
    JobOptions options = jobOptions.toOptions();
    if (options.checkpointDir().isPresent()) {
      throw new IllegalArgumentException("--checkpoint-dir (checkpoint.dir) is for stream; label-video does not checkpoint");
    }
    List<VideoInput> videos = VideoInputs.expand(inputs, out);
    String runId = UUID.randomUUID().toString();
    var factory = SceneModelLabelerFactory.of(options.model());
    BatchLabelingJob job = toKafka
        ? new BatchLabelingJob(options, videos, sampling, runId, KafkaWiring.maskSink(options), factory)
        : BatchLabelingJob.toFiles(options, videos, sampling, runId, factory);
    PrintStream err = System.err;
    err.printf("Labeling %d video(s) with %s on %d subtask(s) -> %s%n", videos.size(), factory.describe(),
        job.parallelism(), toKafka ? "topic " + options.topics().masks() + " at " + options.bootstrapServers() : out.toAbsolutePath());
    ProgressPrinter printer = new ProgressPrinter(BatchProgress.of(runId), videos, err);
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "progress");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(printer::print, 1, 1, TimeUnit.SECONDS);
    long start = System.nanoTime();
    try {
      job.execute(LocalFlink.environment(LocalFlink.loopbackConfiguration()));
    } finally {
      ticker.shutdownNow();
      printer.print();
      err.println();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, BatchProgress.VideoProgress> progress = BatchProgress.of(runId).videos();
    long frames = progress.values().stream().mapToLong(toKafka ? BatchProgress.VideoProgress::framesRead
        : BatchProgress.VideoProgress::framesWritten).sum();
    System.out.printf("Labeled %d frames of %d video(s) in %.1f s (%.2f frames/s)%n", frames, videos.size(), seconds, frames / seconds);
    int failed = 0;
    for (VideoInput video : videos) {
      BatchProgress.VideoProgress p = progress.get(video.cameraId());
      long n = p == null ? 0 : toKafka ? p.framesRead() : p.framesWritten();
      System.out.printf("  %s: %d frames%s%n", video.path(), n, toKafka ? "" : " -> " + video.outputDir());
      if (!toKafka && Files.isDirectory(video.output())) {
        try (Stream<Path> files = Files.list(video.output())) {
          files.sorted().forEach(f -> System.out.println("      " + f.getFileName() + (Files.isDirectory(f) ? "/ " + count(f) + " files" : "")));
        }
      }
      if (p != null && p.error() != null) {
        failed++;
        System.out.println("      ERROR: " + p.error());
      }
    }
    BatchProgress.forget(runId);
    if (failed > 0) {
      System.err.printf("error: %d video(s) could not be read to their end (frames before the damage were labeled)%n", failed);
      return 1;
    }
    return 0;
  }

  private static long count(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  /** One line per video with a bar, and an overall line; redrawn in place on a terminal. */
  static final class ProgressPrinter {
    private final BatchProgress progress;
    private final List<VideoInput> videos;
    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private int linesDrawn;

    ProgressPrinter(BatchProgress progress, List<VideoInput> videos, PrintStream out) {
      this.progress = progress;
      this.videos = videos;
      this.out = out;
    }

    synchronized void print() {
      StringBuilder text = new StringBuilder();
      if (terminal && linesDrawn > 0) {
        text.append("\033[").append(linesDrawn).append("F"); // back to the first line drawn
      }
      long done = 0;
      long expected = 0;
      boolean totalKnown = true;
      for (VideoInput video : videos) {
        BatchProgress.VideoProgress p = progress.video(video.cameraId());
        long n = Math.max(p.framesWritten(), 0);
        long total = p.expectedFrames();
        done += n;
        if (total < 0) {
          totalKnown = false;
        } else {
          expected += total;
        }
        String state = p.error() != null ? " damaged" : p.done() ? " done" : "";
        text.append(line(video.cameraId(), n, total)).append(state).append("\033[K\n");
      }
      text.append(line("overall", done, totalKnown ? expected : -1)).append("\033[K\n");
      linesDrawn = videos.size() + 1;
      out.print(terminal ? text : text.toString().replace("\033[K", ""));
      out.flush();
    }

    private static String line(String name, long n, long total) {
      int width = 30;
      int filled = total > 0 ? (int) Math.min(width, n * width / total) : 0;
      String bar = "#".repeat(filled) + ".".repeat(width - filled);
      String count = total >= 0 ? n + "/" + total : n + "/?";
      String pct = total > 0 ? String.format(" %3d%%", n * 100 / total) : "";
      return String.format("  %-24s [%s] %s%s", name.length() > 24 ? name.substring(0, 24) : name, bar, count, pct);
    }
  }
}
