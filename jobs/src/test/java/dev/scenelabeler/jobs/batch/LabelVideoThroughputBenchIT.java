package dev.scenelabeler.jobs.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scenelabeler.connectors.video.FrameSource;
import dev.scenelabeler.connectors.video.FrameSourceOptions;
import dev.scenelabeler.connectors.video.RecordedClips;
import dev.scenelabeler.connectors.video.VideoFrame;
import dev.scenelabeler.jobs.labeling.SceneModelLabelerFactory;
import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.testing.FlinkMiniClusters;
import dev.scenelabeler.jobs.testing.TestDataFiles;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

/**
 * Benchmark, printed not asserted: label-video's throughput against the bare labeler on the same
 * frames, in one run. The bare labeler labels frames decoded beforehand, one at a time (the CPU
 * batch size), from a freshly loaded model, on a thread of its own, before and after the job;
 * label-video's time is its video's elapsed time (decode, label, masks, overlay, stats) after the
 * model is loaded, and the whole job's wall time is printed too. The input is the test-data clip
 * (60 frames) played {@code bench.loops} times in a row (default 10: 600 frames, 40 s of video), so
 * that opening and closing the files is not what is measured. {@code
 * -Dbench.model=DIR|default|untrained:NET}, {@code -Dbench.every=N} (default 1: every frame),
 * {@code -Dbench.loops=N}, {@code -Dbench.rounds=N} (default 2). Needs the {@code ffmpeg} command.
 * Runs only when asked, it takes minutes on a CPU: {@code mvn -pl jobs test
 * -Dtest=LabelVideoThroughputBenchIT -Dbench.labelVideo=true}.
 */
class LabelVideoThroughputBenchIT {

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniClusters.withSlots(1);

  @TempDir Path out;

  @Test
  void shouldPrintLabelVideoThroughputAgainstTheBareLabelerOnTheSameFrames() throws Exception {
    Assumptions.assumeTrue(
        Boolean.getBoolean("bench.labelVideo"), "benchmark: run with -Dbench.labelVideo=true");
    SceneModelLabelerFactory model =
        SceneModelLabelerFactory.of(System.getProperty("bench.model", "default"));
    FrameSourceOptions sampling =
        FrameSourceOptions.defaults().every(Integer.getInteger("bench.every", 1));
    Path clip = out.resolve("street-looped.mp4");
    RecordedClips.ffmpeg(
        "-stream_loop",
        String.valueOf(Integer.getInteger("bench.loops", 10) - 1),
        "-i",
        TestDataFiles.streetClip().toString(),
        "-c",
        "copy",
        clip.toString());

    List<Mat> frames = new ArrayList<>();
    try (FrameSource source = FrameSource.open(clip, sampling)) {
      Optional<VideoFrame> next;
      while ((next = source.next()).isPresent()) {
        frames.add(next.get().bgr());
      }
    }
    // The machine is shared: bare labeler and job take turns, and the best of each is compared.
    int rounds = Integer.getInteger("bench.rounds", 2);
    JobOptions options = JobOptions.builder().device(DeviceSpec.cpu()).parallelism(1).build();
    List<VideoInput> videos =
        List.of(new VideoInput("street", clip.toString(), out.resolve("street").toString()));
    List<Double> bareTimes = new ArrayList<>();
    List<Double> videoTimes = new ArrayList<>();
    List<Double> jobTimes = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      bareTimes.add(bareLabelerSeconds(model, frames));
      long jobStart = System.nanoTime();
      List<VideoResult> results =
          BatchLabelingJob.toFiles(options, videos, sampling, model)
              .execute(StreamExecutionEnvironment.getExecutionEnvironment());
      jobTimes.add((System.nanoTime() - jobStart) / 1e9);
      assertThat(results.get(0).framesWritten()).isEqualTo(frames.size());
      videoTimes.add(
          new ObjectMapper()
              .readTree(out.resolve("street/summary.json").toFile())
              .get("elapsedSeconds")
              .asDouble());
    }
    frames.forEach(Mat::release);
    double bare = frames.size() / bareTimes.stream().mapToDouble(d -> d).min().orElseThrow();
    double batch = frames.size() / videoTimes.stream().mapToDouble(d -> d).min().orElseThrow();
    System.out.printf(
        "[bench] label-video throughput vs bare labeler (%s, CPU, %d frames of 480x360, best of"
            + " %d): bare labeler %.2f frames/s, label-video %.2f frames/s (decode + label + masks"
            + " + overlay + stats), ratio %.2f%n",
        model.describe(), frames.size(), rounds, bare, batch, batch / bare);
    System.out.printf(
        "[bench] seconds per round: bare labeler %s, label-video %s, whole job incl. Flink start"
            + " and model load %s%n",
        rounded(bareTimes), rounded(videoTimes), rounded(jobTimes));
  }

  private static List<String> rounded(List<Double> seconds) {
    return seconds.stream().map(s -> String.format("%.1f", s)).toList();
  }

  /**
   * Seconds the bare labeler takes for {@code frames}, one at a time, from a freshly loaded model
   * (as the job's).
   */
  private static double bareLabelerSeconds(SceneModelLabelerFactory model, List<Mat> frames)
      throws Exception {
    // On a thread of its own, as a Flink task labels: on surefire's main thread PyTorch ran 2x
    // slower here.
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      return thread.submit(() -> timeLabeling(model, frames)).get();
    } finally {
      thread.shutdown();
    }
  }

  private static double timeLabeling(SceneModelLabelerFactory model, List<Mat> frames) {
    try (SceneModel loaded = model.loadModel(DeviceSpec.cpu());
        SceneLabeler labeler = loaded.newLabeler()) {
      long start = System.nanoTime();
      for (Mat frame : frames) {
        labeler.label(frame);
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }
}
