package dev.scenelabeler.jobs.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scenelabeler.connectors.video.FrameSource;
import dev.scenelabeler.connectors.video.MaskPngWriter;
import dev.scenelabeler.connectors.video.VideoException;
import dev.scenelabeler.connectors.video.VideoFrame;
import dev.scenelabeler.jobs.labeling.SceneModelLabelerFactory;
import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.testing.TestDataFiles;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch job on a MiniCluster: the test-data clip, the image folder and the truncated clip
 * labeled in parallel, one split each; outputs per video checked against the source frame
 * counts and the labeler API's masks.
 */
class BatchLabelingJobIT {

  private static final SceneModelLabelerFactory MODEL = SceneModelLabelerFactory.untrained("farabet2013", 42);
  /** Every third frame keeps the test short: 20 of the clip's 60 frames. */
  private static final Sampling EVERY_THIRD = new Sampling(3, 0, 0, 0);

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @TempDir Path out;

  @Test
  void shouldWriteMasksOverlayStatsAndSummaryPerVideoWithTheLabelerApisMasks() throws Exception {
    Path clip = TestDataFiles.streetClip();
    Path folder = TestDataFiles.root().resolve("folder");
    Path truncated = TestDataFiles.root().resolve("bad/truncated.mp4");
    List<VideoInput> videos = List.of(
        new VideoInput("street", clip.toString(), out.resolve("street").toString()),
        new VideoInput("folder", folder.toString(), out.resolve("folder").toString()),
        new VideoInput("truncated", truncated.toString(), out.resolve("truncated").toString()));
    JobOptions options = JobOptions.builder().device(DeviceSpec.cpu()).parallelism(2).build();
    String runId = "batch-it-" + System.nanoTime();
    BatchLabelingJob job = BatchLabelingJob.toFiles(options, videos, EVERY_THIRD, runId, MODEL);

    job.execute(StreamExecutionEnvironment.getExecutionEnvironment());

    try (Stream<Path> files = Files.walk(out)) {
      files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/masks/"))
          .forEach(p -> System.out.println("output " + out.relativize(p) + " (" + p.toFile().length() + " bytes)"));
    }
    try (SceneModel model = MODEL.loadModel(DeviceSpec.cpu()); SceneLabeler api = model.newLabeler()) {
      int street = assertOutputsMatchTheSource(api, clip, out.resolve("street"), true);
      assertThat(street).isEqualTo(20);
      int folderFrames = assertOutputsMatchTheSource(api, folder, out.resolve("folder"), true);
      assertThat(folderFrames).isEqualTo(1); // frames 0, 1, 2 sampled every third: frame 0
      // The truncated clip: the frames before the damage are labeled, the damage is reported.
      int truncatedFrames = assertOutputsMatchTheSource(api, truncated, out.resolve("truncated"), true);
      assertThat(truncatedFrames).isEqualTo(8); // frames 0..23 decode, every third: 0, 3, ..., 21
      assertThat(Files.readString(out.resolve("truncated/error.txt"))).containsIgnoringCase("truncated.mp4");
      System.out.printf("frames labeled: street %d, folder %d, truncated %d (then: %s)%n", street, folderFrames,
          truncatedFrames, Files.readString(out.resolve("truncated/error.txt")).trim());
    }
    BatchProgress.VideoProgress progress = BatchProgress.of(runId).video("street");
    assertThat(progress.framesWritten()).isEqualTo(20);
    assertThat(progress.done()).isTrue();
  }

  /** Checks one video's outputs; returns its frame count. */
  private static int assertOutputsMatchTheSource(SceneLabeler api, Path source, Path dir, boolean overlay)
      throws Exception {
    List<Long> indices = new ArrayList<>();
    int width = 0;
    int height = 0;
    try (FrameSource frames = FrameSource.open(source, EVERY_THIRD.toOptions())) {
      while (true) {
        Optional<VideoFrame> next;
        try {
          next = frames.next();
        } catch (VideoException damaged) {
          break;
        }
        if (next.isEmpty()) {
          break;
        }
        VideoFrame frame = next.get();
        try {
          width = frame.width();
          height = frame.height();
          byte[] expected = api.label(frame.bgr()).classes();
          Path maskFile = new MaskPngWriter(dir.resolve("masks")).fileFor(frame.index());
          assertThat(MaskPngWriter.readPng(maskFile, width, height)).as("mask of %s frame %d", source, frame.index())
              .isEqualTo(expected);
          indices.add(frame.index());
        } finally {
          frame.bgr().release();
        }
      }
    }
    try (Stream<Path> masks = Files.list(dir.resolve("masks"))) {
      assertThat(masks.count()).isEqualTo(indices.size());
    }
    assertThat(Files.readAllLines(dir.resolve("stats.jsonl"))).hasSize(indices.size());
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
    assertThat(summary.get("frames").asInt()).isEqualTo(indices.size());
    assertThat(summary.get("width").asInt()).isEqualTo(width);
    assertThat(Files.size(dir.resolve("shares.png"))).isPositive();
    if (overlay) {
      int overlayFrames = 0;
      try (FrameSource video = FrameSource.open(dir.resolve("overlay.mp4"))) {
        Optional<VideoFrame> f;
        while ((f = video.next()).isPresent()) {
          f.get().bgr().release();
          overlayFrames++;
        }
      }
      assertThat(overlayFrames).isEqualTo(indices.size());
    }
    return indices.size();
  }
}
